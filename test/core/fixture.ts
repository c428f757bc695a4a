/**
 * The hand-made fixture of the core suites (fixtures/sources.sql: eight customers as of
 * 2024-06-30, each there for an edge case) and the helpers that read tables back as plain values.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { DEFAULT_SETTINGS, type PipelineSettings } from '../../core/config.js';
import type { Database, Queryable } from '../../core/db/database.js';
import { sql } from '../../core/sql.js';

export const FIXTURE_AS_OF = '2024-06-30';

/** The defaults, with a test-sized work_mem: suites share a 2-core machine. */
export const SETTINGS: PipelineSettings = { ...DEFAULT_SETTINGS, workMem: '8MB' };

const fixtureSources = readFileSync(new URL('./fixtures/sources.sql', import.meta.url), 'utf8');

/** Replaces the six source tables with the fixture's rows (no keys, as a raw feed arrives). */
export async function loadFixture(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.exec(sql('source/drop_tables').text);
    await tx.exec(sql('source/create_tables').text);
    await tx.exec(fixtureSources);
  });
}

/** A value in an expected row that is a float worked out by hand, equal to 9 decimal places. */
export const approx = (value: number): unknown => expect.closeTo(value, 9);

/**
 * The rows of `from`, each as an array of `columns` in order (through jsonb, so numeric, float,
 * integer and date read back the same from PGlite and from pg: numbers and 'YYYY-MM-DD').
 */
export async function rowsOf(q: Queryable, from: string, columns: readonly string[], orderBy = 'customer_id'): Promise<unknown[][]> {
  const { rows } = await q.query<{ r: unknown[] }>(`select jsonb_build_array(${columns.join(', ')}) as r from ${from} order by ${orderBy}`);
  return rows.map((row) => row.r);
}

/** The promise's rejection, for asserting on codes; fails the test if it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<Error & { code?: string; details?: Record<string, unknown> }> {
  return promise.then(
    (value) => { throw new Error(`expected a rejection, got ${JSON.stringify(value)}`); },
    (error: Error) => error,
  );
}
