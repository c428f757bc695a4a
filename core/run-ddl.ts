import type { StageName } from './stages.js';
import { runSchema, type RunId } from './run-params.js';

/**
 * The only statements formed at run time: DDL naming a run's schema, whose name comes from a
 * validated run id, and a stage table, whose name comes from the fixed stage list.
 */
export const runDdl = {
  dropSchema: (runId: RunId) => `drop schema if exists ${runSchema(runId)} cascade`,
  createSchema: (runId: RunId) => `create schema ${runSchema(runId)}`,
  dropStageTable: (runId: RunId, stage: StageName) => `drop table if exists ${runSchema(runId)}.${stage}`,
  /**
   * What readies a stage table for publish's merge joins, which read it in customer order through
   * an index on customer_id. A stage that groups by customer_id holds each customer once: a
   * unique index says so to the planner, which then plans the joins on right row counts without
   * statistics (no ANALYZE: 0.05 s a table at 1,000,000 rows), and fails the stage if it ever did
   * not. temp_customer_basic copies customer_info, which a dirty feed can hold twice (publish's
   * key gate refuses that run): a plain index, without deduplication (nothing to merge into
   * posting lists in a clean feed: 0.19-0.20 -> 0.17 s), and statistics of customer_id, all that
   * publish's statements filter or join on (half the time of every column).
   */
  readyStageTable: (runId: RunId, stage: StageName): readonly string[] =>
    stage === 'temp_customer_basic'
      ? [
          `create index on ${runSchema(runId)}.${stage} (customer_id) with (deduplicate_items = off)`,
          `analyze ${runSchema(runId)}.${stage} (customer_id)`,
        ]
      : [`create unique index on ${runSchema(runId)}.${stage} (customer_id)`],
  dropNextTable: (runId: RunId) => `drop table if exists ${runSchema(runId)}.customer_360`,
  /** The swap: the old table goes, the new one moves into public, inside the caller's transaction. */
  swapIn: (runId: RunId) => [
    'drop table if exists public.customer_360',
    `alter table ${runSchema(runId)}.customer_360 set schema public`,
  ],
  /** search_path for a run's session: its schema first (where stage tables are made), then the sources. */
  searchPath: (runId: RunId) => `${runSchema(runId)}, public`,
} as const;
