import type { PipelineSettings } from './config.js';
import type { Database } from './db/database.js';
import { asCdpError, type ErrorCode } from './errors.js';
import { publish, type PublishRequest, type PublishResult } from './publish.js';
import { sql } from './sql.js';

// Refusals that are no attempt of this run's publish: another caller's, or before the ledger.
const NOT_AN_ATTEMPT: ReadonlySet<ErrorCode> = new Set(['BAD_INPUT', 'RUN_UNKNOWN', 'RUN_LEASED', 'UNREACHABLE']);

/**
 * `publish`, with each attempt recorded as a stage row named `publish` (its attempts, time, rows
 * or error with its error id), as a stage records its own: a retried publish shows as retried.
 * Recorded after the publish's transaction, best effort: the publish's answer stands either way.
 */
export async function publishRecorded(db: Database, request: PublishRequest, settings: PipelineSettings): Promise<PublishResult> {
  const started = new Date().toISOString();
  const record = (status: 'succeeded' | 'failed', rows: number | null, error: string | null) =>
    db.query(sql('meta/record_publish_attempt').text, [request.runId, status, rows, error, started]).catch(() => undefined);
  try {
    const result = await publish(db, request, settings);
    await record('succeeded', result.rows, null);
    return result;
  } catch (caught) {
    const failure = asCdpError(caught, 'publish');
    if (!NOT_AN_ATTEMPT.has(failure.code)) await record('failed', null, `${failure.message} (error id ${failure.errorId})`);
    throw failure;
  }
}
