import { removeAbandonedRuns } from './abandoned-runs.js';
import { DEFAULT_SETTINGS, type PipelineSettings } from './config.js';
import type { Database } from './db/database.js';
import { translateDatabaseError } from './db/translate-error.js';
import { CdpError } from './errors.js';
import type { Owner } from './lease.js';
import { ensureLedger, recordMode, startRun } from './ledger.js';
import { decideMode } from './mode.js';
import { runDdl } from './run-ddl.js';
import { assertAsOfDateNotFuture, assertRunParams, type RunId } from './run-params.js';
import { applyRunSession } from './session.js';
import { assertSourcesReadable, missingSources } from './sources.js';
import { sql } from './sql.js';
import type { RunMode } from './stages.js';

export interface RunRequest {
  readonly runId: RunId;
  readonly asOfDate: string;
  /** Allows publishing an as-of date older than the one already published. */
  readonly backfill?: boolean;
  /** `incremental` recomputes only the customers whose source rows changed, when that is exact; default `full`. */
  readonly mode?: RunMode;
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
  /** The mode the run has, and why it is not the one asked for (null when it is). */
  readonly mode: RunMode;
  readonly modeReason: string | null;
}

/**
 * Starts a run: checks that every source table and column exists (naming any that is missing,
 * before anything is written), removes what abandoned runs left behind, then, in one snapshot,
 * opens the ledger row, creates the run's schema afresh, takes the change log as it stands and
 * decides the run's mode (core/mode.ts). An incremental run's schema then holds views of the
 * sources restricted to the changed customers, which the stages read in place of the sources.
 * `settings` defaults for library callers.
 */
export async function prepare(db: Database, request: RunRequest, settings: PipelineSettings = DEFAULT_SETTINGS): Promise<PrepareResult> {
  assertRunParams(request);
  assertAsOfDateNotFuture(request.asOfDate, settings.timeZone);
  const started = performance.now();
  const { runId } = request;
  let decided;
  try {
    const { rows: present } = await db.query<{ table_name: string; column_name: string }>(sql('source/columns').text, ['public']);
    const missing = missingSources(present);
    if (missing.length > 0) {
      await assertSourcesReadable(db);
      throw new CdpError('MISSING_SOURCE', `source data incomplete: missing ${missing.join(', ')}`, { missing });
    }
    await db.transaction((tx) => ensureLedger(tx));
    await removeAbandonedRuns(db, settings, runId);
    decided = await db.transaction(async (tx) => {
      await applyRunSession(tx, runId, settings);
      await startRun(tx, runId, request.asOfDate, request.backfill ?? false, request.owner);
      await tx.exec(`${runDdl.dropSchema(runId)}; ${runDdl.createSchema(runId)}`);
      await tx.exec(sql('prepare/consume_changes').text);
      const mode = await decideMode(tx, request.mode ?? 'full', request.asOfDate, settings);
      if (mode.mode === 'incremental') await tx.exec(sql('prepare/changed_sources').text);
      await recordMode(tx, runId, mode);
      return mode;
    });
  } catch (error) {
    throw translateDatabaseError(error, 'prepare');
  }
  return {
    runId, stage: 'prepare', asOfDate: request.asOfDate, rows: 0, durationMs: Math.round(performance.now() - started),
    mode: decided.mode, modeReason: decided.reason,
  };
}
