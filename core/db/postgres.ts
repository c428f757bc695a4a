import pg from 'pg';
import type { Database, DatabaseKind, Queryable, QueryResult } from './database.js';

// Dates stay 'YYYY-MM-DD' strings (pg would shift them into the process time zone), and bigint
// counts become numbers; numerics stay exact strings.
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === pg.types.builtins.DATE) return (value: string) => value;
    if (oid === pg.types.builtins.INT8) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

function wrap(client: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<R>(text: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
      const result = await client.query(text, params as unknown[] | undefined);
      return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 };
    },
    async exec(script: string): Promise<void> {
      await client.query(script);
    },
  };
}

/** A pool over any PostgreSQL server; `config` comes from a URL or from the Cloud SQL connector. */
export function createPostgresDatabase(config: pg.PoolConfig, kind: DatabaseKind, onClose?: () => void): Database {
  const pool = new pg.Pool({ ...config, max: config.max ?? 10, types });
  // An idle client whose server went away must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  const self = wrap(pool);
  const database: Database = {
    kind,
    ...self,
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken: Error | undefined;
      // The pool listens for errors only on idle clients. A connection killed under a transaction
      // (pg_terminate_backend, a failover) would otherwise emit an unhandled 'error' and end the
      // process, where it should only fail this transaction: the statement rejects on its own.
      const onError = (error: Error) => {
        broken = error;
      };
      client.on('error', onError);
      try {
        await client.query('begin');
        const result = await fn(wrap(client));
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch((rollbackError: Error) => {
          broken = rollbackError;
        });
        throw error;
      } finally {
        client.removeListener('error', onError);
        // A client whose connection failed or whose rollback failed is discarded, not reused.
        client.release(broken);
      }
    },
    async close(): Promise<void> {
      await pool.end();
      onClose?.();
    },
  };
  return database;
}
