import type { PipelineSettings } from './config.js';
import type { Queryable } from './db/database.js';
import { runDdl } from './run-ddl.js';
import type { RunId } from './run-params.js';
import { sql } from './sql.js';

/** The work a session does, when it has planner settings of its own (sql/session/<work>_plan.sql). */
export type SessionWork = 'stage' | 'hashed_stage' | 'tail_stage' | 'publish' | 'changes';

/**
 * Scopes a stage or publish transaction to its run's schema, memory and time limits, and, for
 * `work`, to the planner settings measured to suit it (docs/performance.md).
 */
export async function applyRunSession(tx: Queryable, runId: RunId, settings: PipelineSettings, work?: SessionWork): Promise<void> {
  await tx.query(sql('session/settings').text, [runDdl.searchPath(runId), settings.workMem, String(settings.statementTimeoutMs)]);
  if (work) await tx.query(sql(`session/${work}_plan`).text);
}
