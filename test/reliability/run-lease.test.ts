/**
 * Issue 20, item 3: one execution per running run. prepare given an owner (the workflow's
 * execution id) leases the run to it; a second execution with the same run id (an operator's
 * rerun while the nightly run still retries) is refused at once with 409 RUN_LEASED naming the
 * owner, by prepare, every stage and publish, instead of colliding with it in the database
 * (deadlock 40P01, a duplicate key in pg_type 23505, both retried). The lease ends with the run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { abortRun } from '../../core/abort.js';
import { prepare } from '../../core/prepare.js';
import { runStage } from '../../core/run-stage.js';
import { STAGES } from '../../core/stages.js';
import { databaseTargets, type TestDatabase } from '../support/databases.js';
import { loadSmallSample } from './support/fixture.js';
import { captureLog, functionCaller } from './support/handler.js';
import { rejection, SETTINGS } from './support/runs.js';
import { ledgerRun } from './support/tables.js';

const AS_OF = '2024-06-01';

describe.each(databaseTargets())('a run leased to its execution on $name', (target) => {
  let t: TestDatabase;
  let call: ReturnType<typeof functionCaller>;
  beforeAll(async () => {
    t = await target.open();
    await loadSmallSample(t.db, 60, AS_OF);
    call = functionCaller(t.db, captureLog().log);
  });
  afterAll(() => t?.dispose());

  const leased = (owner: string) => ({ status: 409, body: { error: { code: 'RUN_LEASED', message: expect.stringMatching(new RegExp(`^run \\S+ is being run by execution ${owner} \\(since `)) } } });

  it('refuses a second execution at once, in prepare, every stage and publish, naming the owner', async () => {
    const mine = { runId: 'leased', asOfDate: AS_OF, owner: 'exec-nightly' };
    const theirs = { ...mine, owner: 'exec-by-hand' };
    expect(await call('prepare', mine)).toMatchObject({ status: 200 });

    const started = performance.now();
    expect(await call('prepare', theirs)).toMatchObject(leased('exec-nightly'));
    for (const stage of STAGES) expect(await call(stage, theirs)).toMatchObject(leased('exec-nightly'));
    expect(await call('publish', theirs)).toMatchObject(leased('exec-nightly'));
    expect(await call('publish', { runId: mine.runId, owner: 'exec-by-hand', abort: { reason: 'mine now' } })).toMatchObject(leased('exec-nightly'));
    expect(performance.now() - started).toBeLessThan(5_000);

    // A caller naming no execution does not slip in either.
    const { owner: _, ...anonymous } = mine;
    expect(await call('prepare', anonymous)).toMatchObject(leased('exec-nightly'));
    expect(await call('temp_customer_basic', anonymous)).toMatchObject(leased('exec-nightly'));

    // The owner goes on undisturbed: its retried prepare, its stages, its publish.
    expect(await call('prepare', mine)).toMatchObject({ status: 200 });
    for (const stage of STAGES) expect(await call(stage, mine)).toMatchObject({ status: 200 });
    expect(await call('publish', mine)).toMatchObject({ status: 200, body: { rows: 60 } });
    expect(await ledgerRun(t.db, mine.runId)).toMatchObject({ status: 'published' });
  });

  it('ends with the run: once aborted, another execution may take the run id', async () => {
    const first = { runId: 'handed-over', asOfDate: AS_OF, owner: 'exec-1' };
    await prepare(t.db, first, SETTINGS);
    expect(await abortRun(t.db, first.runId, 'stage failed', 'exec-1')).toMatchObject({ status: 'failed' });
    await prepare(t.db, { ...first, owner: 'exec-2' }, SETTINGS);
    expect(await rejection(runStage(t.db, 'temp_customer_basic', first, SETTINGS))).toMatchObject({ code: 'RUN_LEASED', details: { owner: 'exec-2' } });
    await expect(runStage(t.db, 'temp_customer_basic', { ...first, owner: 'exec-2' }, SETTINGS)).resolves.toMatchObject({ rows: 60 });
  });

  it('an operator\'s abort, naming no execution, ends a run an execution still holds', async () => {
    const request = { runId: 'stuck', asOfDate: AS_OF, owner: 'exec-cancelled-in-console' };
    await prepare(t.db, request, SETTINGS);
    expect(await abortRun(t.db, request.runId, 'execution cancelled in the console')).toMatchObject({ status: 'failed', replayed: false });
    await prepare(t.db, { ...request, owner: 'exec-rerun' }, SETTINGS);
  });

  it('a run prepared without an owner has no lease, as before', async () => {
    const request = { runId: 'unowned', asOfDate: AS_OF };
    await prepare(t.db, request, SETTINGS);
    await expect(runStage(t.db, 'temp_customer_basic', { ...request, owner: 'anyone' }, SETTINGS)).resolves.toMatchObject({ rows: 60 });
    await prepare(t.db, { ...request, owner: 'exec-later' }, SETTINGS);
    expect(await rejection(runStage(t.db, 'temp_customer_basic', request, SETTINGS))).toMatchObject({ code: 'RUN_LEASED' });
  });

  it('two executions preparing the same run id at once: one wins, the other is told who, nothing collides', async () => {
    for (let round = 0; round < 4; round++) {
      const runId = `race-${round}`;
      const answers = await Promise.all(['exec-a', 'exec-b'].map((owner) => call('prepare', { runId, asOfDate: AS_OF, owner })));
      const statuses = answers.map((answer) => answer.status).sort();
      expect(statuses).toEqual([200, 409]);
      const winner = answers.find((answer) => answer.status === 200)!;
      const loser = answers.find((answer) => answer.status === 409)!;
      expect(loser.body.error.code).toBe('RUN_LEASED');
      expect((await ledgerRun(t.db, runId))?.status).toBe('running');
      expect(winner.body.runId).toBe(runId);
    }
  });
});
