/** summarize reads the published table's summary from sql/publish/summary.sql's single row. */
import { describe, expect, it } from 'vitest';
import type { Queryable } from '../../core/db/database.js';
import { summarize } from '../../core/summary.js';

const answering = (row: Record<string, unknown>): Queryable => ({
  query: async <R>() => ({ rows: [row as R], rowCount: 1 }),
  exec: async () => {},
});

const ROW = { rows: 3, segments: { 'High Value': 1, 'Low Value': 2 }, statuses: { Active: 3 } };

describe('summarize', () => {
  it('returns the row count, segments and statuses', async () => {
    expect(await summarize(answering(ROW), '2026-06-30')).toEqual(ROW);
  });

  it('fails when a summary does not cover every row: a value the SQL does not list', async () => {
    await expect(summarize(answering({ ...ROW, statuses: { Active: 2 } }), '2026-06-30')).rejects.toThrow('counts 2 of 3 rows in statuses');
  });
});
