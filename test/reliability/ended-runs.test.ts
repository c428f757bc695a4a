/**
 * Issue 20, items 7 and 10 (core): a run that ended tells its whole story in the ledger. Its
 * stages end with it; an abort never rewrites the reason of a run that had already ended, nor
 * turns `superseded` into `failed`; an empty reason is accepted; a retried publish is recorded as
 * a retried stage is; and the run's error carries what the failed stage recorded as its cause.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { abortRun } from '../../core/abort.js';
import { startStage } from '../../core/ledger.js';
import { prepare } from '../../core/prepare.js';
import { sql } from '../../core/sql.js';
import { databaseTargets, type TestDatabase } from '../support/databases.js';
import { driverError, withFault } from '../support/faulty-database.js';
import { stageRuns } from '../support/pipeline-state.js';
import { loadSmallSample } from './support/fixture.js';
import { captureLog, functionCaller } from './support/handler.js';
import { prepareAndStage, rejection, runToPublish, SETTINGS } from './support/runs.js';
import { ledgerRun } from './support/tables.js';

const AS_OF = '2024-06-01';

describe.each(databaseTargets())('ended runs on $name', (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await target.open();
    await loadSmallSample(t.db, 60, AS_OF);
  });
  afterAll(() => t?.dispose());

  it('prepare\'s housekeeping fails an abandoned run\'s stages still marked running, with the run\'s reason', async () => {
    await prepare(t.db, { runId: 'gone-quiet', asOfDate: AS_OF }, SETTINGS);
    await startStage(t.db, 'gone-quiet', 'temp_purchase_stats');
    await t.db.exec(`
      update cdp_meta.runs set started_at = now() - interval '48 hours' where run_id = 'gone-quiet';
      update cdp_meta.stage_runs set started_at = now() - interval '48 hours' where run_id = 'gone-quiet';
    `);
    await prepare(t.db, { runId: 'sweeper', asOfDate: AS_OF }, { ...SETTINGS, abandonedAfterHours: 24 });

    const reason = 'abandoned: no activity for more than 24 hours; cleaned up by the prepare of run sweeper';
    expect(await ledgerRun(t.db, 'gone-quiet')).toMatchObject({ status: 'failed', error: reason });
    expect(await stageRuns(t.db, 'gone-quiet')).toEqual([{ stage: 'temp_purchase_stats', status: 'failed', attempts: 1, rows: null, error: reason }]);
  });

  it('an abort keeps the reason of a run that had already failed, and answers it was over', async () => {
    await prepare(t.db, { runId: 'failed-first', asOfDate: AS_OF }, SETTINGS);
    await abortRun(t.db, 'failed-first', 'stage temp_website_behavior failed: the first reason');
    expect(await abortRun(t.db, 'failed-first', 'a later, lesser reason')).toMatchObject({ status: 'failed', replayed: true });
    expect(await ledgerRun(t.db, 'failed-first')).toMatchObject({ status: 'failed', error: 'stage temp_website_behavior failed: the first reason' });
  });

  it('an abort leaves a superseded run superseded, with its reason', async () => {
    await runToPublish(t.db, { runId: 'newer', asOfDate: '2024-06-02' });
    await prepareAndStage(t.db, { runId: 'older', asOfDate: AS_OF });
    expect(await rejection((await import('../../core/publish.js')).publish(t.db, { runId: 'older' }, SETTINGS))).toMatchObject({ code: 'SUPERSEDED' });
    const superseded = await ledgerRun(t.db, 'older');
    expect(superseded?.status).toBe('superseded');

    expect(await abortRun(t.db, 'older', 'stage x failed')).toMatchObject({ status: 'superseded', replayed: true });
    expect(await ledgerRun(t.db, 'older')).toEqual(superseded);
  });

  it('accepts an abort with an empty reason over HTTP, and says none was given', async () => {
    const call = functionCaller(t.db, captureLog().log);
    await prepare(t.db, { runId: 'no-words', asOfDate: AS_OF }, SETTINGS);
    expect(await call('publish', { runId: 'no-words', abort: { reason: '' } })).toMatchObject({ status: 200, body: { status: 'failed', replayed: false } });
    expect(await ledgerRun(t.db, 'no-words')).toMatchObject({ status: 'failed', error: 'aborted without a reason' });
  });

  it('records a retried publish as a stage row: each attempt, its outcome, the last error with its error id', async () => {
    const call = functionCaller(t.db, captureLog().log);
    const request = { runId: 'publish-twice', asOfDate: '2024-06-03' };
    await prepare(t.db, request, SETTINGS);
    const early = await call('publish', request);
    expect(early).toMatchObject({ status: 409, body: { error: { code: 'RUN_CONFLICT' } } });
    expect((await stageRuns(t.db, request.runId)).find((row) => row.stage === 'publish')).toEqual({
      stage: 'publish', status: 'failed', attempts: 1, rows: null, error: expect.stringContaining(`(error id ${early.body.error.errorId})`),
    });

    await prepareAndStage(t.db, request);
    expect(await call('publish', request)).toMatchObject({ status: 200, body: { replayed: false } });
    expect(await call('publish', request)).toMatchObject({ status: 200, body: { replayed: true } });
    expect((await stageRuns(t.db, request.runId)).find((row) => row.stage === 'publish')).toEqual({ stage: 'publish', status: 'succeeded', attempts: 2, rows: 60, error: null });
  });

  it('the run\'s error carries the failed stage\'s recorded cause, where the workflow\'s reason has only an error id', async () => {
    const request = { runId: 'opaque-failure', asOfDate: AS_OF };
    await prepare(t.db, request, SETTINGS);
    const stageSql = sql('stages/temp_customer_service_stats').text;
    const call = functionCaller(withFault(t.db, async (text) => {
      if (text === stageSql) throw driverError('XX000', 'could not read block 7 of relation 1663/16384/2619');
    }), captureLog().log);
    const answer = await call('temp_customer_service_stats', request);
    expect(answer).toMatchObject({ status: 500, body: { error: { code: 'SQL_FAILURE' } } });
    // What the workflow sends: the stage's answer, which quotes only the error id.
    const reason = `stage temp_customer_service_stats failed: HTTP 500: ${answer.body.error.message}`;
    await abortRun(t.db, request.runId, reason);
    expect((await ledgerRun(t.db, request.runId))?.error).toBe(
      `${reason} [recorded by the stages: temp_customer_service_stats: stage temp_customer_service_stats failed: could not read block 7 of relation 1663/16384/2619 (error id ${answer.body.error.errorId})]`,
    );
  });
});
