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
  /** A stage table's unique index on customer_id (core/stage-index.ts says which tables get it). */
  uniqueStageIndex: (runId: RunId, stage: StageName) => `create unique index on ${runSchema(runId)}.${stage} (customer_id)`,
  /**
   * The index of a stage table that repeats a customer (temp_customer_basic of a dirty
   * customer_info): plain, without deduplication (nothing to merge into posting lists when
   * repeats are rare: 0.19-0.20 -> 0.17 s at 1,000,000 rows), and statistics of customer_id, all
   * that publish's statements filter or join on (half the time of every column).
   */
  plainStageIndex: (runId: RunId, stage: StageName): readonly string[] => [
    `create index on ${runSchema(runId)}.${stage} (customer_id) with (deduplicate_items = off)`,
    `analyze ${runSchema(runId)}.${stage} (customer_id)`,
  ],
  dropNextTable: (runId: RunId) => `drop table if exists ${runSchema(runId)}.customer_360`,
  /** The swap: the old table goes, the new one moves into public, inside the caller's transaction. */
  swapIn: (runId: RunId) => [
    'drop table if exists public.customer_360',
    `alter table ${runSchema(runId)}.customer_360 set schema public`,
  ],
  /** search_path for a run's session: its schema first (where stage tables are made), then the sources. */
  searchPath: (runId: RunId) => `${runSchema(runId)}, public`,
} as const;
