/**
 * The seed's SQL run verbatim (sql/seed/customer_360_verbatim.sql, CURRENT_DATE and TEMPORARY
 * tables as written), its customer_360 landing where `cdp bench` puts it (cdp_bench_seed), so
 * that the bench's own comparison (tools/bench/compare.ts) judges the pipeline's table.
 */
import type { Database } from '../../core/db/database.js';
import { sql } from '../../core/sql.js';

const SEED_TEMP_TABLES = ['temp_customer_basic', 'temp_purchase_stats', 'temp_product_preferences',
  'temp_customer_service_stats', 'temp_campaign_engagement', 'temp_website_behavior'];

/**
 * Runs the seed's SQL in one session and transaction, with CURRENT_DATE as written or, given
 * `asOfDate`, that date in its place; answers the date it ran as of.
 */
export async function runSeedVerbatim(db: Database, asOfDate?: string): Promise<string> {
  const verbatim = sql('seed/customer_360_verbatim').text;
  return db.transaction(async (tx) => {
    await tx.exec(sql('bench/seed_schema').text);
    const { rows: [session] } = await tx.query<{ today: string }>(sql('bench/seed_session').text);
    await tx.exec(asOfDate ? verbatim.replaceAll('CURRENT_DATE', `'${asOfDate}'::date`) : verbatim);
    // A pooled session outlives the transaction, and its temporary tables and settings with it.
    await tx.exec(`drop table ${SEED_TEMP_TABLES.map((name) => `pg_temp.${name}`).join(', ')}; reset search_path`);
    return asOfDate ?? session!.today;
  });
}
