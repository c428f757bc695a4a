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

/** Source rows per kind of dirt, as the run's stages read them. */
export type DataQuality = Readonly<Record<QualityCheck, number>>;

/** The sources whose rows customer_360 counts per customer, so whose unknown customers' rows it can give back. */
export const COUNTED_IN_TABLE = ['purchase_transactions', 'customer_service', 'website_behavior'] as const;

/** Rows per source of COUNTED_IN_TABLE. */
export type SourceRows = Readonly<Record<(typeof COUNTED_IN_TABLE)[number], number>>;

/**
 * The report counted beside publish's join, before customer_360 exists: every count but those
 * the table tells (null), which completeQuality takes from it.
 */
export interface QualityBesideTable {
  readonly counts: Readonly<Record<QualityCheck, number | null>>;
  /** Each source's rows with a customer_id, known to the run or not. */
  readonly rowsWithCustomerId: SourceRows;
  /** True when total_purchases counted a transaction listed twice once: customer_360 then undercounts purchase rows. */
  readonly purchasesCountedAsOne: boolean;
}

/** What customer_360 tells the quality report (sql/publish/gates_and_summary.sql). */
export interface TableCounts {
  /** The rows of each source that the table's customers have. */
  readonly customerRows: SourceRows;
  /** The table's customers registered after the as-of date. */
  readonly registeredAfterAsOfDate: number;
}

interface ReportRow {
  quality: Record<QualityCheck, number | null>;
  rows_with_customer_id: SourceRows;
  purchases_counted_as_one: boolean;
}

/** `whole`: count all of it, or leave out what customer_360 will tell ($1 of the SQL). */
const report = async (q: Queryable, whole: boolean): Promise<ReportRow> =>
  (await q.query<ReportRow>(sql('quality/source_report').text, [whole])).rows[0]!;

/**
 * Sums the dirt the stages counted in their sources into the run's report: one SELECT over the
 * stage tables (which may run in parallel), with the run's schema on the search_path.
 */
export async function countSourceQuality(q: Queryable): Promise<DataQuality> {
  return (await report(q, true)).quality as DataQuality;
}

/** The report without the counts customer_360 will tell (sql/quality/source_report.sql with $1 false). */
export async function countQualityBesideTable(q: Queryable): Promise<QualityBesideTable> {
  const row = await report(q, false);
  return { counts: row.quality, rowsWithCustomerId: row.rows_with_customer_id, purchasesCountedAsOne: row.purchases_counted_as_one };
}

/**
 * Completes a report counted beside the table with what the table tells. That holds once it has
 * its primary key (`keyed`: each customer of the run, and each stage row of one, is in it once,
 * so customer_info had no null or repeated id), and while total_purchases counted every purchase
 * row; otherwise undefined, and the report is counted whole. A source's rows with a customer_id
 * that the table's customers do not have are unknown customers'.
 */
export function completeQuality(aside: QualityBesideTable, keyed: boolean, table: TableCounts): DataQuality | undefined {
  if (!keyed || aside.purchasesCountedAsOne) return undefined;
  const counts: Record<string, number | null> = {
    ...aside.counts,
    'customer_info.null_customer_id': 0,
    'customer_info.duplicate_customer_id': 0,
    'customer_info.registered_after_as_of_date': table.registeredAfterAsOfDate,
  };
  for (const source of COUNTED_IN_TABLE) {
    const unknown = aside.rowsWithCustomerId[source] - table.customerRows[source];
    // The table's customers are a subset of the ids counted: anything else is a bug in the SQL.
    if (!(unknown >= 0)) throw new Error(`the quality report counts ${aside.rowsWithCustomerId[source]} ${source} rows with a customer_id, customer_360 ${table.customerRows[source]}`);
    counts[`${source}.unknown_customer`] = unknown;
  }
  const missing = QUALITY_CHECKS.filter((check) => typeof counts[check] !== 'number');
  if (missing.length > 0) throw new Error(`sql/quality/source_report.sql gave no count for ${missing.join(', ')}`);
  return counts as DataQuality;
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
