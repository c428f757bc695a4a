/**
 * The third side of each pair with `--changed-percent P`: a night's worth of changes to about P%
 * of the customers (sql/bench/change_customers.sql), made after the full run and before the
 * incremental one, and then the proof that the incremental run published what a full run would.
 */
import type { PipelineSettings } from '../../core/config.js';
import type { Database } from '../../core/db/database.js';
import { CdpError } from '../../core/errors.js';
import { sql } from '../../core/sql.js';
import { verifyPublished } from '../../core/verify.js';

export interface ChangeCounts {
  /** Customers chosen to change, and new customers added. */
  readonly changedCustomers: number;
  readonly newCustomers: number;
  /** Source rows inserted, updated or deleted. */
  readonly changedRows: number;
}

export async function changeCustomers(db: Database, percent: number, salt: number, asOfDate: string): Promise<ChangeCounts> {
  const { rows: [row] } = await db.query<{ changed_customers: number; new_customers: number; changed_rows: number }>(
    sql('bench/change_customers').text, [percent, salt, asOfDate],
  );
  return { changedCustomers: row!.changed_customers, newCustomers: row!.new_customers, changedRows: row!.changed_rows };
}

/** Fails, naming what differs, unless the published table and state equal a full rebuild. */
export async function assertEqualsFullRebuild(db: Database, settings: PipelineSettings, runId: string): Promise<void> {
  const report = await verifyPublished(db, settings);
  if (report.equal) return;
  const columns = Object.entries(report.customer360.columns).filter(([, n]) => n > 0).map(([column, n]) => `${column} ${n}`);
  throw new CdpError('INTERNAL', `the incremental run ${runId} differs from a full rebuild: ${JSON.stringify({ ...report.customer360, columns })}`);
}
