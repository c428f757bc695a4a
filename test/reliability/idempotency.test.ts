/**
 * Issue 5, case 3: a request repeated after a lost reply. prepare may be repeated while the run
 * is running; publish repeated for a run it already published answers the recorded result
 * (200, `replayed: true`) so the workflow's retry succeeds; a stage after publish is still 409.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepare } from '../../core/prepare.js';
import { publish } from '../../core/publish.js';
import { runStage } from '../../core/run-stage.js';
import { databaseTargets, type TestDatabase } from '../support/databases.js';
import { DIRTY_AS_OF, DIRTY_QUALITY, loadDirtySources } from './support/fixture.js';
import { captureLog, functionCaller } from './support/handler.js';
import { prepareAndStage, rejection, SETTINGS } from './support/runs.js';
import { tableVersion } from './support/tables.js';

describe.each(databaseTargets())('repeated requests on $name', (target) => {
  let t: TestDatabase;
  let call: ReturnType<typeof functionCaller>;
  beforeAll(async () => {
    t = await target.open();
    await loadDirtySources(t.db);
    call = functionCaller(t.db, captureLog().log);
  });
  afterAll(() => t?.dispose());

  it('prepare repeated while the run is running starts it afresh', async () => {
    const request = { runId: 'again-prepare', asOfDate: DIRTY_AS_OF };
    await prepare(t.db, request, SETTINGS);
    await expect(prepare(t.db, request, SETTINGS)).resolves.toMatchObject({ runId: request.runId });
    await expect(prepare(t.db, { ...request, asOfDate: '2024-06-02' }, SETTINGS)).rejects.toMatchObject({ code: 'RUN_CONFLICT' });
  });

  it('publish repeated over HTTP after it committed answers 200 with the recorded result', async () => {
    const body = { runId: 'again-publish', asOfDate: DIRTY_AS_OF };
    await prepareAndStage(t.db, body);
    const first = await call('publish', body);
    expect(first).toMatchObject({ status: 200, body: { rows: 6, replayed: false, quality: DIRTY_QUALITY } });
    const version = await tableVersion(t.db);

    const retry = await call('publish', body);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual({ ...first.body, replayed: true });
    expect(await tableVersion(t.db)).toEqual(version);

    expect(await call('publish', { ...body, asOfDate: '2024-06-02' })).toMatchObject({ status: 409, body: { error: { code: 'RUN_CONFLICT' } } });
    expect(await call('temp_purchase_stats', body)).toMatchObject({ status: 409, body: { error: { code: 'RUN_PUBLISHED' } } });
    expect(await rejection(runStage(t.db, 'temp_customer_basic', body, SETTINGS))).toMatchObject({ code: 'RUN_PUBLISHED' });
  });

  it('a retry racing the first publish: both succeed, one of them replayed', async () => {
    const request = { runId: 'again-race', asOfDate: DIRTY_AS_OF };
    await prepareAndStage(t.db, request);
    const answers = await Promise.all([publish(t.db, request, SETTINGS), publish(t.db, request, SETTINGS)]);
    expect(answers.map((a) => a.replayed).sort()).toEqual([false, true]);
    expect(answers[0]!.rows).toBe(answers[1]!.rows);
  });
});
