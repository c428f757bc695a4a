/**
 * Issue 19: an incremental run publishes exactly what a full run publishes, for every kind of
 * change to every source, recomputing only the customers whose rows changed. After each change
 * an incremental run must (a) stay incremental, (b) pass `verifyPublished` (a full rebuild in a
 * rolled-back transaction), and (c) give the customer_360, summary and quality report a full run
 * then gives.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installCapture } from '../../core/capture.js';
import { runPipeline, type PipelineResult } from '../../core/pipeline.js';
import { loadSample } from '../../core/sample.js';
import { verifyPublished } from '../../core/verify.js';
import { databaseTargets, type TestDatabase } from '../support/databases.js';
import { tableChecksum } from '../support/pipeline-state.js';
import { SETTINGS } from './fixture.js';

const AS_OF = '2026-06-30';

/** Each change, run alone on the sources as the earlier cases left them. */
const CHANGES: ReadonlyArray<readonly [string, string]> = [
  ['a new customer', "insert into customer_info values (100001, 'New', 'Comer', 'new@example.com', null, '1990-01-01', '2026-06-01')"],
  ['a customer renamed', "update customer_info set last_name = 'Renamed' where customer_id = 2"],
  ['a customer\'s id changed', 'update customer_info set customer_id = 100002 where customer_id = 3'],
  ['a customer deleted from customer_info, their activity kept', 'delete from customer_info where customer_id = 4'],
  ['a purchase added', "insert into purchase_transactions values (900001, 10, 7, '2026-06-29', 1, 1500.00)"],
  ['a late purchase dated months back', "insert into purchase_transactions values (900002, 11, 8, '2025-11-02', 2, 35.50)"],
  ['a purchase dated after the as-of date', "insert into purchase_transactions values (900003, 12, 9, '2026-08-01', 1, 12.00)"],
  ['a purchase\'s amount and product changed', "update purchase_transactions set total_amount = total_amount + 100, product_id = 11 where transaction_id = (select min(transaction_id) from purchase_transactions where customer_id = 13)"],
  ['a purchase moved to another customer', 'update purchase_transactions set customer_id = 15 where transaction_id = (select min(transaction_id) from purchase_transactions where customer_id = 14)'],
  ['a purchase deleted', 'delete from purchase_transactions where transaction_id = (select max(transaction_id) from purchase_transactions where customer_id = 16)'],
  ['purchases of an unknown customer, no customer and an unknown product', "insert into purchase_transactions values (900004, 999999, 7, '2026-06-01', 1, 5.00), (900005, null, 7, '2026-06-01', 1, 5.00), (900006, 17, 424242, '2026-06-01', 1, 5.00)"],
  ['purchases of many customers in one statement', "insert into purchase_transactions select 910000 + id, id, 1 + id % 50, date '2026-06-20' - id % 40, 1, 9.99 from generate_series(20, 70) as id"],
  ['a service contact added, one resolved, one moved, one deleted', `
    insert into customer_service values (900001, 21, '2026-06-28', 'Email', 5, 'Resolved');
    update customer_service set resolution_status = 'Resolved' where interaction_id = (select min(interaction_id) from customer_service where customer_id = 22);
    update customer_service set customer_id = 24 where interaction_id = (select min(interaction_id) from customer_service where customer_id = 23);
    delete from customer_service where interaction_id = (select max(interaction_id) from customer_service where customer_id = 25)`],
  ['campaign responses added, changed and deleted', `
    insert into campaign_responses values (900001, 26, 7, '2026-06-28', 'Conversion'), (900002, 26, 7, '2026-06-29', 'Conversion');
    update campaign_responses set response_type = 'Converted' where response_id = (select min(response_id) from campaign_responses where customer_id = 27);
    delete from campaign_responses where customer_id = 28`],
  ['web sessions added, changed, moved and deleted', `
    insert into website_behavior values (900001, 29, '2026-06-30', 12, 600), (900002, null, '2026-06-30', 1, 5);
    update website_behavior set pages_viewed = null where session_id = (select min(session_id) from website_behavior where customer_id = 30);
    update website_behavior set customer_id = 999998 where session_id = (select min(session_id) from website_behavior where customer_id = 31);
    delete from website_behavior where customer_id = 32`],
  ['a product\'s category changed, for every customer who bought it', "update product_catalog set category = 'Renamed category' where product_id = 5"],
  ['a product priced anew, which changes no favourite', 'update product_catalog set price = price + 1 where product_id = 6'],
  ['a product the catalog did not list added, and one removed', "insert into product_catalog values (424242, 'Late product', 'Books', 'Brand Z', 3.00); delete from product_catalog where product_id = 8"],
];

describe.each(databaseTargets())('incremental runs on $name', (target) => {
  let t: TestDatabase;
  let runs = 0;
  const run = (mode: 'full' | 'incremental', asOfDate = AS_OF): Promise<PipelineResult> =>
    runPipeline(t.db, { runId: `inc-${++runs}`, asOfDate, mode }, SETTINGS);

  /** Customers per value of `column` in customer_360 as readers see it. */
  const countsOf = async (column: 'customer_status' | 'customer_segment') => Object.fromEntries(
    (await t.db.query<{ value: string; n: number }>(`select ${column} as value, count(*)::integer as n from customer_360 group by 1`)).rows.map((row) => [row.value, row.n]));

  /** An incremental run, then what a full run gives at the same date: both must publish the same. */
  const expectIncrementalEqualsFull = async (asOfDate = AS_OF): Promise<PipelineResult> => {
    const incremental = await run('incremental', asOfDate);
    expect(incremental.prepare).toMatchObject({ mode: 'incremental', modeReason: null });
    expect(await verifyPublished(t.db, SETTINGS)).toMatchObject({ equal: true, pending: 0 });
    const table = await tableChecksum(t.db, 'public.customer_360');
    const full = await run('full', asOfDate);
    expect(await tableChecksum(t.db, 'public.customer_360')).toEqual(table);
    const { quality, segments, statuses, rows } = full.publish;
    expect(incremental.publish).toMatchObject({ quality, segments, statuses, rows });
    expect(statuses).toEqual(await countsOf('customer_status'));
    expect(segments).toEqual(await countsOf('customer_segment'));
    return incremental;
  };

  beforeAll(async () => {
    t = await target.open();
    await loadSample(t.db, { customers: 300, anchorDate: AS_OF });
    await installCapture(t.db);
    await run('full');
  });
  afterAll(() => t?.dispose());

  it.each(CHANGES)('%s: the incremental run equals a full one', async (_, change) => {
    await t.db.exec(change);
    await expectIncrementalEqualsFull();
  });

  it('recomputes only the changed customers, and publishes every customer', async () => {
    await t.db.exec("update customer_info set email = 'one@example.com' where customer_id = 40; update website_behavior set time_spent = 1 where customer_id = 41");
    const result = await expectIncrementalEqualsFull();
    expect(result.publish.recomputed).toBe(2);
    expect(result.publish.rows).toBe(result.publish.segments['High Value']! + result.publish.segments['Medium Value']! + result.publish.segments['Low Value']!);
  });

  it('publishes a later date with nothing changed: the dates are derived, nothing is recomputed', async () => {
    const result = await expectIncrementalEqualsFull('2026-07-31');
    expect(result.publish.recomputed).toBe(0);
  });

  it('equals a full run after many random batches of mixed changes', async () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let batch = 0; batch < 6; batch++) {
      const statements: string[] = [];
      for (let i = 0; i < 8; i++) {
        const customer = 1 + random(320);
        const other = 1 + random(320);
        const id = 930000 + batch * 100 + i;
        statements.push([
          `insert into purchase_transactions values (${id}, ${customer}, ${1 + random(520)}, date '2026-07-31' - ${random(400)}, 1, ${random(50000) / 100 - 20})`,
          `update purchase_transactions set customer_id = ${other} where transaction_id = (select min(transaction_id) from purchase_transactions where customer_id = ${customer})`,
          `delete from website_behavior where session_id = (select max(session_id) from website_behavior where customer_id = ${customer})`,
          `insert into website_behavior values (${id}, ${random(5) === 0 ? 'null' : customer}, date '2026-07-31' - ${random(30)}, ${random(20)}, ${random(900)})`,
          `insert into campaign_responses values (${id}, ${customer}, ${random(12)}, '2026-07-01', '${['Open', 'Click', 'Conversion', 'Unsubscribe'][random(4)]}')`,
          `update customer_service set satisfaction_score = ${random(7)} where customer_id = ${customer}`,
          `update customer_info set registration_date = registration_date - ${random(3)} where customer_id = ${customer}`,
          `update product_catalog set brand = 'Brand ${random(30)}' where product_id = ${1 + random(500)}`,
        ][random(8)]!);
      }
      await t.db.exec(statements.join(';\n'));
      await expectIncrementalEqualsFull('2026-07-31');
    }
  });
});
