import type { Queryable } from './db/database.js';
import { CdpError } from './errors.js';
import { assertLease, type Owner } from './lease.js';
import { LOCKS } from './locks.js';
import type { DataQuality } from './quality.js';
import type { RunId } from './run-params.js';
import { sql } from './sql.js';
import type { RunMode, StageName } from './stages.js';

export const RUN_STATUSES = ['running', 'published', 'failed', 'superseded'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export interface RunRow {
  readonly run_id: string;
  readonly as_of_date: string;
  readonly status: RunStatus;
  readonly backfill: boolean;
  readonly rows: number | null;
  readonly error: string | null;
  /** The data-quality report publish recorded from the stage tables (null until then). */
  readonly quality: DataQuality | null;
  /** Publish's answer, recorded with the publish so a repeated request gets it again. */
  readonly result: Readonly<Record<string, unknown>> | null;
  /** The mode prepare chose (a run from before modes existed reads `full`), and why it differs from the one asked for. */
  readonly mode: RunMode;
  readonly mode_reason: string | null;
  /** The persistent state's version the run was prepared against (null before the first publish). */
  readonly state_version: number | null;
  /** The change capture's fingerprint when the run was prepared (null without a capture). */
  readonly capture_fingerprint: string | null;
  /** The execution holding the run's lease (core/lease.ts), and since when (UTC, ISO 8601). */
  readonly owner: string | null;
  readonly owner_since: string | null;
  /** When an operator withdrew this published run (`cdp withdraw`), or null. */
  readonly withdrawn_at: string | null;
}

type StageOutcome = { status: 'succeeded'; rows: number } | { status: 'failed'; error: string };

async function run(q: Queryable, name: string, params: readonly unknown[] = []) {
  return q.query(sql(name).text, params);
}

/** The cdp_meta and cdp_state schemas and tables, created once; safe to call from concurrent runs. */
export async function ensureLedger(tx: Queryable): Promise<void> {
  await run(tx, 'session/advisory_lock', [LOCKS.ledger]);
  await tx.exec(sql('meta/create_ledger').text);
  await tx.exec(sql('state/create_state').text);
}

/** Whether this database holds the ledger: a database no prepare has touched does not. */
export async function ledgerExists(q: Queryable): Promise<boolean> {
  const { rows } = await q.query<{ present: boolean }>(sql('meta/ledger_exists').text);
  return rows[0]?.present === true;
}

export async function getRun(q: Queryable, runId: RunId): Promise<RunRow | undefined> {
  // Without a ledger every run is unknown (409), not a missing-relation failure (500, retried).
  if (!(await ledgerExists(q))) return undefined;
  const { rows } = await q.query<RunRow>(sql('meta/get_run').text, [runId]);
  return rows[0];
}

/**
 * The run, which must exist, still be running (stages and publish only act on such runs), and
 * be leased to `owner` if it is leased at all.
 */
export async function getRunningRun(q: Queryable, runId: RunId, asOfDate?: string, owner?: Owner): Promise<RunRow> {
  const found = await getRun(q, runId);
  if (!found) throw new CdpError('RUN_UNKNOWN', `run ${runId} is unknown: call prepare first`, { runId });
  if (found.status === 'published') throw new CdpError('RUN_PUBLISHED', `run ${runId} is already published`, { runId });
  if (found.status !== 'running') throw new CdpError('RUN_CONFLICT', `run ${runId} is ${found.status}, not running`, { runId, status: found.status });
  if (asOfDate !== undefined && asOfDate !== found.as_of_date) {
    throw new CdpError('RUN_CONFLICT', `run ${runId} has as-of date ${found.as_of_date}, not ${asOfDate}`, { runId, field: 'asOfDate' });
  }
  assertLease(found, owner);
  return found;
}

/**
 * Opens (or reopens, for a rerun with the same as-of date) the run's ledger row, leased to
 * `owner` when given; a published run stays published, a running one leased to another owner
 * stays with it.
 */
export async function startRun(tx: Queryable, runId: RunId, asOfDate: string, backfill: boolean, owner?: Owner): Promise<void> {
  const { rows } = await run(tx, 'meta/start_run', [runId, asOfDate, backfill, owner ?? null]);
  if (rows.length === 0) {
    const existing = await getRun(tx, runId);
    if (existing?.as_of_date !== asOfDate) {
      throw new CdpError('RUN_CONFLICT', `run ${runId} already exists with as-of date ${existing?.as_of_date}, not ${asOfDate}`, { runId, field: 'asOfDate' });
    }
    // Same date, yet refused: published (never reopened), or running under another owner's lease.
    if (existing.status === 'published') throw new CdpError('RUN_PUBLISHED', `run ${runId} is already published`, { runId });
    assertLease(existing, owner);
    throw new CdpError('RUN_CONFLICT', `run ${runId} could not be reopened`, { runId });
  }
  await run(tx, 'meta/clear_stage_runs', [runId]);
}

/** What prepare decided about the run's mode (core/mode.ts). */
export interface ModeRecord {
  readonly requested: RunMode;
  readonly mode: RunMode;
  readonly reason: string | null;
  readonly stateVersion: number | null;
  readonly captureFingerprint: string | null;
}

export async function recordMode(q: Queryable, runId: RunId, record: ModeRecord): Promise<void> {
  await run(q, 'meta/record_mode', [runId, record.requested, record.mode, record.reason, record.stateVersion, record.captureFingerprint]);
}

export async function startStage(q: Queryable, runId: RunId, stage: StageName): Promise<void> {
  await run(q, 'meta/start_stage', [runId, stage]);
}

export async function finishStage(q: Queryable, runId: RunId, stage: StageName, outcome: StageOutcome): Promise<void> {
  const rows = outcome.status === 'succeeded' ? outcome.rows : null;
  const error = outcome.status === 'failed' ? outcome.error : null;
  await run(q, 'meta/finish_stage', [runId, stage, outcome.status, rows, error]);
}

export async function stageStatuses(q: Queryable, runId: RunId): Promise<Map<string, string>> {
  const { rows } = await q.query<{ stage: string; status: string }>(sql('meta/stage_statuses').text, [runId]);
  return new Map(rows.map((row) => [row.stage, row.status]));
}

export async function finishRun(
  q: Queryable, runId: RunId, status: RunStatus, rows: number | null, error: string | null, result: object | null = null,
): Promise<void> {
  await run(q, 'meta/finish_run', [runId, status, rows, error, result === null ? null : JSON.stringify(result)]);
}

/** The newest as-of date ever published, or undefined before the first publish. */
export async function newestPublishedAsOf(q: Queryable): Promise<string | undefined> {
  const { rows } = await q.query<{ as_of_date: string | null }>(sql('meta/newest_published').text);
  return rows[0]?.as_of_date ?? undefined;
}
