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
   * A stage table's index on customer_id, which publish joins and applies changes through.
   * Unique where the stage groups by customer (a repeat would be a bug, and the planner learns
   * the row count from the build); temp_customer_basic copies customer_info, which a dirty feed
   * can hold twice (the key gate refuses that run), so its index is plain, with statistics.
   */
  stageIndex: (runId: RunId, stage: StageName): readonly string[] =>
    stage === 'temp_customer_basic'
      ? [`create index on ${runSchema(runId)}.${stage} (customer_id)`, `analyze ${runSchema(runId)}.${stage}`]
      : [`create unique index on ${runSchema(runId)}.${stage} (customer_id)`],
  /** search_path of a run's session: its schema first (stage tables, an incremental run's source views), then the sources. */
  searchPath: (runId: RunId) => `${runSchema(runId)}, public`,
} as const;
