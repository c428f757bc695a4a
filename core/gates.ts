import type { Queryable } from './db/database.js';
import { attemptInSavepoint } from './db/savepoint.js';
import { CdpError } from './errors.js';
import type { SourceRows, TableCounts } from './quality.js';
import type { RunId } from './run-params.js';
import { sql } from './sql.js';

/**
 * The quality gates publish checks on the new customer_360 before the swap, in the swap's own
 * transaction. customer_id_unique_not_null is decided by building the table's primary key
 * (keyTable); sql/publish/gates_and_summary.sql counts each other gate's offending rows in a
 * column named for it, in one scan of the table that also counts the run's summary. Order
 * matters only for the message: the first failed gate is the one named.
 */
export const GATES = [
  'one_row_per_customer',
  'customer_id_unique_not_null',
  'non_negative_counts',
  'non_negative_spend',
  'rates_in_range',
] as const;

export type GateName = (typeof GATES)[number];

export interface GateOutcome {
  readonly gate: GateName;
  /** Rows breaking the gate; 0 when it passed. */
  readonly offending: number;
}

const KEY_GATE = 'customer_id_unique_not_null' satisfies GateName;

// SQLSTATEs of a primary key that cannot be built over the rows: a repeated id, a null id.
const KEY_VIOLATIONS = new Set(['23505', '23502']);

/**
 * Builds customer_360's primary key, once, after the load. Its build proves customer_id unique
 * and not null, so that gate needs no count of distinct ids: 0 offending rows. When a repeated
 * or null id stops it, the transaction goes back to before the build, the table stays unkeyed,
 * and the gate's offending rows are counted (sql/publish/key_gate.sql). Any other failure is
 * thrown.
 */
export async function keyTable(tx: Queryable): Promise<GateOutcome> {
  const savepoint = { set: sql('publish/key_savepoint').text, rollback: sql('publish/key_rollback').text };
  if (await attemptInSavepoint(tx, savepoint, sql('publish/add_primary_key').text, KEY_VIOLATIONS)) {
    return { gate: KEY_GATE, offending: 0 };
  }
  const { rows } = await tx.query<Record<typeof KEY_GATE, number>>(sql('publish/key_gate').text);
  return { gate: KEY_GATE, offending: rows[0]![KEY_GATE] };
}

/** What one scan of the new table tells: every gate, and the run's summary. */
export interface TableCheck {
  readonly gates: GateOutcome[];
  /** Customers per customer_segment and per customer_status; a value no customer has is absent. */
  readonly segments: Record<string, number>;
  readonly statuses: Record<string, number>;
  /** What the table tells the quality report counted beside it. */
  readonly counts: TableCounts;
}

type CheckRow = Record<GateName, number> & {
  segments: Record<string, number>;
  statuses: Record<string, number>;
  summary_rows: number;
  customer_rows: SourceRows;
  registered_after_as_of_date: number;
};

const FILE = 'sql/publish/gates_and_summary.sql';

/** Counts that must cover every row, or the SQL has fallen behind create_customer_360.sql's values. */
function covering(counts: Record<string, number>, rows: number, column: string): Record<string, number> {
  const counted = Object.values(counts).reduce((sum, n) => sum + n, 0);
  if (counted !== rows) throw new Error(`${FILE} counts ${counted} of ${rows} rows in ${column}: it does not list a value the table has`);
  return counts;
}

/**
 * Checks every gate (not just up to the first failure), so a report lists all that failed, and
 * counts the summary in the same scan; `key` is keyTable's outcome.
 */
export async function checkTable(tx: Queryable, key: GateOutcome): Promise<TableCheck> {
  const { rows } = await tx.query<CheckRow>(sql('publish/gates_and_summary').text, [key.offending === 0]);
  const row = rows[0]!;
  const counts: Partial<Record<GateName, number>> = { ...row, [KEY_GATE]: key.offending };
  const gates = GATES.map((gate) => {
    // A gate the SQL lost must fail loudly, never pass as "no offending rows".
    const offending = counts[gate];
    if (typeof offending !== 'number') throw new Error(`${FILE} has no count for gate ${gate}`);
    return { gate, offending };
  });
  return {
    gates,
    segments: covering(row.segments, row.summary_rows, 'segments'),
    statuses: covering(row.statuses, row.summary_rows, 'statuses'),
    counts: { customerRows: row.customer_rows, registeredAfterAsOfDate: row.registered_after_as_of_date },
  };
}

/** GATE_FAILED naming the first failed gate and its offending count, or undefined when all passed. */
export function gateFailure(runId: RunId, outcomes: readonly GateOutcome[]): CdpError | undefined {
  const failed = outcomes.filter((outcome) => outcome.offending > 0);
  const first = failed[0];
  if (!first) return undefined;
  const others = failed.slice(1).map((outcome) => `${outcome.gate} (${outcome.offending})`);
  const message = `quality gate ${first.gate} failed: ${first.offending} offending row${first.offending === 1 ? '' : 's'}`
    + (others.length > 0 ? `; also failed: ${others.join(', ')}` : '')
    + '; nothing was published';
  return new CdpError('GATE_FAILED', message, { runId, gate: first.gate, offending: first.offending, gates: failed });
}
