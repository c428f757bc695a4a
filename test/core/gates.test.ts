/**
 * checkTable reads one count per gate from sql/publish/gates_and_summary.sql's single row, the
 * key gate's from the primary key's build, and the run's summary from the same row.
 */
import { describe, expect, it } from 'vitest';
import type { Queryable } from '../../core/db/database.js';
import { checkTable, GATES } from '../../core/gates.js';

/** A session answering every query with `row`. */
const answering = (row: Record<string, unknown>): Queryable => ({
  query: async <R>() => ({ rows: [row as R], rowCount: 1 }),
  exec: async () => {},
});

const KEY = { gate: 'customer_id_unique_not_null', offending: 7 } as const;
const OTHERS = GATES.filter((gate) => gate !== KEY.gate);
const SUMMARY = { segments: { 'High Value': 1, 'Low Value': 2 }, statuses: { Active: 3 }, summary_rows: 3 };

describe('checkTable', () => {
  it('reports each gate with its own column\'s count and the key gate with the key\'s, in GATES order', async () => {
    const row = { ...Object.fromEntries(OTHERS.map((gate) => [gate, GATES.indexOf(gate)])), ...SUMMARY };
    const { gates } = await checkTable(answering(row), KEY);
    expect(gates).toEqual(GATES.map((gate, i) => ({ gate, offending: gate === KEY.gate ? 7 : i })));
  });

  it('fails, rather than passing the gate, when the SQL has no column for it', async () => {
    const row = { ...Object.fromEntries(OTHERS.slice(1).map((gate) => [gate, 0])), ...SUMMARY };
    await expect(checkTable(answering(row), KEY)).rejects.toThrow(`no count for gate ${OTHERS[0]}`);
  });

  it('returns the segments and statuses counted in the same row', async () => {
    const row = { ...Object.fromEntries(OTHERS.map((gate) => [gate, 0])), ...SUMMARY };
    expect(await checkTable(answering(row), KEY)).toMatchObject({ segments: SUMMARY.segments, statuses: SUMMARY.statuses });
  });

  it('tells the SQL whether the key was built, which then spares one_row_per_customer its count', async () => {
    const row = { ...Object.fromEntries(OTHERS.map((gate) => [gate, 0])), ...SUMMARY };
    const params: unknown[] = [];
    const recording: Queryable = {
      query: async <R>(_text: string, values?: unknown[]) => {
        params.push(values);
        return { rows: [row as R], rowCount: 1 };
      },
      exec: async () => {},
    };
    await checkTable(recording, { ...KEY, offending: 0 });
    await checkTable(recording, KEY);
    expect(params).toEqual([[true], [false]]);
  });

  it('fails when a summary does not cover every row: a value the SQL does not list', async () => {
    const row = { ...Object.fromEntries(OTHERS.map((gate) => [gate, 0])), ...SUMMARY, statuses: { Active: 2 } };
    await expect(checkTable(answering(row), KEY)).rejects.toThrow('counts 2 of 3 rows in statuses');
  });
});
