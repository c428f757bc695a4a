import type { Queryable } from './db/database.js';
import { CdpError } from './errors.js';
import type { RunId } from './run-params.js';
import { sql } from './sql.js';

/**
 * The quality gates publish checks on the new customer_360 before the swap, in the swap's own
 * transaction; sql/publish/gates.sql counts each one's offending rows in a column named for it,
 * in one scan of the table. Order matters only for the message: the first failed gate is the
 * one named.
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

/** Checks every gate (not just up to the first failure), so a report lists all that failed. */
export async function checkGates(tx: Queryable): Promise<GateOutcome[]> {
  const { rows } = await tx.query<Record<GateName, number>>(sql('publish/gates').text);
  const counts = rows[0]!;
  return GATES.map((gate) => {
    // A gate the SQL lost must fail loudly, never pass as "no offending rows".
    if (typeof counts[gate] !== 'number') throw new Error(`sql/publish/gates.sql has no count for gate ${gate}`);
    return { gate, offending: counts[gate] };
  });
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
