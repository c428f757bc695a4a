import { removeAbandonedRuns } from './abandoned-runs.js';
import { DEFAULT_SETTINGS, type PipelineSettings } from './config.js';
import type { Database } from './db/database.js';
import { translateDatabaseError } from './db/translate-error.js';
import { CdpError } from './errors.js';
import type { Owner } from './lease.js';
import { ensureLedger, startRun } from './ledger.js';
import { runDdl } from './run-ddl.js';
import { assertAsOfDateNotFuture, assertRunParams, type RunId } from './run-params.js';
import { applyRunSession } from './session.js';
import { missingSources } from './sources.js';
import { sql } from './sql.js';

export interface RunRequest {
  readonly runId: RunId;
  readonly asOfDate: string;
  /** Allows publishing an as-of date older than the one already published. */
  readonly backfill?: boolean;
  /** The execution taking the run's lease (core/lease.ts); none for a run without one. */
  readonly owner?: Owner;
}

export interface StepResult {
  readonly runId: RunId;
  readonly stage: string;
  readonly rows: number;
  readonly durationMs: number;
}

export interface PrepareResult extends StepResult {
  readonly asOfDate: string;
}

/**
 * Starts a run: checks that every source table and column exists (naming any that is missing,
 * before anything is written), removes what abandoned runs left behind, then opens the ledger
 * row and creates the run's schema afresh, in one transaction under the run's statement timeout.
 * It reads no source rows: the stages count their sources' dirt as they go, and publish records
 * the data-quality report. `settings` defaults for library callers.
 */
export async function prepare(db: Database, request: RunRequest, settings: PipelineSettings = DEFAULT_SETTINGS): Promise<PrepareResult> {
  assertRunParams(request);
  assertAsOfDateNotFuture(request.asOfDate, settings.timeZone);
  const started = performance.now();
  try {
    const { rows: present } = await db.query<{ table_name: string; column_name: string }>(sql('source/columns').text, ['public']);
    const missing = missingSources(present);
    if (missing.length > 0) {
      throw new CdpError('MISSING_SOURCE', `source data incomplete: missing ${missing.join(', ')}`, { missing });
    }
    await db.transaction((tx) => ensureLedger(tx));
    await removeAbandonedRuns(db, settings, request.runId);
    await db.transaction(async (tx) => {
      await applyRunSession(tx, request.runId, settings);
      await startRun(tx, request.runId, request.asOfDate, request.backfill ?? false, request.owner);
      await tx.exec(`${runDdl.dropSchema(request.runId)}; ${runDdl.createSchema(request.runId)}`);
    });
  } catch (error) {
    throw translateDatabaseError(error, 'prepare');
  }
  return { runId: request.runId, stage: 'prepare', asOfDate: request.asOfDate, rows: 0, durationMs: Math.round(performance.now() - started) };
}
