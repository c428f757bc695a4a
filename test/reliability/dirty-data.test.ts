/**
 * Issue 5, case 6: dirty sources never crash a run. Every kind is kept or left out as the seed's
 * SQL does (customer_360 equals the seed's SQL on the same data), and counted in the run's
 * data-quality report: in the ledger and in publish's answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publish } from '../../core/publish.js';
import { QUALITY_CHECKS } from '../../core/quality.js';
import { databaseTargets, type TestDatabase } from '../support/databases.js';
import { DIRTY_AS_OF, DIRTY_QUALITY, loadDirtySources } from './support/fixture.js';
import { prepareAndStage, rejection, runToPublish, SETTINGS } from './support/runs.js';
import { ledgerQuality, rowsDifferingFromSeed } from './support/tables.js';

describe.each(databaseTargets())('dirty sources on $name', (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await target.open();
    await loadDirtySources(t.db);
  });
  afterAll(() => t?.dispose());

  it('publishes, reports every kind of dirt, and equals the seed verbatim', async () => {
    const result = await runToPublish(t.db, { runId: 'dirty-1', asOfDate: DIRTY_AS_OF });

    expect(result.rows).toBe(6);
    expect(result.quality).toEqual(DIRTY_QUALITY);
    expect(Object.keys(result.quality!).sort()).toEqual([...QUALITY_CHECKS].sort());
    expect(result.gates.every((gate) => gate.offending === 0)).toBe(true);
    expect(await ledgerQuality(t.db, 'dirty-1')).toEqual(DIRTY_QUALITY);

    expect(await rowsDifferingFromSeed(t.db, DIRTY_AS_OF)).toBe(0);
  });

  it('shows the seed\'s handling of each kind in the published rows', async () => {
    const { rows } = await t.db.query<Record<string, unknown>>(
      `select customer_id, total_purchases, total_spend, favorite_category, customer_status, days_since_last_purchase,
              avg_satisfaction_score, service_resolution_rate, campaign_conversion_rate, total_sessions, monthly_avg_spend
       from customer_360 order by customer_id`,
    );
    const byId = new Map(rows.map((row) => [row.customer_id, row]));
    // Unknown and null customers make no row; an unknown product still counts as a purchase.
    expect([...byId.keys()]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(byId.get(1)).toMatchObject({ total_purchases: 4, total_spend: 249.99, favorite_category: 'Electronics' });
    // A refund nets off; out-of-range scores are averaged; 'resolved' and null are not resolved.
    expect(byId.get(2)).toMatchObject({ total_purchases: 3, total_spend: 25, avg_satisfaction_score: 1.5, service_resolution_rate: 0 });
    // A purchase after the as-of date counts: days since is negative, so the customer is Active.
    expect(byId.get(3)).toMatchObject({ days_since_last_purchase: -9, customer_status: 'Active' });
    // Two conversions on one campaign: the seed's rate is 200.
    expect(byId.get(1)!.campaign_conversion_rate).toBe(200);
    // Registered after the as-of date: negative days, so a negative monthly average.
    expect(byId.get(6)!.monthly_avg_spend as number).toBeLessThan(0);
  });

  it('counts repeat conversions per campaign, all NULL campaigns of a customer as one', async () => {
    // Customer 3: two conversions on a NULL campaign (one repeat), one each on campaigns 20 and 21 (none).
    await t.db.exec(`insert into campaign_responses (response_id, customer_id, campaign_id, response_date, response_type) values
      (391, 3, null, '2024-05-01', 'Conversion'), (392, 3, null, '2024-05-02', 'Conversion'),
      (393, 3, 20, '2024-05-01', 'Conversion'), (394, 3, 21, '2024-05-01', 'Conversion')`);
    try {
      const result = await runToPublish(t.db, { runId: 'dirty-repeat', asOfDate: DIRTY_AS_OF });
      expect(result.quality!['campaign_responses.repeat_conversion']).toBe(DIRTY_QUALITY['campaign_responses.repeat_conversion'] + 1);
    } finally {
      await t.db.exec('delete from campaign_responses where response_id between 391 and 394');
    }
  });
});

describe.each(databaseTargets())('the quality report of unusual runs on $name', (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await target.open();
    await loadDirtySources(t.db);
  });
  afterAll(() => t?.dispose());

  it('counts a transaction listed twice as two rows, where total_purchases counts it once', async () => {
    // The feed has no key, so purchases are counted by distinct transaction: customer 1's repeat
    // is one purchase in customer_360, and the unknown customer 99's repeat two unknown rows.
    await t.db.exec('insert into purchase_transactions select * from purchase_transactions where transaction_id in (101, 110)');
    try {
      const result = await runToPublish(t.db, { runId: 'quality-repeated-transaction', asOfDate: DIRTY_AS_OF });
      expect(result.quality).toEqual({
        ...DIRTY_QUALITY,
        'purchase_transactions.unknown_customer': DIRTY_QUALITY['purchase_transactions.unknown_customer'] + 1,
        'purchase_transactions.duplicate_transaction_id': 2,
      });
    } finally {
      await loadDirtySources(t.db);
    }
  });

  it('records the report of a run the key gate refuses, whose rows repeat a customer', async () => {
    await t.db.exec('insert into customer_info select * from customer_info where customer_id = 2');
    try {
      const request = { runId: 'quality-unkeyed', asOfDate: DIRTY_AS_OF };
      await prepareAndStage(t.db, request);
      const error = await rejection(publish(t.db, request, SETTINGS));
      expect(error).toMatchObject({ code: 'GATE_FAILED', details: { gate: 'customer_id_unique_not_null' } });
      expect(await ledgerQuality(t.db, request.runId)).toEqual({ ...DIRTY_QUALITY, 'customer_info.duplicate_customer_id': 1 });
    } finally {
      await loadDirtySources(t.db);
    }
  });
});
