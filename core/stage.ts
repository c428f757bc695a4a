import type { PipelineSettings } from './config.js';
import type { Database } from './db/database.js';
import { translateDatabaseError } from './db/translate-error.js';
import type { Owner } from './lease.js';
import { finishStage, getRunningRun, startStage } from './ledger.js';
import type { StepResult } from './prepare.js';
import { runDdl } from './run-ddl.js';
import { assertRunParams, type RunId } from './run-params.js';
import { applyRunSession } from './session.js';
import { readyStageTable } from './stage-index.js';
import { stagePlan, stageStatement } from './stage-statements.js';
import type { StageName } from './stages.js';

export interface StageRequest {
  readonly runId: RunId;
  /** When given, must equal the run's as-of date; the run's own date is what the stage uses. */
  readonly asOfDate?: string;
  /** Must hold the run's lease, if it has one (core/lease.ts). */
  readonly owner?: Owner;
}

/**
 * Materialises one stage as an UNLOGGED table in the run's schema. Idempotent: a repeat
 * replaces the table inside the same transaction that records the stage's success.
 */
export async function runStage(db: Database, stage: StageName, request: StageRequest, settings: PipelineSettings): Promise<StepResult> {
  assertRunParams(request);
  const started = performance.now();
  const { runId } = request;
  let asOfDate: string;
  try {
    asOfDate = (await getRunningRun(db, runId, request.asOfDate, request.owner)).as_of_date;
    await startStage(db, runId, stage);
  } catch (error) {
    throw translateDatabaseError(error, `stage ${stage}`);
  }
  try {
    const rows = await db.transaction(async (tx) => {
      await applyRunSession(tx, runId, settings, stagePlan(stage));
      await tx.query(runDdl.dropStageTable(runId, stage));
      const statement = await stageStatement(tx, stage);
      const { rowCount } = await tx.query(statement.text, [asOfDate].slice(0, statement.paramCount));
      // The rows are in customer order; with an index on customer_id, and the row counts it
      // gives the planner, publish merge-joins the six tables without hashing or sorting any.
      await readyStageTable(tx, runId, stage);
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
