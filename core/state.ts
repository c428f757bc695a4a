import type { Queryable } from './db/database.js';
import { sql } from './sql.js';

/** The persistent state as the last publish left it (sql/state/create_state.sql). */
export interface PublishedState {
  readonly run_id: string;
  readonly as_of_date: string;
  readonly version: number;
  readonly capture_fingerprint: string | null;
  readonly needs_full_reason: string | null;
  /** The earliest as-of date the state's data-quality ledger is exact for. */
  readonly dated_from: string;
  /** Its tables are there. */
  readonly complete: boolean;
}

/** The published state, or undefined before the first publish that built one. */
export async function publishedState(q: Queryable): Promise<PublishedState | undefined> {
  const { rows } = await q.query<PublishedState>(sql('state/published').text);
  return rows[0];
}
