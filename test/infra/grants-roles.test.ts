import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureLedger } from '../../core/ledger.js';
import { installCapture } from '../../core/capture.js';
import { runPipeline } from '../../core/pipeline.js';
import { prepare } from '../../core/prepare.js';
import { SOURCE_TABLES } from '../../core/sources.js';
import { sql } from '../../core/sql.js';
import { renderGrants } from '../../infra/grants.js';
import { FIXTURE_AS_OF, rejection, SETTINGS } from '../core/fixture.js';
import { databaseTargets } from '../support/databases.js';
import { newRoles, openWorld, type Roles, type World } from '../support/iam-world.js';

/**
 * sql/grants.sql as Cloud SQL runs it: not by a superuser but by `postgres`, a role with
 * CREATEROLE and CREATEDB in cloudsqlsuperuser (which owns the database), for an IAM user that
 * Cloud SQL created (so `postgres` holds no ADMIN OPTION on it). PGlite brings the PostgreSQL
 * 16+ role rules (it is 17), the local server PostgreSQL 15's. The IAM user then runs the
 * whole pipeline, so the grants are proven by use, not by reading the catalog.
 */
const fixtureSources = readFileSync(new URL('../core/fixtures/sources.sql', import.meta.url), 'utf8');

describe.each(databaseTargets())('sql/grants.sql on $name, run by a non-superuser admin', (target) => {
  let roles: Roles;
  let world: World;
  const grants = () => renderGrants(roles.email, { databaseName: new URL(world.t.url ?? 'postgres://x/postgres').pathname.slice(1) });
  const request = { runId: 'grants-run', asOfDate: FIXTURE_AS_OF };

  beforeEach(async () => {
    roles = newRoles();
    world = await openWorld(await target.open(), roles);
    // The sources, loaded by the admin (`cdp sources create`, then the data).
    await world.as(roles.admin, async (q) => {
      await q.exec(sql('source/create_tables').text);
      await q.exec(fixtureSources);
    });
  }, 60_000);
  afterEach(() => world.dispose());

  it('before the grants, prepare names each source table the IAM user may not read, and says to run the grants', async () => {
    const error = await rejection(prepare(await world.iamDatabase(), request, SETTINGS));
    expect(error.code).toBe('MISSING_SOURCE');
    expect(error.message).toMatch(/^no privilege on public\.\w+(, public\.\w+)*; run the grants/);
    expect([...(error.details!.unreadable as string[])].sort()).toEqual(SOURCE_TABLES.map((table) => `public.${table}`).sort());
  });

  it('runs twice without error, then lets the IAM user run the whole pipeline and own what it made', async () => {
    await world.as(roles.admin, (q) => q.exec(grants()));
    await world.as(roles.admin, (q) => q.exec(grants()));
    const db = await world.iamDatabase();
    const result = await runPipeline(db, request, SETTINGS);
    expect(result.publish.rows).toBe(8);
    const { rows } = await db.query<{ owner: string }>(
      `select pg_get_userbyid(relowner) as owner from pg_class where oid in ('public.customer_360'::regclass, 'cdp_meta.runs'::regclass)`,
    );
    expect(rows.map((row) => row.owner)).toEqual([roles.iam, roles.iam]);
  });

  it('lets the IAM user install the change capture and run incrementally, without any privilege for the writers', async () => {
    await world.as(roles.admin, (q) => q.exec(grants()));
    const db = await world.iamDatabase();
    // The indexes incremental runs read through are the sources' owner's to create.
    await world.as(roles.admin, (q) => q.exec(SOURCE_TABLES.filter((table) => table !== 'product_catalog')
      .map((table) => `create index on ${table} (customer_id)`).join('; ')));
    expect(await installCapture(db)).toMatchObject({ installed: true });
    await runPipeline(db, { ...request, mode: 'full' }, SETTINGS);
    // The admin writes the sources, as an application would, with no grant on cdp_meta.
    await world.as(roles.admin, (q) => q.exec("insert into purchase_transactions values (990001, 1, 1, '2024-06-01', 1, 10.00)"));
    const result = await runPipeline(db, { runId: 'grants-incremental', asOfDate: FIXTURE_AS_OF, mode: 'incremental' }, SETTINGS);
    expect(result.prepare).toMatchObject({ mode: 'incremental', modeReason: null });
    expect(result.publish.recomputed).toBe(1);
  });

  it('needs no membership in the IAM role on a fresh database (PostgreSQL 16+ would refuse it)', async () => {
    await world.as(roles.admin, (q) => q.exec(grants()));
    const { rows } = await world.as(roles.admin, (q) =>
      q.query<{ member: boolean }>(`select pg_has_role(current_user, $1, 'member') as member`, [roles.iam]),
    );
    expect(rows[0]!.member).toBe(false);
  });

  describe('with a customer_360 and a ledger left by an earlier run as the admin', () => {
    beforeEach(async () => {
      await world.as(roles.admin, async (q) => {
        await ensureLedger(q);
        await q.exec('create table public.customer_360 (customer_id integer)');
      });
    });

    it('hands them to the IAM user when the admin holds ADMIN OPTION on its role', async () => {
      await world.superuser(`grant "${roles.iam}" to ${roles.admin} with admin option`);
      await world.as(roles.admin, (q) => q.exec(grants()));
      const result = await runPipeline(await world.iamDatabase(), request, SETTINGS);
      expect(result.publish.rows).toBe(8);
    });

    it('without ADMIN OPTION: hands them over on PostgreSQL 15, and on 16+ stops saying what to do', async () => {
      const outcome = await world.as(roles.admin, (q) => q.exec(grants())).then(
        () => 'handed over',
        (error: Error) => error.message,
      );
      if (world.major >= 16) {
        expect(outcome).toMatch(/^cannot hand (schema cdp_meta|table public\.customer_360) \(owned by cdp_admin_\w+\) to .*needs ADMIN OPTION on that role/);
      } else {
        expect(outcome).toBe('handed over');
      }
    });
  });
});
