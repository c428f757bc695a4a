/**
 * temp_purchase_stats counts transaction ids where the seed counts distinct ones only when a
 * constraint guarantees they are unique; the catalog decides, and both files give the same table.
 * And the one stage whose plan allows a parallel worker is the one the workflow starts last.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepare } from '../../core/prepare.js';
import { runSchema } from '../../core/run-params.js';
import { loadSample } from '../../core/sample.js';
import { runStage } from '../../core/run-stage.js';
import { stagePlan, stageStatement } from '../../core/stage-plan.js';
import { STAGES } from '../../core/stages.js';
import { readCustomer360Yaml } from '../../workflows/source.js';
import { databaseTargets, type TestDatabase } from '../support/databases.js';
import { rowsOf, SETTINGS } from './fixture.js';

const AS_OF = '2026-06-30';
const COLUMNS = ['customer_id', 'total_purchases', 'total_spend', 'avg_order_value', 'last_purchase_date'];

describe.each(databaseTargets())('the purchase statistics statement on $name', (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await target.open();
    await loadSample(t.db, { customers: 200, anchorDate: AS_OF });
  });
  afterAll(() => t?.dispose());

  const chosen = async () => (await stageStatement(t.db, 'temp_purchase_stats')).name;
  const stageTable = async (runId: string) => {
    await prepare(t.db, { runId, asOfDate: AS_OF }, SETTINGS);
    await runStage(t.db, 'temp_purchase_stats', { runId }, SETTINGS);
    return rowsOf(t.db, `${runSchema(runId)}.temp_purchase_stats`, COLUMNS);
  };

  it('other stages run their own file', async () => {
    expect((await stageStatement(t.db, 'temp_website_behavior')).name).toBe('stages/temp_website_behavior');
  });

  it('counts transaction ids under the primary key, distinct ones without it, with the same result', async () => {
    expect(await chosen()).toBe('stages/temp_purchase_stats_keyed');
    const keyed = await stageTable('stmt-keyed');
    await t.db.exec('alter table purchase_transactions drop constraint purchase_transactions_pkey');
    expect(await chosen()).toBe('stages/temp_purchase_stats');
    expect(await stageTable('stmt-unkeyed')).toEqual(keyed);
  });

  it.each([
    ['a unique index on transaction_id alone', 'create unique index tx_unique on purchase_transactions (transaction_id)', 'stages/temp_purchase_stats_keyed'],
    ['a unique index on more columns', 'create unique index tx_unique on purchase_transactions (transaction_id, customer_id)', 'stages/temp_purchase_stats'],
    ['a partial unique index', 'create unique index tx_unique on purchase_transactions (transaction_id) where customer_id > 10', 'stages/temp_purchase_stats'],
    ['a unique index on an expression', 'create unique index tx_unique on purchase_transactions ((transaction_id + 0))', 'stages/temp_purchase_stats'],
    ['a plain index', 'create index tx_unique on purchase_transactions (transaction_id)', 'stages/temp_purchase_stats'],
  ])('%s: %s', async (_, ddl, expected) => {
    await t.db.exec(ddl);
    try {
      expect(await chosen()).toBe(expected);
    } finally {
      await t.db.exec('drop index tx_unique');
    }
  });

  it('a unique index on a transaction_id that may be NULL: the seed\'s count, which skips NULL ids', async () => {
    await t.db.exec('alter table purchase_transactions alter column transaction_id drop not null');
    await t.db.exec('create unique index tx_unique on purchase_transactions (transaction_id)');
    try {
      expect(await chosen()).toBe('stages/temp_purchase_stats');
    } finally {
      await t.db.exec('drop index tx_unique');
      await t.db.exec('alter table purchase_transactions alter column transaction_id set not null');
    }
  });

  it('without a key a transaction listed twice counts once, as in the seed', async () => {
    await t.db.exec('insert into purchase_transactions select * from purchase_transactions where transaction_id = (select min(transaction_id) from purchase_transactions)');
    const [customer] = (await t.db.query<{ customer_id: number; n: number; d: number }>(
      'select customer_id, count(*)::int as n, count(distinct transaction_id)::int as d from purchase_transactions group by customer_id having count(*) > count(distinct transaction_id)',
    )).rows;
    const rows = await stageTable('stmt-duplicate');
    expect(rows.find((row) => row[0] === customer!.customer_id)?.[1]).toBe(customer!.d);
  });
});

describe('the stage allowed a parallel worker', () => {
  it('is the last the workflow starts, when the other lane has usually finished', () => {
    const branches = [...readCustomer360Yaml().matchAll(/^ {12}- (temp_\w+):$/gm)].map((match) => match[1]);
    expect(branches).toHaveLength(STAGES.length);
    expect(STAGES.filter((stage) => stagePlan(stage, 'full') === 'tail_stage')).toEqual([branches.at(-1)]);
  });
});
