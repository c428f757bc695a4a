/**
 * Issue 5, case 2: runs at the same time. Two runs (different run ids) both complete correctly;
 * publishes take turns under the publish lock; a run older than the newest published as-of
 * date is refused as superseded, unless it was prepared with backfill.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCKS } from '../../core/locks.js';
import { runPipeline } from '../../core/pipeline.js';
import { publish } from '../../core/publish.js';
import { HTTP_STATUS } from '../../functions/http-status.js';
import { databaseTargets, type TestDatabase } from '../support/databases.js';
import { DIRTY_AS_OF, loadDirtySources } from './support/fixture.js';
import { prepareAndStage, rejection, runToPublish, SETTINGS } from './support/runs.js';
import { holdInTransaction, lockWaiters, waitUntil } from './support/sessions.js';
import { ledgerRun, rowsDifferingFromSeed, runSchemas, tableVersion } from './support/tables.js';

const NEXT_DAY = '2024-06-02';

describe.each(databaseTargets())('concurrent runs on $name', (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await target.open();
    await loadDirtySources(t.db);
  });
  afterAll(() => t?.dispose());

  it('two runs at once, same as-of date, both publish the right table', async () => {
    const results = await Promise.all(['twin-a', 'twin-b'].map((runId) => runPipeline(t.db, { runId, asOfDate: DIRTY_AS_OF }, SETTINGS)));
    expect(results.map((r) => [r.publish.rows, r.publish.replayed])).toEqual([[6, false], [6, false]]);
    expect((await ledgerRun(t.db, 'twin-a'))?.status).toBe('published');
    expect((await ledgerRun(t.db, 'twin-b'))?.status).toBe('published');
    expect(await rowsDifferingFromSeed(t.db, DIRTY_AS_OF)).toBe(0);
    expect(await runSchemas(t.db)).toEqual([]);
  });

  it('two runs at once, different dates: the newer date is what stays published, whichever publishes first', async () => {
    const outcomes = await Promise.allSettled([
      runPipeline(t.db, { runId: 'race-old', asOfDate: DIRTY_AS_OF }, SETTINGS),
      runPipeline(t.db, { runId: 'race-new', asOfDate: NEXT_DAY }, SETTINGS),
    ]);
    expect(outcomes[1].status).toBe('fulfilled');
    const older = await ledgerRun(t.db, 'race-old');
    if (outcomes[0].status === 'rejected') {
      expect(outcomes[0].reason).toMatchObject({ code: 'SUPERSEDED' });
      expect(older?.status).toBe('superseded');
    } else {
      expect(older?.status).toBe('published');
    }
    expect(await rowsDifferingFromSeed(t.db, NEXT_DAY)).toBe(0);
  });

  it('refuses an older as-of date as superseded unless the run asked for backfill', async () => {
    await runToPublish(t.db, { runId: 'super-new', asOfDate: NEXT_DAY });
    const newest = await tableVersion(t.db);

    const stale = { runId: 'super-stale', asOfDate: DIRTY_AS_OF };
    await prepareAndStage(t.db, stale);
    const error = await rejection(publish(t.db, stale, SETTINGS));
    expect(error).toMatchObject({ code: 'SUPERSEDED', details: { published: NEXT_DAY } });
    expect(HTTP_STATUS.SUPERSEDED).toBe(409);
    expect(await ledgerRun(t.db, stale.runId)).toMatchObject({ status: 'superseded' });
    expect(await tableVersion(t.db)).toEqual(newest);
    expect(await runSchemas(t.db)).toEqual([]);
    // Asked again (a retry), the answer is the same.
    expect(await rejection(publish(t.db, stale, SETTINGS))).toMatchObject({ code: 'SUPERSEDED' });

    const backfill = await runToPublish(t.db, { runId: 'super-backfill', asOfDate: DIRTY_AS_OF, backfill: true });
    expect(backfill).toMatchObject({ asOfDate: DIRTY_AS_OF, rows: 6 });
    expect(await rowsDifferingFromSeed(t.db, DIRTY_AS_OF)).toBe(0);

    // A backfill does not lower the bar: a plain run of that old date is still superseded.
    const again = { runId: 'super-again', asOfDate: DIRTY_AS_OF };
    await prepareAndStage(t.db, again);
    expect(await rejection(publish(t.db, again, SETTINGS))).toMatchObject({ code: 'SUPERSEDED' });
    await expect(runToPublish(t.db, { runId: 'super-newest', asOfDate: NEXT_DAY })).resolves.toMatchObject({ rows: 6 });
  });

  it.runIf(target.name === 'postgres')('publish waits for the publish lock: swaps happen one at a time', async () => {
    const request = { runId: 'locked-out', asOfDate: NEXT_DAY };
    await prepareAndStage(t.db, request);
    const other = await holdInTransaction(t.url!, `select pg_advisory_xact_lock(${LOCKS.publish})`);
    let done = false;
    try {
      const publishing = publish(t.db, request, SETTINGS).finally(() => { done = true; });
      await waitUntil('publish waits on the lock', async () => (await lockWaiters(t.db, 'pg_advisory_xact_lock')).length === 1);
      expect(done).toBe(false);
      expect((await ledgerRun(t.db, request.runId))?.status).toBe('running');
      await other.end();
      await expect(publishing).resolves.toMatchObject({ rows: 6 });
    } finally {
      await other.end().catch(() => {});
    }
  });
});
