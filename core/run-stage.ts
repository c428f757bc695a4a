import type { PipelineSettings } from './config.js';
import type { Database } from './db/database.js';
import { translateDatabaseError } from './db/translate-error.js';
import type { Owner } from './lease.js';
import { finishStage, getRunningRun, startStage } from './ledger.js';
import type { StepResult } from './prepare.js';
import { runDdl } from './run-ddl.js';
import { assertRunParams, type RunId } from './run-params.js';
import { applyRunSession } from './session.js';
import { stagePlan, stageParams, stageStatement } from './stage-plan.js';
import type { StageName } from './stages.js';

export interface StageRequest {
  readonly runId: RunId;
  /** When given, must equal the run's as-of date. */
  readonly asOfDate?: string;
  /** Must hold the run's lease, if it has one (core/lease.ts). */
  readonly owner?: Owner;
}

/**
 * Materialises one stage as an UNLOGGED table in the run's schema, for every customer (a full
 * run) or for the changed ones (an incremental run, whose schema holds views of the sources
 * named as the sources, sql/prepare/changed_sources.sql). Idempotent: a repeat replaces the
 * table inside the same transaction that records the stage's success.
 */
export async function runStage(db: Database, stage: StageName, request: StageRequest, settings: PipelineSettings): Promise<StepResult> {
  assertRunParams(request);
  const started = performance.now();
  const { runId } = request;
  let run;
  try {
    run = await getRunningRun(db, runId, request.asOfDate, request.owner);
    await startStage(db, runId, stage);
  } catch (error) {
    throw translateDatabaseError(error, `stage ${stage}`);
  }
  try {
    const rows = await db.transaction(async (tx) => {
      await applyRunSession(tx, runId, settings, stagePlan(stage, run.mode));
      await tx.query(runDdl.dropStageTable(runId, stage));
      const { rowCount } = await tx.query((await stageStatement(tx, stage)).text, stageParams(stage, run.as_of_date));
      for (const statement of runDdl.stageIndex(runId, stage)) await tx.query(statement);
      await finishStage(tx, runId, stage, { status: 'succeeded', rows: rowCount });
      return rowCount;
    });
    return { runId, stage, rows, durationMs: Math.round(performance.now() - started) };
  } catch (error) {
    const failure = translateDatabaseError(error, `stage ${stage}`);
    // Best effort: the ledger may be unreachable for the same reason the stage failed.
    await finishStage(db, runId, stage, { status: 'failed', error: `${failure.message} (error id ${failure.errorId})` }).catch(() => {});
    throw failure;
  }
}
