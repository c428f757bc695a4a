import type { PipelineSettings } from './config.js';
import type { Database } from './db/database.js';
import { LOCKS } from './locks.js';
import { runDdl } from './run-ddl.js';
import { runIdSchema, type RunId } from './run-params.js';
import { sql } from './sql.js';

export interface AbandonedRuns {
  /** Runs that were still `running` with no activity for `abandonedAfterHours`, now `failed`. */
  readonly failed: readonly RunId[];
  /** Every run whose schema, if it still had one, was dropped: the abandoned ones and finished runs' leftovers. */
  readonly cleaned: readonly RunId[];
}

const NOTHING: AbandonedRuns = { failed: [], cleaned: [] };

/**
 * Housekeeping at the start of every prepare: a run whose workflow died (a crashed execution, a
 * cancelled one) leaves a `running` ledger row and a schema of stage tables behind. Those older
 * than `settings.abandonedAfterHours` are marked failed with a reason (their stages still marked
 * running too), and their schemas dropped.
 * Skipped, not waited for, while a publish or abort holds the publish lock: they too end runs and
 * drop schemas, and a new run should never queue behind an old one's publish for this.
 */
export async function removeAbandonedRuns(db: Database, settings: PipelineSettings, by: RunId): Promise<AbandonedRuns> {
  const reason = `abandoned: no activity for more than ${settings.abandonedAfterHours} hours; cleaned up by the prepare of run ${by}`;
  return db.transaction(async (tx) => {
    const { rows: [lock] } = await tx.query<{ locked: boolean }>(sql('session/try_advisory_lock').text, [LOCKS.publish]);
    if (!lock?.locked) return NOTHING;
    const { rows } = await tx.query<{ run_id: string; abandoned: boolean }>(sql('meta/claim_abandoned_runs').text, [settings.abandonedAfterHours, reason]);
    const failed: RunId[] = [];
    const cleaned: RunId[] = [];
    for (const row of rows) {
      // Ledger rows only ever hold validated ids; checked again because this one is spliced into DDL.
      if (!runIdSchema.safeParse(row.run_id).success) continue;
      await tx.query(runDdl.dropSchema(row.run_id));
      cleaned.push(row.run_id);
      if (row.abandoned) failed.push(row.run_id);
    }
    // Their stages end too: a failed run shows no stage still running.
    if (failed.length > 0) await tx.query(sql('meta/end_running_stages').text, [failed, reason]);
    return { failed, cleaned };
  });
}
