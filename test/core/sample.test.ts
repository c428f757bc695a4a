/**
 * The sample generator: the same customer count and anchor date give the same six tables, row
 * for row, and the data has the advertised shape (activity per customer, customers without
 * activity, missing dates of birth, nothing after the anchor date).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSample, type SampleCounts } from '../../core/sample.js';
import { databaseTargets, type TestDatabase } from '../support/databases.js';
import { tableChecksum, type TableChecksum } from '../support/pipeline-state.js';

const CUSTOMERS = 1000;
const ANCHOR = '2024-06-01';

/** Each source table with its key, for checksums in key order. */
const TABLE_KEYS = {
  customer_info: 'customer_id',
  product_catalog: 'product_id',
  purchase_transactions: 'transaction_id',
  customer_service: 'interaction_id',
  campaign_responses: 'response_id',
  website_behavior: 'session_id',
} as const;

/** Rows per customer, customers with none, and the activity's dates, per activity table. */
const ACTIVITY = [
  { table: 'purchase_transactions', date: 'purchase_date', perCustomer: [9, 11], withoutAny: [0.03, 0.09] },
  { table: 'customer_service', date: 'interaction_date', perCustomer: [1.7, 2.3], withoutAny: [0.15, 0.25] },
  { table: 'campaign_responses', date: 'response_date', perCustomer: [4.5, 5.7], withoutAny: [0.1, 0.2] },
  { table: 'website_behavior', date: 'visit_date', perCustomer: [13.5, 16.5], withoutAny: [0.06, 0.14] },
] as const;

describe.each(databaseTargets())('sample data on $name', (target) => {
  let t: TestDatabase;
  let counts: SampleCounts;
  const checksums = async (): Promise<Record<string, TableChecksum | null>> => {
    const entries = await Promise.all(Object.entries(TABLE_KEYS).map(async ([table, key]) => [table, await tableChecksum(t.db, table, key)] as const));
    return Object.fromEntries(entries);
  };
  beforeAll(async () => {
    t = await target.open();
    counts = await loadSample(t.db, { customers: CUSTOMERS, anchorDate: ANCHOR });
  });
  afterAll(() => t?.dispose());

  it('loaded twice with the same arguments gives identical tables', async () => {
    const first = await checksums();
    const again = await loadSample(t.db, { customers: CUSTOMERS, anchorDate: ANCHOR });
    expect(again).toEqual(counts);
    expect(await checksums()).toEqual(first);
  });

  it('answers the rows it loaded into each table: the customers asked for and 500 products', async () => {
    const loaded = await checksums();
    expect(Object.fromEntries(Object.entries(loaded).map(([table, checksum]) => [table, checksum?.rows]))).toEqual(counts);
    expect(counts).toMatchObject({ customer_info: CUSTOMERS, product_catalog: 500 });
  });

  it.each(ACTIVITY)('$table: about $perCustomer.0 to $perCustomer.1 rows per customer, some customers with none, none after the anchor date',
    async ({ table, date, perCustomer, withoutAny }) => {
      const { rows } = await t.db.query<{ per_customer: number; without_any: number; outside: number }>(
        `select (select count(*) from ${table})::float8 / ${CUSTOMERS} as per_customer,
                (select count(*) from customer_info c where not exists (select 1 from ${table} a where a.customer_id = c.customer_id))::float8 / ${CUSTOMERS} as without_any,
                (select count(*) from ${table} a join customer_info c using (customer_id)
                  where a.${date} < c.registration_date or a.${date} > $1::date)::integer as outside`,
        [ANCHOR],
      );
      const [shape] = rows;
      expect(shape!.per_customer).toBeGreaterThanOrEqual(perCustomer[0]);
      expect(shape!.per_customer).toBeLessThanOrEqual(perCustomer[1]);
      expect(shape!.without_any).toBeGreaterThanOrEqual(withoutAny[0]);
      expect(shape!.without_any).toBeLessThanOrEqual(withoutAny[1]);
      expect(shape!.outside).toBe(0);
    });

  it('has some customers without a date of birth, and some registered on the anchor date', async () => {
    const { rows } = await t.db.query<{ no_birth: number; registered_on_anchor: number; registered_after: number }>(
      `select count(*) filter (where date_of_birth is null)::integer as no_birth,
              count(*) filter (where registration_date = $1::date)::integer as registered_on_anchor,
              count(*) filter (where registration_date > $1::date)::integer as registered_after
       from customer_info`,
      [ANCHOR],
    );
    expect(rows[0]!.no_birth).toBeGreaterThanOrEqual(CUSTOMERS * 0.01);
    expect(rows[0]!.no_birth).toBeLessThanOrEqual(CUSTOMERS * 0.05);
    expect(rows[0]!.registered_on_anchor).toBeGreaterThan(0);
    expect(rows[0]!.registered_after).toBe(0);
  });
});
