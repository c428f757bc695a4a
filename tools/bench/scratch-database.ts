/**
 * The bench's own database on the server it is given: `cdp_bench_<random>`, created at the start
 * and dropped at the end, also when the bench fails or is interrupted (Ctrl-C, SIGTERM).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { CdpError } from '../../core/errors.js';

export interface ScratchDatabase {
  readonly name: string;
  /** The server URL with the scratch database in its path. */
  readonly url: string;
  /** Drops the database (closing whatever is still connected to it); safe to call twice. */
  drop(): Promise<void>;
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Runs one statement on the server URL's own database, in a connection of its own. */
async function onServer(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 10_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query(statement);
  } finally {
    await client.end().catch(() => {});
  }
}

export async function createScratchDatabase(serverUrl: string): Promise<ScratchDatabase> {
  // The name is formed here from hex digits only: nothing from the command line reaches the SQL.
  const name = `cdp_bench_${randomBytes(5).toString('hex')}`;
  try {
    await onServer(serverUrl, `create database ${name}`);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CdpError('UNREACHABLE', `cannot create a scratch database on the PostgreSQL server: ${reason}`, {}, { cause: error });
  }
  let dropping: Promise<void> | undefined;
  return {
    name,
    url: withDatabase(serverUrl, name),
    drop: () => (dropping ??= onServer(serverUrl, `drop database if exists ${name} with (force)`)),
  };
}

/**
 * Drops the scratch database if the process is interrupted while `work` runs, then exits with the
 * shell's code for the signal; the handlers are removed when `work` settles.
 */
export async function dropOnInterrupt<T>(scratch: ScratchDatabase, onSignal: (signal: NodeJS.Signals) => void, work: () => Promise<T>): Promise<T> {
  const handler = (signal: NodeJS.Signals) => {
    onSignal(signal);
    void scratch.drop().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
  try {
    return await work();
  } finally {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  }
}
