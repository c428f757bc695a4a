import type { Queryable } from './db/database.js';
import type { RunId } from './run-params.js';
import { sql } from './sql.js';

/**
 * Every kind of dirt the data-quality report counts, as `<source table>.<kind>`, declared once:
 * sql/quality/source_report.sql writes exactly these keys and the tests hold it to them.
 * Each kind is kept or left out of customer_360 as the seed's SQL does (README, "Dirty sources and quality gates").
 */
export const QUALITY_CHECKS = [
  'customer_info.null_customer_id',
  'customer_info.duplicate_customer_id',
  'customer_info.registered_after_as_of_date',
  'purchase_transactions.null_customer_id',
  'purchase_transactions.unknown_customer',
  'purchase_transactions.unknown_product',
  'purchase_transactions.negative_amount',
  'purchase_transactions.after_as_of_date',
  'customer_service.null_customer_id',
  'customer_service.unknown_customer',
  'customer_service.satisfaction_out_of_range',
  'customer_service.unknown_resolution_status',
  'campaign_responses.null_customer_id',
  'campaign_responses.unknown_customer',
  'campaign_responses.unknown_response_type',
  'campaign_responses.repeat_conversion',
  'website_behavior.null_customer_id',
  'website_behavior.unknown_customer',
  'website_behavior.after_as_of_date',
] as const;

export type QualityCheck = (typeof QUALITY_CHECKS)[number];

/** Source rows per kind of dirt, as the run's stages read them. */
export type DataQuality = Readonly<Record<QualityCheck, number>>;

/**
 * Sums the dirt the stages counted in their sources into the run's report: one SELECT over the
 * stage tables (which may run in parallel), with the run's schema on the search_path.
 */
export async function countSourceQuality(q: Queryable): Promise<DataQuality> {
  const { rows } = await q.query<{ quality: DataQuality }>(sql('quality/source_report').text);
  return rows[0]!.quality;
}

/** Stores the report in the run's ledger row, inside publish's transaction. */
export async function recordSourceQuality(tx: Queryable, runId: RunId, quality: DataQuality): Promise<void> {
  await tx.query(sql('meta/record_quality').text, [runId, JSON.stringify(quality)]);
}

/** The kinds found at least once, e.g. for a one-line summary. */
export function qualityIssues(quality: DataQuality | null): Partial<Record<QualityCheck, number>> {
  if (!quality) return {};
  return Object.fromEntries(QUALITY_CHECKS.filter((check) => (quality[check] ?? 0) > 0).map((check) => [check, quality[check]]));
}
