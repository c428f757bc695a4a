/**
 * A database set up as Cloud SQL sets one up, for tests of the grants and of `cdp doctor`: the
 * admin is not a superuser but a role with CREATEROLE and CREATEDB in a stand-in for
 * cloudsqlsuperuser, which owns the database; the IAM user is created by the superuser (as Cloud
 * SQL creates IAM users), so the admin holds no ADMIN OPTION on it. On PGlite "logging in" as the
 * IAM user is `set role` in its one session; on the server it is a login of its own.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Database, Queryable } from '../../core/db/database.js';
import { createPostgresDatabase } from '../../core/db/postgres.js';
import type { TestDatabase } from './databases.js';

export interface Roles {
  readonly group: string;
  readonly admin: string;
  readonly iam: string;
  readonly email: string;
}

export function newRoles(): Roles {
  const tag = randomBytes(4).toString('hex');
  const email = `cdp-fn-${tag}@acme-cdp-test.iam.gserviceaccount.com`;
  return { group: `cdp_csu_${tag}`, admin: `cdp_admin_${tag}`, iam: email.replace(/\.gserviceaccount\.com$/, ''), email };
}

/** A session that stays one connection, so `set role` holds: the admin's, or the IAM user's. */
export interface World {
  readonly t: TestDatabase;
  readonly major: number;
  /** Runs `fn` as `role` in one session. */
  as<T>(role: string, fn: (q: Queryable) => Promise<T>): Promise<T>;
  /** Runs a script as the superuser, standing in for Cloud SQL itself. */
  superuser(script: string): Promise<void>;
  /** The database as the IAM user would use it: a login of its own on the server. */
  iamDatabase(): Promise<Database>;
  dispose(): Promise<void>;
}

async function superuserSession(t: TestDatabase): Promise<{ q: Queryable; close: () => Promise<void> }> {
  if (!t.url) return { q: t.db, close: async () => {} };
  const client = new pg.Client({ connectionString: t.url });
  await client.connect();
  const q: Queryable = {
    query: async (text, params) => {
      const result = await client.query(text, params ? [...params] : undefined);
      return { rows: result.rows, rowCount: result.rowCount ?? 0 };
    },
    exec: async (script) => {
      await client.query(script);
    },
  };
  return { q, close: () => client.end() };
}

export async function openWorld(t: TestDatabase, roles: Roles): Promise<World> {
  const su = await superuserSession(t);
  const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
  await su.q.exec(`
    create role ${roles.group} nologin createrole createdb;
    create role ${roles.admin} login createrole createdb in role ${roles.group};
    create role ${quote(roles.iam)} login;
    do $$ begin execute format('alter database %I owner to ${roles.group}', current_database()); end $$;
  `);
  const { rows } = await su.q.query<{ v: number }>(`select current_setting('server_version_num')::int as v`);
  const as = async <T>(role: string, fn: (q: Queryable) => Promise<T>): Promise<T> => {
    await su.q.exec(`set role ${quote(role)}`);
    try {
      return await fn(su.q);
    } finally {
      await su.q.exec('reset role');
    }
  };
  const iamDatabases: Database[] = [];
  return {
    t,
    major: Math.floor(rows[0]!.v / 10000),
    as,
    superuser: (script) => su.q.exec(script),
    async iamDatabase() {
      if (!t.url) {
        await t.db.exec(`set role ${quote(roles.iam)}`);
        // One session: closing it would end the test database; closing the IAM user's ends its role.
        return { ...t.db, close: () => t.db.exec('reset role') };
      }
      const url = new URL(t.url);
      url.username = encodeURIComponent(roles.iam);
      const db = createPostgresDatabase({ connectionString: url.toString(), max: 4 }, 'postgres');
      iamDatabases.push(db);
      return db;
    },
    async dispose() {
      // Closed already when the code under test closed it.
      for (const db of iamDatabases) await Promise.resolve().then(() => db.close()).catch(() => {});
      await su.close();
      await t.dispose();
      if (t.url) {
        const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
        await admin.connect();
        try {
          await admin.query(`drop role if exists ${quote(roles.iam)}, ${roles.admin}, ${roles.group}`);
        } finally {
          await admin.end();
        }
      }
    },
  };
}

