/**
 * Issue 5, case 1: while publish runs again and again, a reader querying customer_360 in a loop
 * never gets an error, never sees zero rows or a partial table: every read is one complete
 * published version (row count + checksum).
 *
 * On PostgreSQL the readers are their own sessions, one with the simple protocol and one with a
 * named prepared statement (a cached plan naming the old table by OID), both READ COMMITTED.
 * (A REPEATABLE READ transaction whose snapshot predates a full run's swap sees the new table
 * empty: a PostgreSQL caveat of every DDL swap, like TRUNCATE; docs/reliability.md says so.)
 * A reader queued behind the swap's lock does not fail with "could not open relation with OID":
 * PostgreSQL looks the name up again once the lock is granted. PGlite has one session, so its
 * reads take turns with publish's statements (its queue is first come, first served).
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installCapture } from '../../core/capture.js';
import type { RunRequest } from '../../core/prepare.js';
import { publish } from '../../core/publish.js';
import { databaseTargets, type TestDatabase } from '../support/databases.js';
import { loadSmallSample } from './support/fixture.js';
import { prepareAndStage, runToPublish, SETTINGS } from './support/runs.js';
import { holdInTransaction, lockWaiters, waitUntil } from './support/sessions.js';
import { tableVersion, VERSION_SQL, type TableVersion } from './support/tables.js';

const PUBLISHES = 6;

type Read = (() => Promise<TableVersion>) & { close?: () => Promise<void> };

async function serverReader(url: string, named: boolean): Promise<Read> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const read: Read = async () => {
    const { rows } = await client.query<{ rows: number; checksum: string }>(named ? { name: 'version', text: VERSION_SQL } : VERSION_SQL);
    return { rows: rows[0]!.rows, checksum: Number(rows[0]!.checksum) };
  };
  read.close = () => client.end();
  return read;
}

describe.each(databaseTargets())('atomic publish on $name', (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await target.open();
    await loadSmallSample(t.db, 300, '2024-06-01');
  });
  afterAll(() => t?.dispose());

  /**
   * Publishes each of `requests` (already staged, unless `before` stages it) while readers loop
   * over customer_360, and checks that every read is one complete published version.
   */
  const expectOnlyCompleteVersions = async (requests: readonly RunRequest[], before: (request: RunRequest) => Promise<void> = async () => {}) => {
    const versions = [await tableVersion(t.db)];
    const readers: Read[] = t.url
      ? [await serverReader(t.url, false), await serverReader(t.url, true)]
      : [() => tableVersion(t.db)];
    const seen: TableVersion[] = [];
    const errors: string[] = [];
    let publishing = true;
    const loops = readers.map(async (read) => {
      while (publishing) {
        try {
          seen.push(await read());
        } catch (error) {
          errors.push((error as Error).message);
        }
      }
    });
    try {
      for (const request of requests) {
        await before(request);
        await publish(t.db, request, SETTINGS);
        versions.push(await tableVersion(t.db));
      }
    } finally {
      publishing = false;
      await Promise.all(loops);
      await Promise.all(readers.map((read) => read.close?.()));
    }

    expect(errors).toEqual([]);
    expect(new Set(versions.map((v) => v.checksum)).size).toBe(requests.length + 1);
    const known = new Set(versions.map((v) => `${v.rows}:${v.checksum}`));
    const unknown = seen.filter((v) => !known.has(`${v.rows}:${v.checksum}`));
    expect(unknown).toEqual([]);
    expect(seen.filter((v) => v.rows === 0)).toEqual([]);
    // The readers really ran alongside the publishes: they saw more than one version.
    expect(new Set(seen.map((v) => v.checksum)).size).toBeGreaterThan(1);
  };

  it('readers only ever see complete old or new versions, without errors', async () => {
    await runToPublish(t.db, { runId: 'atomic-0', asOfDate: '2024-06-01' });
    // Each run a day later: every version differs (days since ..., statuses), and none is superseded.
    const requests = Array.from({ length: PUBLISHES }, (_, i) => ({ runId: `atomic-${i + 1}`, asOfDate: `2024-06-${String(i + 2).padStart(2, '0')}` }));
    for (const request of requests) await prepareAndStage(t.db, request);
    await expectOnlyCompleteVersions(requests);
  });

  it('readers see complete versions while incremental runs publish a few changed customers', async () => {
    await installCapture(t.db);
    await runToPublish(t.db, { runId: 'atomic-inc-0', asOfDate: '2024-06-10', mode: 'full' });
    const requests = Array.from({ length: PUBLISHES }, (_, i) => ({ runId: `atomic-inc-${i + 1}`, asOfDate: '2024-06-10', mode: 'incremental' as const }));
    await expectOnlyCompleteVersions(requests, async (request) => {
      await t.db.exec(`update customer_info set last_name = '${request.runId}' where customer_id = ${10 + requests.indexOf(request as (typeof requests)[number])}`);
      await prepareAndStage(t.db, request);
    });
  });

  it.runIf(target.name === 'postgres')('a reader queued behind the swap reads the new table, not "could not open relation"', async () => {
    const url = t.url!;
    const request = { runId: 'atomic-queued', asOfDate: '2024-06-20', mode: 'full' as const };
    await prepareAndStage(t.db, request);
    const simple = await serverReader(url, false);
    const named = await serverReader(url, true);
    const old = await named(); // its plan is now cached against the old table's OID
    // A long reader holds the old table: publish's swap must wait for it...
    const longReader = await holdInTransaction(url, VERSION_SQL);
    try {
      const publishing = publish(t.db, request, SETTINGS);
      await waitUntil('publish waits on the old table', async () => (await lockWaiters(t.db, 'lock table public.customer_360')).length === 1);
      // ...and readers arriving now queue behind publish's lock request.
      const queued = [simple(), named()];
      await waitUntil('both readers queue behind publish', async () => (await lockWaiters(t.db, 'customer_360 c')).length === 2);
      await longReader.end();
      await publishing;
      const current = await tableVersion(t.db);
      expect(current).not.toEqual(old);
      expect(await Promise.all(queued)).toEqual([current, current]);
    } finally {
      await longReader.end().catch(() => {});
      await simple.close!();
      await named.close!();
    }
  });
});
