/**
 * Reruns give the identical table: a run rerun under its id and as-of date after failing, and a
 * stage repeated within a run, rewrite exactly what the first attempt (or a clean run) wrote.
 * Compared by content: EXCEPT ALL both ways, and an md5 over every row in key order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../../core/pipeline.js';
import { prepare } from '../../core/prepare.js';
import { abortRun } from '../../core/abort.js';
import { runSchema } from '../../core/run-params.js';
import { loadSample } from '../../core/sample.js';
import { runStage } from '../../core/run-stage.js';
import { STAGES } from '../../core/stages.js';
import { databaseTargets, type TestDatabase } from '../support/databases.js';
import { stageRuns, tableChecksum, tableDifference } from '../support/pipeline-state.js';
import { SETTINGS } from './fixture.js';

const AS_OF = '2024-06-01';

describe.each(databaseTargets())('reruns on $name', (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await target.open();
    await loadSample(t.db, { customers: 300, anchorDate: AS_OF });
  });
  afterAll(() => t?.dispose());

  it('a failed run rerun under its id and as-of date publishes the table a clean run published', async () => {
    await runPipeline(t.db, { runId: 'core-clean', asOfDate: AS_OF }, SETTINGS);
    await t.db.exec('drop schema if exists cdp_kept cascade; create schema cdp_kept; create table cdp_kept.customer_360 as table public.customer_360');
    const clean = await tableChecksum(t.db, 'public.customer_360');

    const rerun = { runId: 'core-rerun', asOfDate: AS_OF };
    await prepare(t.db, rerun, SETTINGS);
    await Promise.all(STAGES.map((stage) => runStage(t.db, stage, rerun, SETTINGS)));
    await abortRun(t.db, rerun.runId, 'a stage failed for good');
    const result = await runPipeline(t.db, rerun, SETTINGS);

    expect(result.publish).toMatchObject({ runId: rerun.runId, rows: 300, replayed: false });
    expect(await tableDifference(t.db, 'cdp_kept.customer_360', 'public.customer_360')).toEqual({ onlyInA: 0, onlyInB: 0 });
    expect(await tableChecksum(t.db, 'public.customer_360')).toEqual(clean);
  });

  it('each stage repeated within a run rewrites an identical table', async () => {
    const run = { runId: 'core-repeat', asOfDate: AS_OF };
    await prepare(t.db, run, SETTINGS);
    const checksums = async () => Promise.all(STAGES.map((stage) => tableChecksum(t.db, `${runSchema(run.runId)}.${stage}`)));
    for (const stage of STAGES) await runStage(t.db, stage, run, SETTINGS);
    const first = await checksums();
    for (const stage of STAGES) await runStage(t.db, stage, run, SETTINGS);

    expect(first.every((checksum) => checksum !== null && checksum.rows > 0)).toBe(true);
    expect(await checksums()).toEqual(first);
    expect((await stageRuns(t.db, run.runId)).map((row) => [row.stage, row.status, row.attempts])).toEqual(
      [...STAGES].sort().map((stage) => [stage, 'succeeded', 2]),
    );
  });
});
