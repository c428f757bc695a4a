/**
 * Issue 20, item 8: a transaction listed more than once (the primary key dropped, a customer's
 * purchases loaded three times) is counted in the quality report as
 * `purchase_transactions.duplicate_transaction_id`, and published as the seed's SQL would: the
 * seed's COUNT(DISTINCT) keeps the purchase count, its SUM counts every row. Not a gate: a
 * refund or an adjustment filed under its purchase's id is the same shape, and the seed's
 * distinct count is written for it; the count makes a double load visible instead.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stageStatement } from '../../core/stage-plan.js';
import { databaseTargets, type TestDatabase } from '../support/databases.js';
import { DIRTY_AS_OF, DIRTY_QUALITY, loadDirtySources, loadSmallSample } from './support/fixture.js';
import { runToPublish } from './support/runs.js';
import { ledgerQuality, rowsDifferingFromSeed } from './support/tables.js';

describe.each(databaseTargets())('repeated transaction ids on $name', (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await target.open();
  });
  afterAll(() => t?.dispose());

  it('counts a customer\'s purchases loaded three times, publishes the seed\'s numbers, and refuses nothing', async () => {
    await loadDirtySources(t.db);
    // Customer 1 has four purchases (101..104); two more loads of them make eight repeated rows.
    await t.db.exec('insert into purchase_transactions select * from purchase_transactions where customer_id = 1');
    await t.db.exec('insert into purchase_transactions select * from purchase_transactions where customer_id = 1 and transaction_id <= 104 limit 4');

    const result = await runToPublish(t.db, { runId: 'dup-3x', asOfDate: DIRTY_AS_OF });

    // Purchase 104, of an unknown product, is among them: two more unknown-product rows.
    const expected = { ...DIRTY_QUALITY, 'purchase_transactions.duplicate_transaction_id': 8, 'purchase_transactions.unknown_product': 4 };
    expect(result.quality).toEqual(expected);
    expect(await ledgerQuality(t.db, 'dup-3x')).toEqual(expected);
    expect(result.gates.every((gate) => gate.offending === 0)).toBe(true);
    const { rows: [customer] } = await t.db.query<{ total_purchases: number; total_spend: number }>('select total_purchases, total_spend from customer_360 where customer_id = 1');
    // Four distinct purchases; the spend of all twelve rows (249.99 three times), as the seed sums it.
    expect(customer).toEqual({ total_purchases: 4, total_spend: 749.97 });
    expect(await rowsDifferingFromSeed(t.db, DIRTY_AS_OF)).toBe(0);
  });

  it('reports 0 without counting when a primary key on transaction_id rules repeats out', async () => {
    await loadSmallSample(t.db, 200, DIRTY_AS_OF);
    expect((await stageStatement(t.db, 'temp_purchase_stats')).name).toBe('stages/temp_purchase_stats_keyed');
    const result = await runToPublish(t.db, { runId: 'dup-keyed', asOfDate: DIRTY_AS_OF });
    expect(result.quality?.['purchase_transactions.duplicate_transaction_id']).toBe(0);
  });
});
