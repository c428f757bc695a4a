/**
 * Reading what was published: a version fingerprint of customer_360, the ledger row of a run,
 * and the row-for-row comparison with the seed's SQL run verbatim. Test-only SQL lives here.
 */
import type { Database, Queryable } from '../../../core/db/database.js';
import { sql } from '../../../core/sql.js';

export interface TableVersion {
  readonly rows: number;
  readonly checksum: number;
}

/** Row count and an order-independent checksum of every row's text: two versions never collide in practice. */
export const VERSION_SQL = `select count(*)::integer as rows, coalesce(sum(hashtext(c::text)::bigint), 0)::bigint as checksum
  from public.customer_360 c`;

export async function tableVersion(q: Queryable): Promise<TableVersion> {
  const { rows } = await q.query<TableVersion>(VERSION_SQL);
  return { rows: rows[0]!.rows, checksum: Number(rows[0]!.checksum) };
}

export async function tableExists(q: Queryable, qualifiedName: string): Promise<boolean> {
  const { rows } = await q.query<{ found: boolean }>('select to_regclass($1) is not null as found', [qualifiedName]);
  return rows[0]!.found;
}

export async function runSchemas(q: Queryable): Promise<string[]> {
  const { rows } = await q.query<{ nspname: string }>("select nspname from pg_namespace where nspname like 'cdp\\_run\\_%' order by 1");
  return rows.map((row) => row.nspname);
}

export interface LedgerRun {
  readonly status: string;
  readonly error: string | null;
  readonly rows: number | null;
}

export async function ledgerRun(q: Queryable, runId: string): Promise<LedgerRun | undefined> {
  const { rows } = await q.query<LedgerRun>('select status, error, rows from cdp_meta.runs where run_id = $1', [runId]);
  return rows[0];
}

/** The data-quality report the ledger recorded for a run. */
export async function ledgerQuality(q: Queryable, runId: string): Promise<unknown> {
  const { rows } = await q.query<{ quality: unknown }>('select quality from cdp_meta.runs where run_id = $1', [runId]);
  return rows[0]?.quality;
}

const SEED_TEMP_TABLES = ['temp_customer_basic', 'temp_purchase_stats', 'temp_product_preferences',
  'temp_customer_service_stats', 'temp_campaign_engagement', 'temp_website_behavior'];

/**
 * Runs sql/seed/customer_360_verbatim.sql with CURRENT_DATE fixed at `asOfDate`, into schema
 * cdp_ref, and counts the rows that differ from public.customer_360 (either way), once the
 * seed's columns are cast to the published types (the one departure that is not about values).
 */
export async function rowsDifferingFromSeed(db: Database, asOfDate: string): Promise<number> {
  const verbatim = sql('seed/customer_360_verbatim').text.replaceAll('CURRENT_DATE', `'${asOfDate}'::date`);
  await db.transaction(async (tx) => {
    await tx.exec('drop schema if exists cdp_ref cascade; create schema cdp_ref');
    await tx.query("select set_config('search_path', 'cdp_ref, public', true)");
    await tx.exec(verbatim);
    // Temporary tables outlive the transaction on a pooled session: dropped so a rerun can make them again.
    await tx.exec(`drop table ${SEED_TEMP_TABLES.map((name) => `pg_temp.${name}`).join(', ')}`);
  });
  const { rows: columns } = await db.query<{ column_name: string; data_type: string }>(
    "select column_name, data_type from information_schema.columns where table_schema = 'public' and table_name = 'customer_360' order by ordinal_position",
  );
  const casts = columns.map((c) => `${c.column_name}::${c.data_type} as ${c.column_name}`).join(', ');
  const { rows } = await db.query<{ n: number }>(`select count(*)::integer as n from (
    (select ${casts} from cdp_ref.customer_360 except all select * from public.customer_360)
    union all
    (select * from public.customer_360 except all select ${casts} from cdp_ref.customer_360)
  ) differing`);
  await db.exec('drop schema cdp_ref cascade');
  return rows[0]!.n;
}
