/**
 * The six stages on the hand-made fixture (fixtures/sources.sql, as of 2024-06-30): each stage's
 * table in the run's schema, value by value, every value worked out by hand from the fixture.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepare } from '../../core/prepare.js';
import { runSchema } from '../../core/run-params.js';
import { runStage } from '../../core/run-stage.js';
import { STAGES, type StageName } from '../../core/stages.js';
import type { StepResult } from '../../core/prepare.js';
import { databaseTargets, type TestDatabase } from '../support/databases.js';
import { approx, FIXTURE_AS_OF, loadFixture, rowsOf, SETTINGS } from './fixture.js';

const RUN = { runId: 'core-stages', asOfDate: FIXTURE_AS_OF };

interface StageExpectation {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
}

/** Only customers with activity of a kind get a row in that kind's stage (Dan, 4, has none). */
const EXPECTED: Record<StageName, StageExpectation> = {
  temp_customer_basic: {
    // age and days_since_registration depend on the as-of date: customer_360 derives them.
    columns: ['customer_id', 'first_name', 'last_name', 'email', 'phone_number', 'date_of_birth', 'registration_date'],
    rows: [
      [1, 'Ava', 'Adams', 'ava@example.com', '+1-555-0000001', '1990-01-15', '2022-01-01'],
      [2, 'Ben', 'Brown', 'ben@example.com', '+1-555-0000002', '2000-06-30', '2023-06-30'],
      [3, 'Chloe', 'Chen', 'chloe@example.com', null, null, '2024-01-01'],
      [4, 'Dan', 'Diaz', 'dan@example.com', '+1-555-0000004', '1980-07-01', '2020-02-29'],
      [5, 'Emma', 'Evans', 'emma@example.com', '+1-555-0000005', '2000-07-01', '2024-06-30'],
      [6, 'Felix', 'Fischer', 'felix@example.com', '+1-555-0000006', '1975-12-31', '2023-12-31'],
      [7, 'Grace', 'Garcia', 'grace@example.com', '+1-555-0000007', '1995-05-05', '2021-06-30'],
      [8, 'Hugo', 'Hughes', 'hugo@example.com', '+1-555-0000008', '1988-02-29', '2024-06-01'],
    ],
  },
  temp_purchase_stats: {
    // days_since_last_purchase depends on the as-of date: customer_360 derives it.
    columns: ['customer_id', 'total_purchases', 'total_spend', 'avg_order_value', 'last_purchase_date'],
    rows: [
      [1, 11, 1200, approx(1200 / 11), '2024-06-20'],
      [2, 4, 180, 45, '2024-04-01'],
      [3, 2, 60, 30, '2024-03-31'],
      [5, 3, 750, 250, '2024-06-30'],
      [7, 6, 120, 20, '2024-05-31'],
      [8, 2, 500, 250, '2024-06-15'],
    ],
  },
  temp_product_preferences: {
    columns: ['customer_id', 'favorite_category', 'favorite_brand'],
    rows: [
      [1, 'Clothing', 'Brand C'],
      [2, 'Home', 'Brand D'],
      [3, 'Toys', 'Brand T'],
      [5, 'Electronics', 'Brand A'],
      [7, 'Clothing', 'Brand C'],
      [8, 'Electronics', 'Brand A'],
    ],
  },
  temp_customer_service_stats: {
    columns: ['customer_id', 'total_interactions', 'avg_satisfaction_score', 'resolved_interactions'],
    rows: [
      // An unscored contact counts as a contact, not in the average.
      [1, 3, 4.5, 2],
      [3, 1, 2, 0],
      [5, 1, null, 1],
      [6, 2, 3.5, 2],
    ],
  },
  temp_campaign_engagement: {
    columns: ['customer_id', 'campaigns_engaged', 'campaign_conversions'],
    rows: [
      // Two responses to campaign 10: one campaign engaged.
      [1, 3, 2],
      [2, 1, 0],
      // Two conversions on one campaign: both counted, as the seed counts them.
      [5, 1, 2],
      [6, 1, 0],
    ],
  },
  temp_website_behavior: {
    columns: ['customer_id', 'total_sessions', 'avg_pages_per_session', 'avg_time_per_session', 'last_visit_date'],
    rows: [
      [1, 2, 3.5, 100.5, '2024-06-29'],
      [2, 1, 5, 60, '2024-06-01'],
      [3, 2, 1.5, 37.5, '2024-05-05'],
      [6, 1, 2, 20, '2024-06-30'],
      [7, 1, 10, 600, '2024-06-15'],
    ],
  },
};

describe.each(databaseTargets())('stages on the fixture on $name', (target) => {
  let t: TestDatabase;
  const results = new Map<StageName, StepResult>();
  const stageRows = (stage: StageName, columns: readonly string[]) => rowsOf(t.db, `${runSchema(RUN.runId)}.${stage}`, columns);
  /** Runs one stage again in a run of its own, over the sources as they are now; its table's name. */
  const rerun = async (stage: StageName, runId: string): Promise<string> => {
    const run = { runId, asOfDate: FIXTURE_AS_OF };
    await prepare(t.db, run, SETTINGS);
    await runStage(t.db, stage, run, SETTINGS);
    return `${runSchema(runId)}.${stage}`;
  };
  /**
   * A customer's favourite [id, category, brand] after adding their purchases (rows of
   * (transaction_id, customer_id, product_id, purchase_date, quantity, total_amount)), in a run
   * of its own; the purchases are removed again.
   */
  const favouriteAfter = async (runId: string, customer: number, purchases: string): Promise<unknown[] | undefined> => {
    await t.db.exec(`insert into purchase_transactions (transaction_id, customer_id, product_id, purchase_date, quantity, total_amount) values ${purchases}`);
    try {
      const rows = await rowsOf(t.db, await rerun('temp_product_preferences', runId), ['customer_id', 'favorite_category', 'favorite_brand']);
      return rows.find((row) => row[0] === customer);
    } finally {
      await t.db.exec(`delete from purchase_transactions where customer_id = ${customer}`);
    }
  };

  beforeAll(async () => {
    t = await target.open();
    await loadFixture(t.db);
    await prepare(t.db, RUN, SETTINGS);
    for (const stage of STAGES) results.set(stage, await runStage(t.db, stage, RUN, SETTINGS));
  });
  afterAll(() => t?.dispose());

  it.each(STAGES)('%s materialises the seed\'s step, one row per customer with activity', async (stage) => {
    const { columns, rows } = EXPECTED[stage];
    expect(await stageRows(stage, columns)).toEqual(rows);
    expect(results.get(stage)).toMatchObject({ runId: RUN.runId, stage, rows: rows.length });
  });

  /** Whether each index on a run's stage table is unique on customer_id, and the columns it has statistics of. */
  const indexing = async (runId: string, stage: StageName) => {
    const schema = runSchema(runId);
    const { rows: indexes } = await t.db.query<{ indexdef: string }>(
      'select indexdef from pg_indexes where quote_ident(schemaname) = $1 and tablename = $2', [schema, stage],
    );
    const { rows: stats } = await t.db.query<{ attname: string }>(
      'select attname from pg_stats where quote_ident(schemaname) = $1 and tablename = $2', [schema, stage],
    );
    return {
      unique: indexes.map((index) => /^CREATE UNIQUE INDEX .* \(customer_id\)$/.test(index.indexdef)),
      statistics: stats.map((stat) => stat.attname),
    };
  };

  it.each(STAGES.filter((stage) => stage !== 'temp_customer_basic'))('%s, grouped by customer, gets a unique index on customer_id and no ANALYZE', async (stage) => {
    expect(await indexing(RUN.runId, stage)).toEqual({ unique: [true], statistics: [] });
  });

  it('temp_customer_basic, a copy of customer_info, gets a plain index on customer_id and statistics', async () => {
    const { unique, statistics } = await indexing(RUN.runId, 'temp_customer_basic');
    expect(unique).toEqual([false]);
    expect(statistics).toContain('customer_id');
  });

  it('temp_customer_basic of a customer_info repeating a customer succeeds, for the key gate to name', async () => {
    const runId = 'core-stages-repeated-customer';
    await t.db.exec("insert into customer_info (customer_id, first_name) values (77, 'Twice'), (77, 'Twice')");
    try {
      const table = await rerun('temp_customer_basic', runId);
      expect(await rowsOf(t.db, table, ['customer_id'])).toContainEqual([77]);
      expect((await indexing(runId, 'temp_customer_basic')).unique).toEqual([false]);
    } finally {
      await t.db.exec('delete from customer_info where customer_id = 77');
    }
  });

  it('a favourite tied on count goes to the pair bought most recently', async () => {
    // Ben bought Home twice (last 2024-04-01) and Electronics twice (last 2024-03-15).
    const [, ben] = await stageRows('temp_product_preferences', ['customer_id', 'favorite_category', 'favorite_brand']);
    expect(ben).toEqual([2, 'Home', 'Brand D']);
  });

  it('a favourite tied on count and date goes to the first category in byte order', async () => {
    // Chloe bought Toys and garden once each, the same day: 'T' (0x54) sorts before 'g' (0x67).
    const [, , chloe] = await stageRows('temp_product_preferences', ['customer_id', 'favorite_category', 'favorite_brand']);
    expect(chloe).toEqual([3, 'Toys', 'Brand T']);
  });

  it('a favourite tied on count goes past a pair bought only on unknown dates', async () => {
    // Customer 99: Clothing twice with no purchase date, Home twice dated; by name Clothing would win.
    expect(await favouriteAfter('core-stages-undated', 99,
      "(99001, 99, 3, null, 1, 20.00), (99002, 99, 3, null, 1, 20.00), (99003, 99, 4, '2024-01-01', 1, 40.00), (99004, 99, 4, '2024-01-02', 1, 40.00)",
    )).toEqual([99, 'Home', 'Brand D']);
  });

  it('a favourite among pairs bought once each goes to the latest, before 2000 too, never to an undated one', async () => {
    // Customer 96: one purchase each of Clothing (no date), Electronics (1998), Home (1999-12-30)
    // and Toys (1999-12-31). By name Clothing would win; the latest is Toys.
    expect(await favouriteAfter('core-stages-once-each', 96,
      "(96001, 96, 3, null, 1, 20.00), (96002, 96, 1, '1998-01-01', 1, 250.00), (96003, 96, 4, '1999-12-30', 1, 40.00), (96004, 96, 5, '1999-12-31', 1, 30.00)",
    )).toEqual([96, 'Toys', 'Brand T']);
  });

  it('a favourite bought twice beats a pair bought once more recently', async () => {
    // Customer 95: Home twice in 2023, Electronics once in 2024.
    expect(await favouriteAfter('core-stages-twice', 95,
      "(95001, 95, 4, '2023-01-01', 1, 40.00), (95002, 95, 4, '2023-02-01', 1, 40.00), (95003, 95, 1, '2024-06-01', 1, 250.00)",
    )).toEqual([95, 'Home', 'Brand D']);
  });

  it('a favourite\'s names come back character for character, quotes, backslashes, accents and a NULL brand included', async () => {
    // Customer 98 bought one product twice; its names are looked up by the pair's number.
    const category = 'Café "Déco" \\ 1/2 \u{1F600}\ttab';
    await t.db.query(`insert into product_catalog (product_id, product_name, category, brand, price) values (9801, 'odd', $1, null, 1.00)`, [category]);
    try {
      expect(await favouriteAfter('core-stages-names', 98, "(98001, 98, 9801, '2024-01-01', 1, 1.00), (98002, 98, 9801, '2024-01-02', 1, 1.00)"))
        .toEqual([98, category, null]);
    } finally {
      await t.db.exec('delete from product_catalog where product_id = 9801');
    }
  });

  /** Runs favouriteAfter with extra catalog rows (product_id, product_name, category, brand, price), removed again. */
  const favouriteWithCatalog = async (products: string, ...args: Parameters<typeof favouriteAfter>): Promise<unknown[] | undefined> => {
    await t.db.exec(`insert into product_catalog (product_id, product_name, category, brand, price) values ${products}`);
    try {
      return await favouriteAfter(...args);
    } finally {
      await t.db.exec(`delete from product_catalog where product_name like 'extra %'`);
    }
  };

  it('a product listed twice in the catalog counts twice, as the seed\'s join counts it', async () => {
    // Customer 94: the lamp (4, Home) once, listed twice; a shirt once, more recently. Counted
    // once, the shirt would win as the latest of pairs bought once each.
    expect(await favouriteWithCatalog("(4, 'extra lamp', 'Home', 'Brand D', 40.00)", 'core-stages-listed-twice', 94,
      "(94001, 94, 4, '2024-01-01', 1, 40.00), (94002, 94, 3, '2024-02-01', 1, 20.00)",
    )).toEqual([94, 'Home', 'Brand D']);
  });

  it('a product numbered below 1 counts toward its pair', async () => {
    // Customer 93: product -1 (Books) twice, a shirt once more recently.
    expect(await favouriteWithCatalog("(-1, 'extra book', 'Books', 'Brand K', 10.00)", 'core-stages-below-one', 93,
      "(93001, 93, -1, '2024-01-01', 1, 10.00), (93002, 93, -1, '2024-01-02', 1, 10.00), (93003, 93, 3, '2024-02-01', 1, 20.00)",
    )).toEqual([93, 'Books', 'Brand K']);
  });

  it('a product numbered far beyond the catalog\'s size counts toward its pair', async () => {
    // Customer 92: product 2,000,000,000 (Books) twice, a shirt once more recently.
    expect(await favouriteWithCatalog("(2000000000, 'extra book', 'Books', 'Brand K', 10.00)", 'core-stages-far-id', 92,
      "(92001, 92, 2000000000, '2024-01-01', 1, 10.00), (92002, 92, 2000000000, '2024-01-02', 1, 10.00), (92003, 92, 3, '2024-02-01', 1, 20.00)",
    )).toEqual([92, 'Books', 'Brand K']);
  });

  it('purchases of an unknown or a NULL product are counted, and left out of the favourite', async () => {
    // Customer 91: a shirt twice, an unknown product and a NULL one, both more recent.
    const columns = ['customer_id', 'favorite_category', 'favorite_brand', 'dq_unknown_product'];
    await t.db.exec(`insert into purchase_transactions (transaction_id, customer_id, product_id, purchase_date, quantity, total_amount) values
      (91001, 91, 3, '2024-01-01', 1, 20.00), (91002, 91, 3, '2024-01-02', 1, 20.00), (91003, 91, 77, '2024-03-01', 1, 5.00), (91004, 91, null, '2024-03-02', 1, 5.00)`);
    try {
      const rows = await rowsOf(t.db, await rerun('temp_product_preferences', 'core-stages-unknown-products'), columns);
      expect(rows.find((row) => row[0] === 91)).toEqual([91, 'Clothing', 'Brand C', 2]);
    } finally {
      await t.db.exec('delete from purchase_transactions where customer_id = 91');
    }
  });

  it('web session averages are avg()\'s numerics digit for digit, NULL for a customer with no value', async () => {
    // Customer 97: thirds, a NULL among the pages, and no time at all.
    await t.db.exec(`insert into website_behavior (session_id, customer_id, visit_date, pages_viewed, time_spent) values
      (97001, 97, '2024-06-01', 1, null), (97002, 97, '2024-06-02', 2, null), (97003, 97, '2024-06-03', 2, null), (97004, 97, '2024-06-04', null, null)`);
    try {
      const table = await rerun('temp_website_behavior', 'core-stages-averages');
      const text = 'customer_id, avg_pages_per_session::text as pages, avg_time_per_session::text as time';
      const staged = await t.db.query(`select ${text} from ${table} order by customer_id`);
      const seed = await t.db.query(`select ${text} from (select customer_id, avg(pages_viewed) as avg_pages_per_session,
        avg(time_spent) as avg_time_per_session from website_behavior group by customer_id) s order by customer_id`);
      expect(staged.rows).toEqual(seed.rows);
      expect(staged.rows.find((row) => (row as { customer_id: number }).customer_id === 97)).toEqual({ customer_id: 97, pages: '1.6666666666666667', time: null });
    } finally {
      await t.db.exec('delete from website_behavior where customer_id = 97');
    }
  });

  it('records each stage as succeeded in the ledger with its row count', async () => {
    const { rows } = await t.db.query<{ stage: string; status: string; rows: number }>(
      'select stage, status, rows from cdp_meta.stage_runs where run_id = $1 order by stage', [RUN.runId],
    );
    expect(rows).toEqual(STAGES.map((stage) => ({ stage, status: 'succeeded', rows: EXPECTED[stage].rows.length })).sort((a, b) => a.stage.localeCompare(b.stage)));
  });
});
