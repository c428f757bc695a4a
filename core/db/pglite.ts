import { PGlite, types } from '@electric-sql/pglite';
import type { Database, Queryable, QueryResult } from './database.js';

// Same shapes as the pg driver gives (see postgres.ts): dates as 'YYYY-MM-DD', bigint as number.
const parsers = {
  [types.DATE]: (value: string) => value,
  [types.INT8]: (value: string) => Number(value),
};

interface PGliteLike {
  query<R>(text: string, params?: unknown[]): Promise<{ rows: R[]; affectedRows?: number; rowCount?: number }>;
  exec(script: string): Promise<unknown>;
}

function wrap(target: PGliteLike): Queryable {
  return {
    async query<R>(text: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
      const result = await target.query<R>(text, params ? [...params] : undefined);
      return { rows: result.rows, rowCount: result.rowCount ?? result.affectedRows ?? result.rows.length };
    },
    async exec(script: string): Promise<void> {
      await target.exec(script);
    },
  };
}

/**
 * Embedded PostgreSQL (compiled to WASM) in this process: one session, so concurrent callers
 * are served one at a time, and a transaction holds the session until it ends.
 * `dataDir` keeps the database on disk between runs; without it, it lives in memory.
 */
export async function createEmbeddedDatabase(dataDir?: string, options: { readonly loadDataDir?: Blob } = {}): Promise<Database> {
  // `loadDataDir` starts from a dumped, already initialised cluster, much sooner than a fresh initdb.
  const pglite = await PGlite.create(dataDir, { parsers, ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}) });
  return {
    kind: 'embedded',
    ...wrap(pglite),
    transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      return pglite.transaction((tx) => fn(wrap(tx)));
    },
    async close(): Promise<void> {
      await pglite.close();
    },
  };
}
