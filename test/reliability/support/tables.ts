/**
 * Reading what was published: a version fingerprint of customer_360, the ledger row of a run,
 * and the row-for-row comparison with the seed's SQL run verbatim.
 */
import type { Database, Queryable } from '../../../core/db/database.js';
import { compareWithSeed, differingRows } from '../../../tools/bench/compare.js';
import { runSeedVerbatim } from '../../core/seed-parity.js';

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

/**
 * Runs the seed's SQL verbatim with CURRENT_DATE fixed at `asOfDate` and counts the rows of
 * public.customer_360 that differ from its table, as `cdp bench` judges them.
 */
export async function rowsDifferingFromSeed(db: Database, asOfDate: string): Promise<number> {
  await runSeedVerbatim(db, asOfDate);
  return differingRows(await compareWithSeed(db));
}
