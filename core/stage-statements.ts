import type { Queryable } from './db/database.js';
import type { SessionWork } from './session.js';
import { sql, type SqlFile } from './sql.js';
import type { StageName } from './stages.js';

/**
 * The statement a stage runs: `sql/stages/<stage>.sql`, except temp_purchase_stats when nothing
 * guarantees that transaction_id is a key (unique and NOT NULL). Its fast file counts rows where
 * the seed counts distinct ids (the same number under such a key, without a sort per customer);
 * the catalog is asked each time, so a source without the key gets the seed's count, never a
 * wrong one.
 */
export async function stageStatement(q: Queryable, stage: StageName, sourceSchema = 'public'): Promise<SqlFile> {
  if (stage !== 'temp_purchase_stats') return sql(`stages/${stage}`);
  const { rows } = await q.query<{ unique_key: boolean }>(sql('source/transaction_id_unique').text, [sourceSchema]);
  return sql(rows[0]?.unique_key ? 'stages/temp_purchase_stats' : 'stages/temp_purchase_stats_distinct');
}

/**
 * Stages whose aggregates all keep plain 8-byte states, so that a hash table of their customers
 * fits in a session's memory and spares sorting the source (sql/session/hashed_stage_plan.sql).
 * The others sum numerics or count distinct values, whose hash tables outgrow it: sorted.
 */
const HASHED_STAGES: ReadonlySet<StageName> = new Set(['temp_website_behavior']);

/**
 * The smallest stage, last in workflows/customer_360.yaml: by the time it starts the other lane
 * has usually finished, so it may use a parallel worker (sql/session/tail_stage_plan.sql).
 */
const TAIL_STAGE: StageName = 'temp_customer_basic';

/** The planner settings a stage runs with (sql/session/<plan>_plan.sql). */
export function stagePlan(stage: StageName): SessionWork {
  if (stage === TAIL_STAGE) return 'tail_stage';
  return HASHED_STAGES.has(stage) ? 'hashed_stage' : 'stage';
}
