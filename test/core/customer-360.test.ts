/**
 * publish's customer_360 on the hand-made fixture (fixtures/sources.sql, as of 2024-06-30): the
 * seed's 31 columns in its order and with the design's types, and every value of every row worked
 * out by hand, the derived fields' CASE thresholds and NULLIFs included.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPipeline, type PipelineResult } from '../../core/pipeline.js';
import { databaseTargets, type TestDatabase } from '../support/databases.js';
import { approx, FIXTURE_AS_OF, loadFixture, rowsOf, SETTINGS } from './fixture.js';

/** The seed's JSON schema of customer_360, in its order. */
const SEED_SCHEMA = [
  ['customer_id', 'INTEGER'], ['first_name', 'TEXT'], ['last_name', 'TEXT'], ['email', 'TEXT'],
  ['phone_number', 'TEXT'], ['date_of_birth', 'DATE'], ['age', 'INTEGER'], ['registration_date', 'DATE'],
  ['days_since_registration', 'INTEGER'], ['total_purchases', 'INTEGER'], ['total_spend', 'REAL'],
  ['avg_order_value', 'REAL'], ['last_purchase_date', 'DATE'], ['days_since_last_purchase', 'INTEGER'],
  ['favorite_category', 'TEXT'], ['favorite_brand', 'TEXT'], ['customer_service_interactions', 'INTEGER'],
  ['avg_satisfaction_score', 'REAL'], ['resolved_interactions', 'INTEGER'], ['campaigns_engaged', 'INTEGER'],
  ['campaign_conversions', 'INTEGER'], ['total_sessions', 'INTEGER'], ['avg_pages_per_session', 'REAL'],
  ['avg_time_per_session', 'INTEGER'], ['last_visit_date', 'DATE'], ['customer_segment', 'TEXT'],
  ['customer_status', 'TEXT'], ['monthly_avg_spend', 'REAL'], ['campaign_conversion_rate', 'REAL'],
  ['service_resolution_rate', 'REAL'], ['total_touchpoints', 'INTEGER'],
] as const;

/** The design's mapping of the seed's types to PostgreSQL's (REAL is 8 bytes, not 4). */
const POSTGRES_TYPE = { INTEGER: 'integer', TEXT: 'text', DATE: 'date', REAL: 'double precision' } as const;

/** Columns and the rows of the fixture's eight customers, in customer_id order. */
const COLUMN_GROUPS = [
  {
    name: 'identity, age and days since registration',
    columns: ['customer_id', 'first_name', 'last_name', 'email', 'phone_number', 'date_of_birth', 'age', 'registration_date', 'days_since_registration'],
    rows: [
      [1, 'Ava', 'Adams', 'ava@example.com', '+1-555-0000001', '1990-01-15', 34, '2022-01-01', 911],
      [2, 'Ben', 'Brown', 'ben@example.com', '+1-555-0000002', '2000-06-30', 24, '2023-06-30', 366],
      [3, 'Chloe', 'Chen', 'chloe@example.com', null, null, null, '2024-01-01', 181],
      [4, 'Dan', 'Diaz', 'dan@example.com', '+1-555-0000004', '1980-07-01', 43, '2020-02-29', 1583],
      [5, 'Emma', 'Evans', 'emma@example.com', '+1-555-0000005', '2000-07-01', 23, '2024-06-30', 0],
      [6, 'Felix', 'Fischer', 'felix@example.com', '+1-555-0000006', '1975-12-31', 48, '2023-12-31', 182],
      [7, 'Grace', 'Garcia', 'grace@example.com', '+1-555-0000007', '1995-05-05', 29, '2021-06-30', 1096],
      [8, 'Hugo', 'Hughes', 'hugo@example.com', '+1-555-0000008', '1988-02-29', 36, '2024-06-01', 29],
    ],
  },
  {
    name: 'purchases and favourites (NULL without purchases)',
    columns: ['customer_id', 'total_purchases', 'total_spend', 'avg_order_value', 'last_purchase_date', 'days_since_last_purchase', 'favorite_category', 'favorite_brand'],
    rows: [
      [1, 11, 1200, approx(1200 / 11), '2024-06-20', 10, 'Clothing', 'Brand C'],
      [2, 4, 180, 45, '2024-04-01', 90, 'Home', 'Brand D'],
      [3, 2, 60, 30, '2024-03-31', 91, 'Toys', 'Brand T'],
      [4, null, null, null, null, null, null, null],
      [5, 3, 750, 250, '2024-06-30', 0, 'Electronics', 'Brand A'],
      [6, null, null, null, null, null, null, null],
      [7, 6, 120, 20, '2024-05-31', 30, 'Clothing', 'Brand C'],
      [8, 2, 500, 250, '2024-06-15', 15, 'Electronics', 'Brand A'],
    ],
  },
  {
    name: 'service, campaigns and web sessions (avg_time_per_session rounded to an integer)',
    columns: ['customer_id', 'customer_service_interactions', 'avg_satisfaction_score', 'resolved_interactions', 'campaigns_engaged',
      'campaign_conversions', 'total_sessions', 'avg_pages_per_session', 'avg_time_per_session', 'last_visit_date'],
    rows: [
      // 100.5 seconds on average rounds half away from zero: 101.
      [1, 3, 4.5, 2, 3, 2, 2, 3.5, 101, '2024-06-29'],
      [2, null, null, null, 1, 0, 1, 5, 60, '2024-06-01'],
      [3, 1, 2, 0, null, null, 2, 1.5, 38, '2024-05-05'],
      [4, null, null, null, null, null, null, null, null, null],
      [5, 1, null, 1, 1, 2, null, null, null, null],
      [6, 2, 3.5, 2, 1, 0, 1, 2, 20, '2024-06-30'],
      [7, null, null, null, null, null, 1, 10, 600, '2024-06-15'],
      [8, null, null, null, null, null, null, null, null, null],
    ],
  },
  {
    name: 'derived fields',
    columns: ['customer_id', 'customer_segment', 'customer_status', 'monthly_avg_spend', 'campaign_conversion_rate', 'service_resolution_rate', 'total_touchpoints'],
    rows: [
      // 1200 > 1000 and 11 > 10.
      [1, 'High Value', 'Active', approx((1200 / 911) * 30), approx(200 / 3), approx(200 / 3), 2 + 11 + 3],
      // 90 days since the last purchase is still At Risk.
      [2, 'Low Value', 'At Risk', approx((180 / 366) * 30), 0, null, 1 + 4 + 0],
      // 91 days is Churned.
      [3, 'Low Value', 'Churned', approx((60 / 181) * 30), null, 0, 2 + 2 + 1],
      // No purchases: NULL spend is not > 500, NULL days are not <= 90.
      [4, 'Low Value', 'Churned', null, null, null, 0],
      // 750 > 500; registered today, so days since registration is 0 and NULLIF makes the spend NULL;
      // two conversions on one campaign make 200 %.
      [5, 'Medium Value', 'Active', null, 200, 100, 0 + 3 + 1],
      [6, 'Low Value', 'Churned', null, 0, 100, 1 + 0 + 2],
      // 6 > 5 purchases; 30 days since the last is still Active.
      [7, 'Medium Value', 'Active', approx((120 / 1096) * 30), null, null, 1 + 6 + 0],
      // Exactly 500 is not > 500, and 2 purchases are not > 5.
      [8, 'Low Value', 'Active', approx((500 / 29) * 30), null, null, 0 + 2 + 0],
    ],
  },
];

describe.each(databaseTargets())('customer_360 of the fixture on $name', (target) => {
  let t: TestDatabase;
  let result: PipelineResult;
  beforeAll(async () => {
    t = await target.open();
    await loadFixture(t.db);
    result = await runPipeline(t.db, { runId: 'core-customer-360', asOfDate: FIXTURE_AS_OF }, SETTINGS);
  });
  afterAll(() => t?.dispose());

  it('has the seed\'s 31 columns in the seed\'s order, with INTEGER, TEXT, DATE, REAL as integer, text, date, double precision', async () => {
    const { rows } = await t.db.query<{ column_name: string; data_type: string }>(
      `select column_name::text as column_name, data_type::text as data_type from information_schema.columns
       where table_schema = 'public' and table_name = 'customer_360' order by ordinal_position`,
    );
    expect(rows.map((row) => [row.column_name, row.data_type])).toEqual(SEED_SCHEMA.map(([name, type]) => [name, POSTGRES_TYPE[type]]));
  });

  it.each(COLUMN_GROUPS)('holds every customer, with $name as worked out by hand', async ({ columns, rows }) => {
    expect(await rowsOf(t.db, 'public.customer_360', columns)).toEqual(rows);
  });

  it('answers the published row count and the customers per segment and status', () => {
    expect(result.publish).toMatchObject({
      asOfDate: FIXTURE_AS_OF,
      rows: 8,
      segments: { 'High Value': 1, 'Medium Value': 2, 'Low Value': 5 },
      statuses: { Active: 4, 'At Risk': 1, Churned: 3 },
      replayed: false,
    });
  });

  it('leaves no run schema behind', async () => {
    const { rows } = await t.db.query("select nspname from pg_namespace where nspname like 'cdp\\_run\\_%'");
    expect(rows).toEqual([]);
  });
});
