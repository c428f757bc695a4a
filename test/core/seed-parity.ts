/**
 * The seed's SQL run verbatim (sql/seed/customer_360_verbatim.sql, CURRENT_DATE and TEMPORARY
 * tables as written) and the comparison of its customer_360 with the pipeline's, up to the
 * design's departures: types (each seed column cast to the published type, the very conversion
 * the pipeline applies, then compared exactly) and the favourite tie (any most-bought pair).
 */
import type { Database } from '../../core/db/database.js';
import { sql } from '../../core/sql.js';

export const SEED_SCHEMA = 'cdp_seed';

const SEED_TEMP_TABLES = ['temp_customer_basic', 'temp_purchase_stats', 'temp_product_preferences',
  'temp_customer_service_stats', 'temp_campaign_engagement', 'temp_website_behavior'];

/**
 * Runs the seed's SQL in one session and transaction, its CREATE TABLE landing in cdp_seed (ahead
 * of public in its search_path); answers the CURRENT_DATE it ran with.
 */
export async function runSeedVerbatim(db: Database): Promise<string> {
  return db.transaction(async (tx) => {
    await tx.exec(`drop schema if exists ${SEED_SCHEMA} cascade; create schema ${SEED_SCHEMA}`);
    await tx.query("select set_config('search_path', $1, true)", [`${SEED_SCHEMA}, public`]);
    await tx.exec(sql('seed/customer_360_verbatim').text);
    // A pooled session outlives the transaction, and its temporary tables with it.
    await tx.exec(`drop table ${SEED_TEMP_TABLES.map((name) => `pg_temp.${name}`).join(', ')}`);
    const { rows } = await tx.query<{ today: string }>("select to_char(current_date, 'YYYY-MM-DD') as today");
    return rows[0]!.today;
  });
}

/** Every column but the favourites, in the seed's order, with the published type. */
const EXACT_COLUMNS = [
  'customer_id::integer', 'first_name::text', 'last_name::text', 'email::text', 'phone_number::text',
  'date_of_birth::date', 'age::integer', 'registration_date::date', 'days_since_registration::integer',
  'total_purchases::integer', 'total_spend::double precision', 'avg_order_value::double precision',
  'last_purchase_date::date', 'days_since_last_purchase::integer', 'customer_service_interactions::integer',
  'avg_satisfaction_score::double precision', 'resolved_interactions::integer', 'campaigns_engaged::integer',
  'campaign_conversions::integer', 'total_sessions::integer', 'avg_pages_per_session::double precision',
  'avg_time_per_session::integer', 'last_visit_date::date', 'customer_segment::text', 'customer_status::text',
  'monthly_avg_spend::double precision', 'campaign_conversion_rate::double precision',
  'service_resolution_rate::double precision', 'total_touchpoints::integer',
].join(', ');

export interface SeedDifferences {
  /** Rows (favourites aside) of the seed's table missing from the pipeline's, and the other way. */
  readonly onlyInSeed: number;
  readonly onlyInPipeline: number;
  /** Customers whose favourite pair is not one of their most-bought pairs, in each table. */
  readonly seedFavouriteNotMostBought: number;
  readonly pipelineFavouriteNotMostBought: number;
  /** Customers whose two favourites differ (allowed: both are most-bought, so a tie). */
  readonly favouritesDiffer: number;
  /** Customers with more than one most-bought pair: where the tie-break decides. */
  readonly tiedCustomers: number;
}

/** Compares `pipelineTable` with cdp_seed.customer_360 (run runSeedVerbatim first). */
export async function seedDifferences(db: Database, pipelineTable = 'public.customer_360'): Promise<SeedDifferences> {
  const { rows } = await db.query<SeedDifferences>(`
    with seed as (select ${EXACT_COLUMNS} from ${SEED_SCHEMA}.customer_360),
    ours as (select ${EXACT_COLUMNS} from ${pipelineTable}),
    pair_counts as (
      select pt.customer_id, pc.category, pc.brand, count(*) as purchases
      from purchase_transactions pt join product_catalog pc on pt.product_id = pc.product_id
      group by pt.customer_id, pc.category, pc.brand
    ),
    most_bought as (
      select customer_id, category, brand, count(*) over (partition by customer_id) as pairs
      from (select *, max(purchases) over (partition by customer_id) as top from pair_counts) ranked
      where purchases = top
    ),
    picks as (
      select s.customer_id, s.favorite_category as seed_category, s.favorite_brand as seed_brand,
        p.favorite_category as our_category, p.favorite_brand as our_brand
      from ${SEED_SCHEMA}.customer_360 s join ${pipelineTable} p on p.customer_id = s.customer_id
    ),
    seed_most_bought as (
      select distinct p.customer_id from picks p join most_bought m on m.customer_id = p.customer_id
      where m.category is not distinct from p.seed_category and m.brand is not distinct from p.seed_brand
    ),
    ours_most_bought as (
      select distinct p.customer_id from picks p join most_bought m on m.customer_id = p.customer_id
      where m.category is not distinct from p.our_category and m.brand is not distinct from p.our_brand
    ),
    buyers as (select distinct customer_id from most_bought),
    -- A pick is right when it is a most-bought pair, or NULL for a customer with no such pair.
    judged as (
      select p.customer_id,
        (seed_category, seed_brand) is distinct from (our_category, our_brand) as differ,
        case when b.customer_id is null then seed_category is not null or seed_brand is not null
             else s.customer_id is null end as seed_off,
        case when b.customer_id is null then our_category is not null or our_brand is not null
             else o.customer_id is null end as ours_off
      from picks p
      left join buyers b on b.customer_id = p.customer_id
      left join seed_most_bought s on s.customer_id = p.customer_id
      left join ours_most_bought o on o.customer_id = p.customer_id
    )
    select
      (select count(*) from (table seed except all table ours) d)::integer as "onlyInSeed",
      (select count(*) from (table ours except all table seed) d)::integer as "onlyInPipeline",
      (select count(*) from judged where seed_off)::integer as "seedFavouriteNotMostBought",
      (select count(*) from judged where ours_off)::integer as "pipelineFavouriteNotMostBought",
      (select count(*) from judged where differ)::integer as "favouritesDiffer",
      (select count(distinct customer_id) from most_bought where pairs > 1)::integer as "tiedCustomers"`);
  return rows[0]!;
}
