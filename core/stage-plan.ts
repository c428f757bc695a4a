import type { Queryable } from './db/database.js';
import type { SessionWork } from './session.js';
import { sql, type SqlFile } from './sql.js';
import type { RunMode, StageName } from './stages.js';

/**
 * The statement a stage runs: `sql/stages/<stage>.sql`, except temp_purchase_stats when a key
 * guarantees that transaction_id is unique and never NULL: then the seed's COUNT(DISTINCT) is
 * count(*), and temp_purchase_stats_keyed.sql spares a sort per customer. The catalog is asked
 * each time, so a source without such a key always gets the seed's count.
 */
export async function stageStatement(q: Queryable, stage: StageName): Promise<SqlFile> {
  if (stage !== 'temp_purchase_stats') return sql(`stages/${stage}`);
  const { rows } = await q.query<{ unique_key: boolean }>(sql('source/transaction_id_unique').text, ['public']);
  return sql(rows[0]?.unique_key ? 'stages/temp_purchase_stats_keyed' : 'stages/temp_purchase_stats');
}

/**
 * The stages whose SQL takes the run's as-of date as $1: they keep the dates of their source's
 * rows dated after it, for the data-quality report. The others take no parameter.
 */
export const DATED_STAGES: ReadonlySet<StageName> = new Set(['temp_purchase_stats', 'temp_website_behavior']);

/** The parameters of a stage's statement. */
export function stageParams(stage: StageName, asOfDate: string): string[] {
  return DATED_STAGES.has(stage) ? [asOfDate] : [];
}

/** The one stage whose aggregates all keep 8-byte states, so that its customers are hashed, not sorted. */
const HASHED_STAGE: StageName = 'temp_website_behavior';

/** The smallest stage, last in workflows/customer_360.yaml: it may use the core the other lane has freed. */
export const TAIL_STAGE: StageName = 'temp_customer_basic';

/**
 * The planner settings a stage runs with (sql/session/<plan>_plan.sql): a full run reads whole
 * sources; an incremental run reads a few customers' rows through indexes.
 */
export function stagePlan(stage: StageName, mode: RunMode): SessionWork {
  if (mode === 'incremental') return 'changes';
  if (stage === TAIL_STAGE) return 'tail_stage';
  return stage === HASHED_STAGE ? 'hashed_stage' : 'stage';
}
