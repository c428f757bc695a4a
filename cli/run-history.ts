/** The run ledger (`cdp_meta.runs`, `cdp_meta.stage_runs`) read back for `cdp status`. */
import type { Queryable } from '../core/db/database.js';
import { ledgerExists } from '../core/ledger.js';
import { sql } from '../core/sql.js';

export interface StageTime {
  readonly status: 'running' | 'succeeded' | 'failed';
  readonly attempts: number;
  /** Null while the stage is running. */
  readonly ms: number | null;
}

export interface RunHistoryRow {
  readonly run_id: string;
  readonly as_of_date: string;
  readonly status: string;
  readonly backfill: boolean;
  /** UTC, `YYYY-MM-DD HH:MM:SS`. */
  readonly started_at: string;
  /** Null while the run is running. */
  readonly duration_ms: number | null;
  readonly rows: number | null;
  readonly error: string | null;
  /** The data-quality report of the run, as recorded (any JSON; null when none). */
  readonly quality: unknown;
  readonly stages: Readonly<Record<string, StageTime>>;
}

/** The newest `last` runs, newest first; undefined when the database has no ledger at all. */
export async function readRunHistory(db: Queryable, last: number): Promise<RunHistoryRow[] | undefined> {
  if (!(await ledgerExists(db))) return undefined;
  const { rows } = await db.query<RunHistoryRow>(sql('meta/list_runs').text, [last]);
  return rows;
}
