/**
 * The databases every SQL suite runs on: embedded PGlite always, and the real PostgreSQL server
 * too when DATABASE_URL is set (a scratch database per suite, so suites running at the same time
 * never see each other's tables).
 *
 *   describe.each(databaseTargets())('$name', (target) => {
 *     let t: TestDatabase;
 *     beforeAll(async () => { t = await target.open(); });
 *     afterAll(() => t.dispose());
 *   });
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createEmbeddedDatabase } from '../../core/db/pglite.js';
import { createPostgresDatabase } from '../../core/db/postgres.js';
import type { Database } from '../../core/db/database.js';

export interface TestDatabase {
  readonly db: Database;
  /** The connection string of the scratch database (real server only): for functions and CLIs. */
  readonly url?: string;
  dispose(): Promise<void>;
}

export interface DatabaseTarget {
  readonly name: 'pglite' | 'postgres';
  open(): Promise<TestDatabase>;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Creates a fresh database on the server DATABASE_URL names, and drops it on dispose. */
export async function openScratchPostgres(url: string, maxConnections = 10): Promise<TestDatabase> {
  const name = `cdp_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const scratchUrl = withDatabase(url, name);
  const db = createPostgresDatabase({ connectionString: scratchUrl, max: maxConnections }, 'postgres');
  return {
    db,
    url: scratchUrl,
    async dispose() {
      await db.close().catch(() => {});
      const dropper = new pg.Client({ connectionString: url });
      await dropper.connect();
      try {
        await dropper.query(`drop database if exists ${name} with (force)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

export async function openPglite(): Promise<TestDatabase> {
  const db = await createEmbeddedDatabase();
  return { db, dispose: () => db.close() };
}

export function databaseTargets(env: NodeJS.ProcessEnv = process.env): DatabaseTarget[] {
  const targets: DatabaseTarget[] = [{ name: 'pglite', open: openPglite }];
  const url = env.DATABASE_URL;
  if (url) targets.push({ name: 'postgres', open: () => openScratchPostgres(url) });
  return targets;
}

/** The real server's URL when the suite may use it; tests that need a real server skip without it. */
export const serverUrl: string | undefined = process.env.DATABASE_URL || undefined;
