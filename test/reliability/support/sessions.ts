/** Other sessions on the real server: holding locks, finding waiting or running statements. */
import pg from 'pg';
import type { Queryable } from '../../../core/db/database.js';

/** Polls `check` every 20 ms until it holds, or fails after `timeoutMs`. */
export async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Backends of this database waiting on a heavyweight lock, whose statement contains `fragment`. */
export async function lockWaiters(q: Queryable, fragment = ''): Promise<number[]> {
  const { rows } = await q.query<{ pid: number }>(
    `select pid from pg_stat_activity
     where datname = current_database() and pid <> pg_backend_pid() and wait_event_type = 'Lock' and position($1 in query) > 0`,
    [fragment],
  );
  return rows.map((row) => row.pid);
}

export interface Session {
  readonly client: pg.Client;
  /** Ends the session's transaction (rolling back) and closes it. */
  end(): Promise<void>;
}

/** A session of its own that opens a transaction and runs `statements` in it, holding their locks. */
export async function holdInTransaction(url: string, ...statements: string[]): Promise<Session> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('begin');
  for (const statement of statements) await client.query(statement);
  return {
    client,
    async end() {
      await client.query('rollback').catch(() => {});
      await client.end();
    },
  };
}
