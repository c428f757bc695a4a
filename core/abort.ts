import type { Database, Queryable } from './db/database.js';
import { translateDatabaseError } from './db/translate-error.js';
import { CdpError } from './errors.js';
import { assertLease, type Owner } from './lease.js';
import { finishRun, getRun, type RunStatus } from './ledger.js';
import { LOCKS } from './locks.js';
import type { StepResult } from './prepare.js';
import { runDdl } from './run-ddl.js';
import { assertRunParams, type RunId } from './run-params.js';
import { sql } from './sql.js';

export interface AbortResult extends StepResult {
  /** The run's status afterwards: `failed`, or what it already was when it had ended before. */
  readonly status: RunStatus;
  /** True when the run had already ended: nothing was changed, its recorded reason stands. */
  readonly replayed: boolean;
}

/**
 * The run's error: the reason given, then what each failed stage recorded as its cause, so the
 * run's row says what went wrong even when the reason (the workflow's) only quotes an error id.
 */
async function describeAbort(tx: Queryable, runId: RunId, reason: string): Promise<string> {
  const given = reason.trim() === '' ? 'aborted without a reason' : reason;
  const { rows } = await tx.query<{ stage: string; error: string | null }>(sql('meta/failed_stages').text, [runId]);
  // A cause the reason already quotes (a caller-safe message) is not repeated.
  const quoted = (error: string) => given.includes(error.replace(/ \(error id [0-9a-f-]+\)$/, ''));
  const causes = rows.filter((row) => row.error !== null && !quoted(row.error)).map((row) => `${row.stage}: ${row.error}`);
  return causes.length === 0 ? given : `${given} [recorded by the stages: ${causes.join('; ')}]`;
}

/**
 * Ends a run that will not publish: records why (an empty reason as "aborted without a
 * reason"), fails its stages still marked running, and
 * removes its schema, under the publish lock. A run that had already ended (failed, superseded)
 * keeps its status and reason, so a retried abort, or one after the housekeeping ended the
 * run, changes nothing; a published run is refused. `owner`, when given, must hold the run's
 * lease; without one (an operator's abort) any running run is ended.
 */
export async function abortRun(db: Database, runId: RunId, reason: string, owner?: Owner): Promise<AbortResult> {
  assertRunParams({ runId });
  const started = performance.now();
  let status: RunStatus;
  let replayed = false;
  try {
    status = await db.transaction(async (tx) => {
      await tx.query(sql('session/advisory_lock').text, [LOCKS.publish]);
      const run = await getRun(tx, runId);
      if (!run) throw new CdpError('RUN_UNKNOWN', `run ${runId} is unknown`, { runId });
      if (run.status === 'published') throw new CdpError('RUN_PUBLISHED', `run ${runId} is already published`, { runId });
      if (run.status !== 'running') {
        replayed = true;
        return run.status;
      }
      if (owner !== undefined) assertLease(run, owner);
      const error = await describeAbort(tx, runId, reason);
      await tx.query(runDdl.dropSchema(runId));
      await finishRun(tx, runId, 'failed', null, error);
      await tx.query(sql('meta/end_running_stages').text, [[runId], `the run was aborted: ${error}`]);
      return 'failed';
    });
  } catch (error) {
    throw translateDatabaseError(error, 'abort');
  }
  return { runId, stage: 'publish', rows: 0, durationMs: Math.round(performance.now() - started), status, replayed };
}
