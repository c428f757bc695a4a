/** checkGates reads one count per gate from sql/publish/gates.sql's single row, in GATES order. */
import { describe, expect, it } from 'vitest';
import type { Queryable } from '../../core/db/database.js';
import { checkGates, gateFailure, GATES } from '../../core/gates.js';

/** A session answering every query with `row`. */
const answering = (row: Record<string, unknown>): Queryable => ({
  query: async <R>() => ({ rows: [row as R], rowCount: 1 }),
  exec: async () => {},
});

describe('checkGates', () => {
  it('reports each gate with its own column\'s count, in GATES order', async () => {
    const row = Object.fromEntries(GATES.map((gate, i) => [gate, i]));
    expect(await checkGates(answering(row))).toEqual(GATES.map((gate, i) => ({ gate, offending: i })));
  });

  it('fails, rather than passing the gate, when the SQL has no column for it', async () => {
    const row = Object.fromEntries(GATES.slice(1).map((gate) => [gate, 0]));
    await expect(checkGates(answering(row))).rejects.toThrow(`no count for gate ${GATES[0]}`);
  });
});

describe('gateFailure', () => {
  it('is undefined when every gate passed', () => {
    expect(gateFailure('r1', GATES.map((gate) => ({ gate, offending: 0 })))).toBeUndefined();
  });

  it('names the first failed gate and its count, and lists the others', () => {
    const failure = gateFailure('r1', GATES.map((gate, i) => ({ gate, offending: i < 2 ? 0 : i })));
    expect(failure).toMatchObject({ code: 'GATE_FAILED', details: { gate: GATES[2], offending: 2 } });
    expect(failure?.message).toBe(`quality gate ${GATES[2]} failed: 2 offending rows; also failed: ${GATES[3]} (3), ${GATES[4]} (4); nothing was published`);
  });
});
