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
import { existsSync, readFileSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { createEmbeddedDatabase } from '../../core/db/pglite.js';
import { createPostgresDatabase } from '../../core/db/postgres.js';
import type { Database } from '../../core/db/database.js';
import { withDatabase } from '../../tools/bench/scratch-database.js';

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

/**
 * A freshly initialised PGlite cluster, dumped once per machine: each suite then starts from it in
 * under a second instead of running initdb (~4 s). Written beside and renamed, so concurrent
 * workers never read half a file.
 */
const PGLITE_VERSION = (JSON.parse(readFileSync(new URL('../../node_modules/@electric-sql/pglite/package.json', import.meta.url), 'utf8')) as { version: string }).version;

async function pgliteTemplate(): Promise<Blob> {
  const file = join(tmpdir(), `cdp-pglite-template-${PGLITE_VERSION}.tar`);
  if (!existsSync(file)) {
    const pglite = await PGlite.create();
    const dump = await pglite.dumpDataDir('none');
    await pglite.close();
    const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
    await rename(partial, file);
  }
  return new Blob([await readFile(file)]);
}

export async function openPglite(): Promise<TestDatabase> {
  const db = await createEmbeddedDatabase(undefined, { loadDataDir: await pgliteTemplate() });
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
