import type { Queryable } from './db/database.js';
import { sql } from './sql.js';

/** What the published customer_360 holds, in brief. */
export interface Summary {
  readonly rows: number;
  /** Customers per customer_segment and per customer_status; a value no customer has is absent. */
  readonly segments: Record<string, number>;
  readonly statuses: Record<string, number>;
}

/** Counts that must cover every row, or the SQL has fallen behind the values the table's CASEs give. */
function covering(counts: Record<string, number>, rows: number, column: string): Record<string, number> {
  const counted = Object.values(counts).reduce((sum, n) => sum + n, 0);
  if (counted !== rows) throw new Error(`sql/publish/summary.sql counts ${counted} of ${rows} rows in ${column}: it does not list a value the table has`);
  return counts;
}

/** The published table's summary as of `asOfDate`, from the state's summary counts. */
export async function summarize(q: Queryable, asOfDate: string): Promise<Summary> {
  const { rows: [row] } = await q.query<Summary>(sql('publish/summary').text, [asOfDate]);
  return { rows: row!.rows, segments: covering(row!.segments, row!.rows, 'segments'), statuses: covering(row!.statuses, row!.rows, 'statuses') };
}
