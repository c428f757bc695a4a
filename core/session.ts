import type { PipelineSettings } from './config.js';
import type { Queryable } from './db/database.js';
import { runDdl } from './run-ddl.js';
import type { RunId } from './run-params.js';
import { sql } from './sql.js';

/** Scopes a stage or publish transaction to its run's schema, memory and time limits. */
export async function applyRunSession(tx: Queryable, runId: RunId, settings: PipelineSettings): Promise<void> {
  await tx.query(sql('session/settings').text, [runDdl.searchPath(runId), settings.workMem, String(settings.statementTimeoutMs)]);
}
