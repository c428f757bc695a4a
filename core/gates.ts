import type { Queryable } from './db/database.js';
import { CdpError } from './errors.js';
import type { RunId } from './run-params.js';
import { sql } from './sql.js';

/**
 * The quality gates publish checks before anything is published, on the rows the run
 * recomputed (sql/publish/gates.sql counts each one's offending rows in a column named for it).
 * Order matters only for the message: the first failed gate is the one named.
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

/** Every gate with its offending rows (not just up to the first failure), so a report lists all that failed. */
export async function checkGates(tx: Queryable): Promise<GateOutcome[]> {
  const { rows } = await tx.query<Partial<Record<GateName, number>>>(sql('publish/gates').text);
  return GATES.map((gate) => {
    const offending = rows[0]?.[gate];
    // A gate the SQL lost must fail loudly, never pass as "no offending rows".
    if (typeof offending !== 'number') throw new Error(`sql/publish/gates.sql has no count for gate ${gate}`);
    return { gate, offending };
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
