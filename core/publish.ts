import type { PipelineSettings } from './config.js';
import type { Database, Queryable } from './db/database.js';
import { translateDatabaseError } from './db/translate-error.js';
import { CdpError } from './errors.js';
import { finishRun, getRun, getRunningRun, stageStatuses } from './ledger.js';
import { LOCKS } from './locks.js';
import type { StepResult } from './prepare.js';
import { runDdl } from './run-ddl.js';
import type { RunId } from './run-params.js';
import { applyRunSession } from './session.js';
import { sql } from './sql.js';
import { STAGES } from './stages.js';

export interface PublishRequest {
  readonly runId: RunId;
  readonly asOfDate?: string;
}

export interface PublishResult extends StepResult {
  readonly asOfDate: string;
  /** Customers per customer_segment and per customer_status in the table just published. */
  readonly segments: Record<string, number>;
  readonly statuses: Record<string, number>;
}

async function summarise(tx: Queryable) {
  const { rows } = await tx.query<{ dimension: string; value: string; customers: number }>(sql('publish/summary').text);
  const segments: Record<string, number> = {};
  const statuses: Record<string, number> = {};
  for (const row of rows) (row.dimension === 'segment' ? segments : statuses)[row.value] = row.customers;
  return { segments, statuses };
}

/**
 * Builds the new customer_360 in the run's schema from the six stage tables and swaps it in,
 * all in one transaction: a reader sees the old table or the new one, never a partial one.
 */
export async function publish(db: Database, request: PublishRequest, settings: PipelineSettings): Promise<PublishResult> {
  const started = performance.now();
  const { runId } = request;
  try {
    const outcome = await db.transaction(async (tx) => {
      await tx.query(sql('session/advisory_lock').text, [LOCKS.publish]);
      const run = await getRunningRun(tx, runId, request.asOfDate);
      const statuses = await stageStatuses(tx, runId);
      const unfinished = STAGES.filter((stage) => statuses.get(stage) !== 'succeeded');
      if (unfinished.length > 0) {
        throw new CdpError('RUN_CONFLICT', `run ${runId} cannot publish: stages not succeeded: ${unfinished.join(', ')}`, { runId, unfinished });
      }
      await applyRunSession(tx, runId, settings);
      await tx.query(runDdl.dropNextTable(runId));
      const { rowCount } = await tx.query(sql('publish/create_customer_360').text);
      await tx.query(sql('publish/add_primary_key').text);
      const summary = await summarise(tx);
      for (const statement of runDdl.swapIn(runId)) await tx.query(statement);
      await tx.query(runDdl.dropSchema(runId));
      await finishRun(tx, runId, 'published', rowCount, null);
      return { asOfDate: run.as_of_date, rows: rowCount, ...summary };
    });
    return { runId, stage: 'publish', durationMs: Math.round(performance.now() - started), ...outcome };
  } catch (error) {
    throw translateDatabaseError(error, 'publish');
  }
}

/** Ends a run that will not publish: records why, and removes its schema. */
export async function abortRun(db: Database, runId: RunId, reason: string): Promise<StepResult> {
  const started = performance.now();
  try {
    await db.transaction(async (tx) => {
      await tx.query(sql('session/advisory_lock').text, [LOCKS.publish]);
      const run = await getRun(tx, runId);
      if (!run) throw new CdpError('RUN_UNKNOWN', `run ${runId} is unknown`, { runId });
      if (run.status === 'published') throw new CdpError('RUN_PUBLISHED', `run ${runId} is already published`, { runId });
      await tx.query(runDdl.dropSchema(runId));
      await finishRun(tx, runId, 'failed', null, reason);
    });
  } catch (error) {
    throw translateDatabaseError(error, 'abort');
  }
  return { runId, stage: 'publish', rows: 0, durationMs: Math.round(performance.now() - started) };
}
