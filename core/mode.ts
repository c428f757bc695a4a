import { captureStatus, indexAdvice } from './capture.js';
import type { PipelineSettings } from './config.js';
import type { Queryable } from './db/database.js';
import type { ModeRecord } from './ledger.js';
import { sql } from './sql.js';
import { publishedState } from './state.js';
import type { RunMode } from './stages.js';

/**
 * Decides, in prepare's snapshot, whether the run may be incremental: only when recomputing the
 * changed customers gives exactly what a full run would. Otherwise it is a full run, and the
 * reason is recorded in the ledger and shown by `cdp status`. Reads the change log the run
 * consumes (consumed_changes in the run's schema) and, for an incremental run, writes the
 * changed customers there (changed_customers).
 */
export async function decideMode(tx: Queryable, requested: RunMode, asOfDate: string, settings: PipelineSettings): Promise<ModeRecord> {
  const capture = await captureStatus(tx);
  const state = await publishedState(tx);
  const record = (mode: RunMode, reason: string | null): ModeRecord => ({
    requested, mode, reason, stateVersion: state?.version ?? null, captureFingerprint: capture.installed ? capture.fingerprint : null,
  });
  if (requested === 'full') return record('full', null);
  const full = (reason: string) => record('full', reason);

  if (!state) return full('there is no state yet: the first run builds it in full');
  if (state.needs_full_reason) return full(state.needs_full_reason);
  if (!state.complete) return full('the state\'s tables are missing (dropped by hand?)');
  if (asOfDate < state.dated_from) {
    return full(`the as-of date ${asOfDate} is before ${state.dated_from}, the earliest the state can give (a backfill)`);
  }
  if (!capture.installed) {
    return full(`the change capture is not installed${capture.triggers > 0 ? ` (${capture.triggers} of its 24 triggers present or enabled)` : ''}: run \`cdp capture install\``);
  }
  if (state.capture_fingerprint !== capture.fingerprint) {
    return full(state.capture_fingerprint === null
      ? 'the state was built without the change capture'
      : 'the change capture or a source table changed since the state was built, so changes may have gone unrecorded');
  }
  if (capture.missingIndexes.length > 0) {
    return full(`no index on customer_id in ${capture.missingIndexes.join(', ')}: ${capture.missingIndexes.map(indexAdvice).join('; ')}`);
  }
  const { rows: [changes] } = await tx.query<{ full_reasons: string[]; changed_products: number }>(sql('prepare/changes_summary').text);
  if (changes!.full_reasons.length > 0) return full(`${changes!.full_reasons.join('; ')} since the last run`);

  await tx.exec(sql('prepare/changed_customers').text);
  const { rows: [counted] } = await tx.query<{ changed: number; published: number }>(sql('prepare/count_changed_customers').text);
  const { changed, published } = counted!;
  if (changed > (published * settings.incrementalMaxChangedPercent) / 100) {
    return full(`${changed} of ${published} customers changed, more than ${settings.incrementalMaxChangedPercent}% (CDP_INCREMENTAL_MAX_CHANGED_PERCENT)`);
  }
  return record('incremental', null);
}
