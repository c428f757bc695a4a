import type { Queryable } from './db/database.js';
import type { RunId } from './run-params.js';
import { sql } from './sql.js';

/**
 * Every kind of dirt the data-quality report counts, as `<source table>.<kind>`, declared once:
 * sql/quality/report.sql writes exactly these keys and countQuality holds it to them. Each kind
 * is kept or left out of customer_360 as the seed's SQL does (README, "Dirty sources").
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
  'purchase_transactions.duplicate_transaction_id',
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

/** Source rows per kind of dirt in the published state. */
export type DataQuality = Readonly<Record<QualityCheck, number>>;

/**
 * The report of the published state as of `asOfDate` (sql/quality/report.sql over its ledger,
 * cdp_state.customer_dirt), with every kind present: 0 where there is none.
 */
export async function countQuality(q: Queryable, asOfDate: string): Promise<DataQuality> {
  const { rows } = await q.query<{ quality: Partial<Record<string, number>> }>(sql('quality/report').text, [asOfDate]);
  const found = rows[0]!.quality;
  const unknown = Object.keys(found).filter((kind) => !(QUALITY_CHECKS as readonly string[]).includes(kind));
  if (unknown.length > 0) throw new Error(`sql/publish/create_customer_dirt.sql counts kinds QUALITY_CHECKS does not list: ${unknown.join(', ')}`);
  return Object.fromEntries(QUALITY_CHECKS.map((check) => [check, found[check] ?? 0])) as DataQuality;
}

/** Stores the report in the run's ledger row. */
export async function recordQuality(q: Queryable, runId: RunId, quality: DataQuality): Promise<void> {
  await q.query(sql('meta/record_quality').text, [runId, JSON.stringify(quality)]);
}
