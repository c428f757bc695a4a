/**
 * checkGates reads one count per gate from sql/publish/gates.sql's single row, and the key gate's
 * from the primary key's build.
 */
import { describe, expect, it } from 'vitest';
import type { Queryable } from '../../core/db/database.js';
import { checkGates, GATES } from '../../core/gates.js';

/** A session answering every query with `row`. */
const answering = (row: Record<string, number>): Queryable => ({
  query: async <R>() => ({ rows: [row as R], rowCount: 1 }),
  exec: async () => {},
});

describe('checkGates', () => {
  const KEY = { gate: 'customer_id_unique_not_null', offending: 7 } as const;
  const others = GATES.filter((gate) => gate !== KEY.gate);

  it('reports each gate with its own column\'s count and the key gate with the key\'s, in GATES order', async () => {
    const row = Object.fromEntries(others.map((gate) => [gate, GATES.indexOf(gate)]));
    expect(await checkGates(answering(row), KEY)).toEqual(GATES.map((gate, i) => ({ gate, offending: gate === KEY.gate ? 7 : i })));
  });

  it('fails, rather than passing the gate, when the SQL has no column for it', async () => {
    const row = Object.fromEntries(others.slice(1).map((gate) => [gate, 0]));
    await expect(checkGates(answering(row), KEY)).rejects.toThrow(`no count for gate ${others[0]}`);
  });
});
