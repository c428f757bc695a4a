/**
 * The change capture (sql/capture/install.sql): every statement that changes a source records the
 * customers it touched, in the writer's own transaction; `installCapture` refuses what would make
 * incremental runs slow or wrong, naming the fix.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { captureStatus, installCapture, uninstallCapture } from '../../core/capture.js';
import { loadSample } from '../../core/sample.js';
import { databaseTargets, type TestDatabase } from '../support/databases.js';
import { loadFixture, rejection } from './fixture.js';

interface ChangeRow {
  source: string;
  customer_ids: number[] | null;
  product_ids: number[] | null;
  full_reason: string | null;
}

describe.each(databaseTargets())('change capture on $name', (target) => {
  let t: TestDatabase;
  const changes = async (): Promise<ChangeRow[]> =>
    (await t.db.query<ChangeRow>('select source, customer_ids, product_ids, full_reason from cdp_meta.changes order by id')).rows;

  beforeAll(async () => {
    t = await target.open();
    await loadSample(t.db, { customers: 50, anchorDate: '2026-06-30' });
    await installCapture(t.db);
  });
  beforeEach(async () => {
    await t.db.exec('delete from cdp_meta.changes');
  });
  afterAll(() => t?.dispose());

  it('is installed: 24 triggers, firing always when installed by the sources\' owner; installing again changes the fingerprint only', async () => {
    const before = await captureStatus(t.db);
    expect(before).toMatchObject({ installed: true, triggers: 24, always: 24, missingIndexes: [] });
    const again = await installCapture(t.db);
    expect(again).toMatchObject({ installed: true, triggers: 24 });
    expect(again.fingerprint).not.toBe(before.fingerprint);
  });

  it('records one row per statement, with each customer it wrote once', async () => {
    await t.db.exec("insert into purchase_transactions values (800001, 3, 1, '2026-06-01', 1, 1.00), (800002, 3, 2, '2026-06-01', 1, 1.00), (800003, 4, 2, '2026-06-01', 1, 1.00)");
    expect(await changes()).toEqual([{ source: 'purchase_transactions', customer_ids: [3, 4], product_ids: null, full_reason: null }]);
  });

  it('records both customers of a row moved from one to the other', async () => {
    await t.db.exec('update website_behavior set customer_id = 6 where session_id = (select min(session_id) from website_behavior where customer_id = 5)');
    expect(await changes()).toEqual([{ source: 'website_behavior', customer_ids: [5, 6], product_ids: null, full_reason: null }]);
  });

  it('records a deleted row\'s customer, and a row without one as NULL', async () => {
    const customer = (await t.db.query<{ id: number }>('select min(customer_id) as id from customer_service')).rows[0]!.id;
    await t.db.exec(`insert into customer_service values (800001, null, '2026-06-01', 'Chat', 3, 'Pending'); delete from customer_service where customer_id = ${customer}`);
    expect((await changes()).map((row) => row.customer_ids)).toEqual([[null], [customer]]);
  });

  it('records nothing for a statement that changed no row', async () => {
    await t.db.exec('delete from campaign_responses where customer_id = -1; update customer_info set email = email where customer_id = -1');
    expect(await changes()).toEqual([]);
  });

  it('records the products whose category or brand changed, not those priced anew', async () => {
    await t.db.exec("update product_catalog set price = price + 1 where product_id in (1, 2); update product_catalog set brand = 'Brand Q' where product_id in (3, 4)");
    expect(await changes()).toEqual([{ source: 'product_catalog', customer_ids: null, product_ids: [3, 4], full_reason: null }]);
  });

  it('records that a TRUNCATE needs a full run', async () => {
    await t.db.exec('create table cr_copy as table campaign_responses; truncate campaign_responses; insert into campaign_responses select * from cr_copy; drop table cr_copy');
    const [truncate, reload] = await changes();
    expect(truncate).toMatchObject({ source: 'campaign_responses', full_reason: 'campaign_responses was truncated' });
    expect(reload?.customer_ids?.length).toBeGreaterThan(10);
  });

  it('records changes applied as a replica applies them (session_replication_role = replica)', async () => {
    await t.db.transaction(async (tx) => {
      await tx.exec("set local session_replication_role = replica; update customer_info set last_name = 'Replicated' where customer_id = 8");
    });
    expect(await changes()).toEqual([{ source: 'customer_info', customer_ids: [8], product_ids: null, full_reason: null }]);
  });

  it('records nothing for a change rolled back, with its writer', async () => {
    await t.db.transaction(async (tx) => {
      await tx.exec("insert into purchase_transactions values (800010, 9, 1, '2026-06-01', 1, 1.00)");
      throw new Error('the writer gives up');
    }).catch(() => {});
    expect(await changes()).toEqual([]);
  });

  it('changes its fingerprint when a trigger is disabled and enabled again', async () => {
    const before = await captureStatus(t.db);
    await t.db.exec('alter table website_behavior disable trigger cdp_capture_insert');
    expect(await captureStatus(t.db)).toMatchObject({ installed: false, triggers: 24, always: 23 });
    await t.db.exec('alter table website_behavior enable always trigger cdp_capture_insert');
    const after = await captureStatus(t.db);
    expect(after.installed).toBe(true);
    expect(after.fingerprint).not.toBe(before.fingerprint);
  });

  it('is removed by uninstall, and the change log stays', async () => {
    await t.db.exec("insert into purchase_transactions values (800020, 9, 1, '2026-06-01', 1, 1.00)");
    expect(await uninstallCapture(t.db)).toMatchObject({ installed: false, triggers: 0 });
    await t.db.exec("insert into purchase_transactions values (800021, 9, 1, '2026-06-01', 1, 1.00)");
    expect(await changes()).toHaveLength(1);
    await installCapture(t.db);
  });
});

describe.each(databaseTargets())('installing the change capture on $name', (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await target.open();
  });
  afterAll(() => t?.dispose());

  it('is refused while a source is missing, naming it', async () => {
    const error = await rejection(installCapture(t.db));
    expect(error).toMatchObject({ code: 'MISSING_SOURCE' });
    expect(error.message).toMatch(/missing table customer_info/);
  });

  it('is refused while a source has no index on customer_id, saying what to create', async () => {
    await loadFixture(t.db);
    await t.db.exec('create index on customer_info (customer_id); create index on purchase_transactions (customer_id); create index on customer_service (customer_id)');
    const error = await rejection(installCapture(t.db));
    expect(error).toMatchObject({ code: 'MISSING_SOURCE', details: { missingIndexes: ['campaign_responses', 'website_behavior'] } });
    expect(error.message).toContain('create index concurrently if not exists campaign_responses_customer_id_idx on public.campaign_responses (customer_id)');
    expect((await captureStatus(t.db)).triggers).toBe(0);
  });
});
