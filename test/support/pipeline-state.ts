/**
 * What a test can see of the pipeline's footprint in a database: run schemas, the ledger and
 * customer_360, taken as one comparable value, and table comparisons by content.
 */
import type { Queryable } from '../../core/db/database.js';

export interface PipelineState {
  /** Every non-system schema with its tables, e.g. `cdp_meta.runs`, `public.customer_360`. */
  readonly tables: readonly string[];
  /** `cdp_meta.runs` and `cdp_meta.stage_runs`, every column, as JSON text (empty before the first prepare). */
  readonly runs: string;
  readonly stageRuns: string;
  readonly customer360: TableChecksum | null;
}

export interface TableChecksum {
  readonly rows: number;
  readonly md5: string;
}

async function exists(db: Queryable, table: string): Promise<boolean> {
  const { rows } = await db.query<{ found: boolean }>('select to_regclass($1) is not null as found', [table]);
  return rows[0]!.found;
}

async function asJson(db: Queryable, table: string, order: string): Promise<string> {
  if (!(await exists(db, table))) return '[]';
  const { rows } = await db.query<{ j: string }>(`select coalesce(json_agg(t order by ${order})::text, '[]') as j from ${table} t`);
  return rows[0]!.j;
}

/** Row count and an md5 over every row in key order; equal checksums mean equal tables. */
export async function tableChecksum(db: Queryable, table: string, key = 'customer_id'): Promise<TableChecksum | null> {
  if (!(await exists(db, table))) return null;
  const { rows } = await db.query<{ rows: number; md5: string }>(
    `select count(*)::int as rows, coalesce(md5(string_agg(t::text, '|' order by ${key})), '') as md5 from ${table} t`,
  );
  return rows[0]!;
}

export async function pipelineState(db: Queryable): Promise<PipelineState> {
  const { rows } = await db.query<{ name: string }>(
    `select n.nspname || '.' || c.relname as name
     from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'
     order by 1`,
  );
  return {
    tables: rows.map((row) => row.name),
    runs: await asJson(db, 'cdp_meta.runs', 'run_id'),
    stageRuns: await asJson(db, 'cdp_meta.stage_runs', 'run_id, stage'),
    customer360: await tableChecksum(db, 'public.customer_360'),
  };
}

/** Rows of `a` missing from `b` and rows of `b` missing from `a` (EXCEPT ALL both ways): 0 and 0 when equal. */
export async function tableDifference(db: Queryable, a: string, b: string): Promise<{ onlyInA: number; onlyInB: number }> {
  const { rows } = await db.query<{ only_in_a: number; only_in_b: number }>(
    `select (select count(*) from (table ${a} except all table ${b}) d)::int as only_in_a,
            (select count(*) from (table ${b} except all table ${a}) d)::int as only_in_b`,
  );
  return { onlyInA: rows[0]!.only_in_a, onlyInB: rows[0]!.only_in_b };
}

export interface StageRunRow {
  readonly stage: string;
  readonly status: string;
  readonly attempts: number;
  readonly rows: number | null;
  readonly error: string | null;
}

export async function stageRuns(db: Queryable, runId: string): Promise<StageRunRow[]> {
  const { rows } = await db.query<StageRunRow>(
    'select stage, status, attempts, rows, error from cdp_meta.stage_runs where run_id = $1 order by stage', [runId],
  );
  return rows;
}

export async function runRow(db: Queryable, runId: string): Promise<{ status: string; rows: number | null; error: string | null } | undefined> {
  const { rows } = await db.query<{ status: string; rows: number | null; error: string | null }>(
    'select status, rows, error from cdp_meta.runs where run_id = $1', [runId],
  );
  return rows[0];
}

/** Run schemas present, e.g. `cdp_run_r1`. */
export async function runSchemas(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ nspname: string }>("select nspname from pg_namespace where nspname like 'cdp\\_run\\_%' order by 1");
  return rows.map((row) => row.nspname);
}
