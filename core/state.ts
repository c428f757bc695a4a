import type { Queryable } from './db/database.js';
import { sqlState } from './db/translate-error.js';
import { sql } from './sql.js';

/** The persistent state as the last publish left it (sql/state/create_state.sql). */
export interface PublishedState {
  readonly run_id: string;
  readonly as_of_date: string;
  readonly version: number;
  readonly capture_fingerprint: string | null;
  readonly needs_full_reason: string | null;
  readonly customers: number;
}

/** The published state, or undefined before the first publish that built one. */
export async function publishedState(q: Queryable): Promise<PublishedState | undefined> {
  const { rows } = await q.query<PublishedState>(sql('state/published').text);
  return rows[0];
}

/**
 * Whether the state's tables still hold what was published: they are UNLOGGED, so a crash or a
 * failover empties them (and a person may have dropped one).
 */
export async function stateIntact(q: Queryable, state: PublishedState): Promise<boolean> {
  if (state.customers === 0) return true;
  try {
    const { rows } = await q.query<{ present: boolean }>(sql('state/customers_present').text);
    return rows[0]?.present === true;
  } catch (error) {
    if (sqlState(error) === '42P01') return false;
    throw error;
  }
}
