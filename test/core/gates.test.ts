/** checkGates reads one count per gate from sql/publish/gates.sql's single row. */
import { describe, expect, it } from 'vitest';
import type { Queryable } from '../../core/db/database.js';
import { checkGates, GATES } from '../../core/gates.js';

/** A session answering every query with `row`. */
const answering = (row: Record<string, number>): Queryable => ({
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
