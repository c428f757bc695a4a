import type { Database } from './db/database.js';
import { translateDatabaseError } from './db/translate-error.js';
import { CdpError } from './errors.js';
import { getRun, ledgerExists, newestPublishedAsOf } from './ledger.js';
import { LOCKS } from './locks.js';
import { assertRunParams, type RunId } from './run-params.js';
import { sql } from './sql.js';

export interface Withdrawn {
  readonly runId: RunId;
  readonly asOfDate: string;
  /** The newest as-of date still published afterwards: later runs are superseded only by it. */
  readonly newestPublished: string | undefined;
}

/**
 * The way out of a bad publish (a far-future as-of date that supersedes every later run):
 * marks a published run withdrawn, with a reason, under the publish lock. It stays published
 * in the ledger, but no longer counts as the newest published date, so the next run of today's
 * date publishes and replaces the table. customer_360 itself is left as it is until then.
 */
export async function withdrawRun(db: Database, runId: RunId, reason: string): Promise<Withdrawn> {
  assertRunParams({ runId });
  if (reason.trim() === '') throw new CdpError('BAD_INPUT', 'a reason is required', { field: 'reason' });
  try {
    return await db.transaction(async (tx) => {
      if (!(await ledgerExists(tx))) throw new CdpError('RUN_UNKNOWN', `run ${runId} is unknown: this database has no runs`, { runId });
      await tx.query(sql('session/advisory_lock').text, [LOCKS.publish]);
      const { rows } = await tx.query<{ as_of_date: string }>(sql('meta/withdraw_run').text, [runId, reason]);
      if (rows.length === 0) {
        const run = await getRun(tx, runId);
        if (!run) throw new CdpError('RUN_UNKNOWN', `run ${runId} is unknown`, { runId });
        if (run.withdrawn_at) throw new CdpError('RUN_CONFLICT', `run ${runId} was already withdrawn at ${run.withdrawn_at}`, { runId });
        throw new CdpError('RUN_CONFLICT', `run ${runId} is ${run.status}: only a published run can be withdrawn`, { runId, status: run.status });
      }
      return { runId, asOfDate: rows[0]!.as_of_date, newestPublished: await newestPublishedAsOf(tx) };
    });
  } catch (error) {
    throw translateDatabaseError(error, 'withdraw');
  }
}
