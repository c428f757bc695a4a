import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { memoryIo } from '../../cli/io.js';
import { sql } from '../../core/sql.js';
import { databaseTargets, type TestDatabase } from '../support/databases.js';

describe('cdp grants', () => {
  it("derives the functions' IAM database user from the project and name prefix", async () => {
    const io = memoryIo({ CDP_PROJECT_ID: 'acme-cdp', CDP_NAME_PREFIX: 'nightly' });
    expect(await main(['grants', '--database', 'warehouse'], io)).toBe(0);
    const text = io.stdout.join('\n');
    expect(text).toMatch(/^grant connect, create on database "warehouse" to "nightly-fn@acme-cdp.iam";$/m);
    expect(text).not.toMatch(/:"(iam_user|db_name)"/);
  });

  it.each([
    [[], /^cdp grants: give --service-account, or --project/],
    [['--service-account', 'someone@example.com'], /service account must be a service account email/],
    [['--project', 'X'], /^cdp grants: --project must be a Google Cloud project id$/],
  ])('refuses %j with one line and exit code 2', async (argv, message) => {
    const io = memoryIo({});
    expect(await main(['grants', ...argv], io)).toBe(2);
    expect(io.stderr).toEqual([expect.stringMatching(message)]);
  });
});

describe.each(databaseTargets().filter((target) => target.name === 'postgres'))('cdp grants output on $name', (target) => {
  let t: TestDatabase;
  const project = `grants-${randomBytes(3).toString('hex')}`;
  const user = `cdp-fn@${project}.iam`;
  beforeAll(async () => {
    t = await target.open();
    await t.db.exec(sql('source/create_tables').text);
    await t.db.query(`create role "${user}" login`);
  });
  afterAll(async () => {
    await t.dispose();
    // Roles are cluster-wide: drop it once the scratch database holding its grants is gone.
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`drop role if exists "${user}"`).finally(() => admin.end());
  });

  it('runs as is, twice, and lets the IAM user read the sources and create run schemas', async () => {
    const io = memoryIo({});
    const database = new URL(t.url!).pathname.slice(1);
    expect(await main(['grants', '--project', project, '--database', database], io)).toBe(0);
    const script = io.stdout.join('\n');
    await t.db.exec(script);
    await t.db.exec(script);
    const { rows } = await t.db.query<{ read: boolean; create: boolean }>(
      `select has_table_privilege($1, 'public.purchase_transactions', 'select') as read,
              has_database_privilege($1, current_database(), 'create') as create`,
      [user],
    );
    expect(rows[0]).toEqual({ read: true, create: true });
  });
});
