import type { Database, Queryable } from './db/database.js';
import { translateDatabaseError } from './db/translate-error.js';
import { CdpError } from './errors.js';
import { ensureLedger } from './ledger.js';
import { missingSources } from './sources.js';
import { sql } from './sql.js';

/** The change capture as it is now (sql/capture/fingerprint.sql). */
export interface CaptureStatus {
  /** All 24 triggers there and enabled. */
  readonly installed: boolean;
  readonly triggers: number;
  /** Triggers that fire ALWAYS, also for changes applied by logical replication (24 when all do). */
  readonly always: number;
  /** Changes whenever a trigger, a capture function or a source's columns change. */
  readonly fingerprint: string;
  /** Sources an incremental run reads by customer_id that have no index on it. */
  readonly missingIndexes: readonly string[];
}

export async function captureStatus(q: Queryable): Promise<CaptureStatus> {
  const { rows: [capture] } = await q.query<{ installed: boolean; triggers: number; always: number; fingerprint: string }>(sql('capture/fingerprint').text);
  const { rows: missing } = await q.query<{ table_name: string }>(sql('capture/missing_indexes').text);
  return { ...capture!, missingIndexes: missing.map((row) => row.table_name) };
}

/** What to run so that `table` can be read by customer_id. */
export function indexAdvice(table: string): string {
  return `create index concurrently if not exists ${table}_customer_id_idx on public.${table} (customer_id)`;
}

/**
 * Installs the change capture on the six source tables (sql/capture/install.sql), idempotently.
 * Refused, before touching anything, when a source is missing or a source an incremental run
 * reads by customer_id has no index on it: the message says what to create.
 */
export async function installCapture(db: Database): Promise<CaptureStatus> {
  try {
    const { rows: present } = await db.query<{ table_name: string; column_name: string }>(sql('source/columns').text, ['public']);
    const missing = missingSources(present);
    if (missing.length > 0) throw new CdpError('MISSING_SOURCE', `cannot install the change capture: missing ${missing.join(', ')}`, { missing });
    const before = await captureStatus(db);
    if (before.missingIndexes.length > 0) {
      throw new CdpError(
        'MISSING_SOURCE',
        `incremental runs read ${before.missingIndexes.join(', ')} by customer_id, which has no index on it; create ${before.missingIndexes.length === 1 ? 'it' : 'them'} first: ${before.missingIndexes.map(indexAdvice).join('; ')}`,
        { missingIndexes: before.missingIndexes },
      );
    }
    await db.transaction(async (tx) => {
      await ensureLedger(tx);
      await tx.exec(sql('capture/install').text);
    });
    return await captureStatus(db);
  } catch (error) {
    throw translateDatabaseError(error, 'installing the change capture');
  }
}

/** Removes the capture's triggers and functions (which needs the sources' owner); the next run is then a full one. */
export async function uninstallCapture(db: Database): Promise<CaptureStatus> {
  try {
    await db.transaction((tx) => tx.exec(sql('capture/uninstall').text));
    return await captureStatus(db);
  } catch (error) {
    throw translateDatabaseError(error, 'removing the change capture');
  }
}
