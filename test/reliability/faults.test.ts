/**
 * Issue 5, case 4: faults. A stage whose session is killed fails with a retryable error and a
 * rerun completes it; a statement past its timeout fails with TIMEOUT naming the step and leaves
 * the published table as it was; prepare cleans up after runs abandoned long ago.
 * Stages and publish are held still by a lock another session takes on a table they need.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { abortRun } from '../../core/abort.js';
import { publish } from '../../core/publish.js';
import { prepare } from '../../core/prepare.js';
import { runSchema } from '../../core/run-params.js';
import { runStage } from '../../core/run-stage.js';
import { STAGES } from '../../core/stages.js';
import { HTTP_STATUS } from '../../functions/http-status.js';
import { databaseTargets, type TestDatabase } from '../support/databases.js';
import { loadSmallSample } from './support/fixture.js';
import { prepareAndStage, rejection, runToPublish, SETTINGS } from './support/runs.js';
import { holdInTransaction, lockWaiters, waitUntil } from './support/sessions.js';
import { ledgerRun, runSchemas, tableVersion, type TableVersion } from './support/tables.js';

const AS_OF = '2024-06-01';
const TIGHT = { ...SETTINGS, statementTimeoutMs: 400 };

async function stageStatus(t: TestDatabase, runId: string, stage: string) {
  const { rows } = await t.db.query<{ status: string; attempts: number }>('select status, attempts from cdp_meta.stage_runs where run_id = $1 and stage = $2', [runId, stage]);
  return rows[0];
}

describe.each(databaseTargets().filter((target) => target.name === 'postgres'))('faults on $name', (target) => {
  let t: TestDatabase;
  let published: TableVersion;
  beforeAll(async () => {
    t = await target.open();
    await loadSmallSample(t.db, 300, AS_OF);
    await runToPublish(t.db, { runId: 'fault-base', asOfDate: AS_OF });
    published = await tableVersion(t.db);
  });
  afterAll(() => t?.dispose());

  it('a stage whose connection is terminated fails retryably; rerun, it completes the right table', async () => {
    const request = { runId: 'fault-kill', asOfDate: AS_OF };
    await prepare(t.db, request, SETTINGS);
    const blocker = await holdInTransaction(t.url!, 'lock table purchase_transactions in access exclusive mode');
    let failure: Error & { code?: string };
    try {
      const stage = runStage(t.db, 'temp_purchase_stats', request, SETTINGS);
      await waitUntil('the stage runs (waiting on the lock)', async () => (await lockWaiters(t.db, 'temp_purchase_stats')).length === 1);
      const [pid] = await lockWaiters(t.db, 'temp_purchase_stats');
      await t.db.query('select pg_terminate_backend($1)', [pid]);
      failure = await rejection(stage);
    } finally {
      await blocker.end();
    }
    expect(failure.code).toBe('UNREACHABLE');
    // The workflow retries 429 and 5xx other than 504.
    expect(HTTP_STATUS[failure.code as 'UNREACHABLE']).toBe(503);
    expect(await stageStatus(t, request.runId, 'temp_purchase_stats')).toMatchObject({ status: 'failed' });

    // The workflow's retry: the same stage again, then the rest of the run.
    await runStage(t.db, 'temp_purchase_stats', request, SETTINGS);
    expect(await stageStatus(t, request.runId, 'temp_purchase_stats')).toEqual({ status: 'succeeded', attempts: 2 });
    await Promise.all(STAGES.filter((s) => s !== 'temp_purchase_stats').map((stage) => runStage(t.db, stage, request, SETTINGS)));
    await publish(t.db, request, SETTINGS);
    expect(await tableVersion(t.db)).toEqual(published); // same sources, same date: the same table
  });

  it('a stage past its statement timeout fails with TIMEOUT naming it; the published table is unchanged', async () => {
    const request = { runId: 'fault-slow-stage', asOfDate: AS_OF };
    await prepare(t.db, request, SETTINGS);
    const blocker = await holdInTransaction(t.url!, 'lock table website_behavior in access exclusive mode');
    try {
      const error = await rejection(runStage(t.db, 'temp_website_behavior', request, TIGHT));
      expect(error).toMatchObject({ code: 'TIMEOUT' });
      expect(error.message).toContain('temp_website_behavior');
      expect(HTTP_STATUS.TIMEOUT).toBe(504);
    } finally {
      await blocker.end();
    }
    expect(await stageStatus(t, request.runId, 'temp_website_behavior')).toMatchObject({ status: 'failed' });
    await abortRun(t.db, request.runId, 'stage temp_website_behavior timed out');
    expect(await tableVersion(t.db)).toEqual(published);
  });

  it('a publish past its statement timeout changes nothing, and can be asked again', async () => {
    const request = { runId: 'fault-slow-publish', asOfDate: '2024-06-02' };
    await prepareAndStage(t.db, request);
    const before = await tableVersion(t.db);
    // A long reader of customer_360: the swap's drop waits for it past the timeout.
    const reader = await holdInTransaction(t.url!, 'select count(*) from public.customer_360');
    try {
      const error = await rejection(publish(t.db, request, TIGHT));
      expect(error).toMatchObject({ code: 'TIMEOUT' });
      expect(error.message).toContain('publish');
    } finally {
      await reader.end();
    }
    expect(await tableVersion(t.db)).toEqual(before);
    expect((await ledgerRun(t.db, request.runId))?.status).toBe('running');
    await expect(publish(t.db, request, SETTINGS)).resolves.toMatchObject({ asOfDate: '2024-06-02', replayed: false });
  });
});

describe.each(databaseTargets())('abandoned runs on $name', (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await target.open();
    await loadSmallSample(t.db, 50, AS_OF);
  });
  afterAll(() => t?.dispose());

  it('prepare marks runs idle past abandonedAfterHours failed and drops their schemas, and leaves live runs alone', async () => {
    for (const runId of ['stale', 'stale-but-busy', 'fresh', 'over-with-litter']) await prepare(t.db, { runId, asOfDate: AS_OF }, SETTINGS);
    await runStage(t.db, 'temp_customer_basic', { runId: 'stale-but-busy' }, SETTINGS);
    await t.db.exec(`
      update cdp_meta.runs set started_at = now() - interval '48 hours' where run_id in ('stale', 'stale-but-busy');
      update cdp_meta.stage_runs set started_at = now() - interval '1 hour', finished_at = now() - interval '1 hour' where run_id = 'stale-but-busy';
      update cdp_meta.runs set status = 'failed', error = 'stage x failed' where run_id = 'over-with-litter';
    `);

    await prepare(t.db, { runId: 'cleaner', asOfDate: AS_OF }, { ...SETTINGS, abandonedAfterHours: 24 });

    const stale = await ledgerRun(t.db, 'stale');
    expect(stale?.status).toBe('failed');
    expect(stale?.error).toMatch(/^abandoned: no activity for more than 24 hours; cleaned up by the prepare of run cleaner$/);
    expect(await ledgerRun(t.db, 'over-with-litter')).toMatchObject({ status: 'failed', error: 'stage x failed' });
    expect((await ledgerRun(t.db, 'stale-but-busy'))?.status).toBe('running');
    expect((await ledgerRun(t.db, 'fresh'))?.status).toBe('running');
    expect(await runSchemas(t.db)).toEqual(['cleaner', 'fresh', 'stale-but-busy'].map((id) => runSchema(id).replaceAll('"', '')));
  });
});
