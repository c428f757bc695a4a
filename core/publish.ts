import type { PipelineSettings } from './config.js';
import type { Database, Queryable } from './db/database.js';
import { translateDatabaseError } from './db/translate-error.js';
import { CdpError } from './errors.js';
import { checkGates, gateFailure, type GateOutcome } from './gates.js';
import { assertLease, type Owner } from './lease.js';
import { finishRun, getRun, newestPublishedAsOf, stageStatuses, type RunRow } from './ledger.js';
import { LOCKS } from './locks.js';
import type { StepResult } from './prepare.js';
import { countQuality, recordQuality, type DataQuality } from './quality.js';
import { runDdl } from './run-ddl.js';
import { assertRunParams, type RunId } from './run-params.js';
import { applyRunSession } from './session.js';
import { sql } from './sql.js';
import { publishedState, type PublishedState } from './state.js';
import { STAGES, type RunMode } from './stages.js';
import { summarize } from './summary.js';

export interface PublishRequest {
  readonly runId: RunId;
  readonly asOfDate?: string;
  /** Must hold the run's lease, if it has one (core/lease.ts). */
  readonly owner?: Owner;
}

export interface PublishResult extends StepResult {
  readonly asOfDate: string;
  readonly mode: RunMode;
  /** Customers the run recomputed: all of them in a full run, the changed ones in an incremental run. */
  readonly recomputed: number;
  /** Customers per customer_segment and per customer_status in the table just published. */
  readonly segments: Record<string, number>;
  readonly statuses: Record<string, number>;
  /** Source rows per kind of dirt in the published state (null for a run published before reports existed). */
  readonly quality: DataQuality | null;
  /** Every quality gate with its offending row count: all 0, since the table was published. */
  readonly gates: readonly GateOutcome[];
  /** True when this answers a repeated request: the run was already published, by an earlier call. */
  readonly replayed: boolean;
}

type Published = Omit<PublishResult, 'runId' | 'stage' | 'replayed'>;

/** The transaction's outcome. A refusal is committed (the ledger says why) and thrown afterwards. */
type Outcome = { readonly published: Published; readonly replayed: boolean } | { readonly refused: CdpError };

/** A failed gate: thrown to roll the publish back, then recorded with its report in a transaction of its own. */
class GateRefusal extends Error {
  constructor(readonly failure: CdpError, readonly quality: DataQuality, readonly gates: readonly GateOutcome[]) {
    super(failure.message);
  }
}

/** What was recorded when the run was published; a run published before results were recorded gets the basics. */
function recorded(run: RunRow): Published {
  const fallback: Published = {
    asOfDate: run.as_of_date, mode: run.mode, recomputed: run.rows ?? 0, rows: run.rows ?? 0, durationMs: 0,
    segments: {}, statuses: {}, quality: run.quality, gates: [],
  };
  return { ...fallback, ...(run.result as Partial<Published> | null) };
}

/** The checks before any work: the run must exist, be running (or be a replay), and have all stages done. */
async function admit(tx: Queryable, request: PublishRequest): Promise<RunRow | Outcome> {
  const { runId } = request;
  const run = await getRun(tx, runId);
  if (!run) throw new CdpError('RUN_UNKNOWN', `run ${runId} is unknown: call prepare first`, { runId });
  if (request.asOfDate !== undefined && request.asOfDate !== run.as_of_date) {
    throw new CdpError('RUN_CONFLICT', `run ${runId} has as-of date ${run.as_of_date}, not ${request.asOfDate}`, { runId, field: 'asOfDate' });
  }
  // A retry whose first attempt committed but whose answer was lost: the same answer again.
  if (run.status === 'published') return { published: recorded(run), replayed: true };
  if (run.status === 'superseded') throw new CdpError('SUPERSEDED', `run ${runId} was superseded: ${run.error ?? 'a newer as-of date is published'}`, { runId });
  if (run.status !== 'running') throw new CdpError('RUN_CONFLICT', `run ${runId} is ${run.status}, not running`, { runId, status: run.status });
  assertLease(run, request.owner);
  const statuses = await stageStatuses(tx, runId);
  const unfinished = STAGES.filter((stage) => statuses.get(stage) !== 'succeeded');
  if (unfinished.length > 0) {
    throw new CdpError('RUN_CONFLICT', `run ${runId} cannot publish: stages not succeeded: ${unfinished.join(', ')}`, { runId, unfinished });
  }
  return run;
}

/**
 * Why the run may not publish what it built, or undefined. A run older than the newest as-of
 * date published is superseded unless it is a backfill. An incremental run's changes apply to
 * the state it was prepared against: if another run published since, they are refused too.
 */
async function supersession(tx: Queryable, run: RunRow, stateVersion: number | null): Promise<CdpError | undefined> {
  const runId = run.run_id;
  const newest = await newestPublishedAsOf(tx);
  if (newest !== undefined && run.as_of_date < newest && !run.backfill) {
    return new CdpError(
      'SUPERSEDED',
      `run ${runId} as of ${run.as_of_date} is superseded: ${newest} is already published (prepare it with backfill to publish an older date)`,
      { runId, asOfDate: run.as_of_date, published: newest },
    );
  }
  if (run.mode === 'incremental' && stateVersion !== run.state_version) {
    return new CdpError('SUPERSEDED', `run ${runId} is superseded: another run published since it was prepared, so its changes no longer apply; start a new run`, { runId });
  }
  return undefined;
}

/** Ends the run without publishing: its schema goes, the ledger records why; committed with the transaction. */
async function refuse(tx: Queryable, runId: RunId, status: 'failed' | 'superseded', error: CdpError, result: object | null = null): Promise<Outcome> {
  await tx.query(runDdl.dropSchema(runId));
  await finishRun(tx, runId, status, null, error.message, result);
  return { refused: error };
}

/**
 * Builds the rows the run recomputed (customer_360_base and its data-quality ledger,
 * customer_dirt, in its schema), checks the quality gates on them, and makes them the published
 * state: a full run's tables replace the state's, an incremental run's replace its changed
 * customers' rows there. customer_360 is a view of the state (sql/publish/customer_360_view.sql),
 * so readers see the old rows or the new ones.
 */
async function publishRows(tx: Queryable, run: RunRow, settings: PipelineSettings, state: PublishedState | undefined): Promise<Published> {
  const runId = run.run_id;
  const full = run.mode === 'full';
  await applyRunSession(tx, runId, settings, full ? 'publish' : 'changes');
  const { rowCount: recomputed } = await tx.query(sql('publish/create_customer_360_base').text);
  await tx.query(sql('publish/create_customer_dirt').text, [run.as_of_date]);
  const gates = await checkGates(tx);
  const failure = gateFailure(runId, gates);
  await tx.exec(sql(full ? 'state/replace_dirt' : 'state/apply_dirt_changes').text);
  // Recorded with the refusal: the report of the state as this run would have left it.
  if (failure) throw new GateRefusal(failure, await countQuality(tx, run.as_of_date), gates);
  if (full) {
    await tx.query(sql('publish/create_summary_counts').text);
    await tx.exec(sql('state/replace_base').text);
    await tx.exec(sql('publish/customer_360_view').text);
    await tx.exec(sql('state/drop_replaced_base').text);
  } else {
    await tx.query(sql('state/apply_base_changes').text);
  }
  // A full run prepared before another run published read older sources than that run applied:
  // its table is right, but changes the other run consumed may be missing from its state.
  const stale = full && state !== undefined && state.version !== run.state_version
    ? `run ${runId} (full) was prepared before another run published` : null;
  await tx.query(sql('state/record_publish').text, [runId, run.as_of_date, run.capture_fingerprint, stale, full]);
  await tx.exec(sql('publish/consume_changes').text);
  const quality = await countQuality(tx, run.as_of_date);
  const summary = await summarize(tx, run.as_of_date);
  return { asOfDate: run.as_of_date, mode: run.mode, recomputed, durationMs: 0, ...summary, quality, gates };
}

/**
 * Publishes a run whose stages all succeeded, in one transaction under the publish lock, so that
 * publishes happen one at a time and a failure changes nothing (the change log the run consumed
 * stays for the next run). Refused, with the published table kept: a superseded run (SUPERSEDED)
 * and rows failing a quality gate (GATE_FAILED, recorded with the run's quality report). A repeat
 * of a publish that already committed answers the recorded result (`replayed: true`).
 */
export async function publish(db: Database, request: PublishRequest, settings: PipelineSettings): Promise<PublishResult> {
  assertRunParams(request);
  const started = performance.now();
  const { runId } = request;
  let outcome: Outcome;
  try {
    outcome = await db.transaction(async (tx): Promise<Outcome> => {
      await tx.query(sql('session/advisory_lock').text, [LOCKS.publish]);
      const admitted = await admit(tx, request);
      if (!('run_id' in admitted)) return admitted;
      const run = admitted;
      const state = await publishedState(tx);
      const superseded = await supersession(tx, run, state?.version ?? null);
      if (superseded) return refuse(tx, runId, 'superseded', superseded);

      const rows = await publishRows(tx, run, settings, state);
      await tx.query(runDdl.dropSchema(runId));
      const published = { ...rows, durationMs: Math.round(performance.now() - started) };
      await recordQuality(tx, runId, rows.quality!);
      await finishRun(tx, runId, 'published', rows.rows, null, published);
      return { published, replayed: false };
    });
  } catch (error) {
    if (!(error instanceof GateRefusal)) throw translateDatabaseError(error, 'publish');
    outcome = await recordGateRefusal(db, runId, error);
  }
  if ('refused' in outcome) throw outcome.refused;
  return { runId, stage: 'publish', ...outcome.published, replayed: outcome.replayed };
}

/** The rolled-back publish's refusal, with its quality report, in a transaction of its own. */
async function recordGateRefusal(db: Database, runId: RunId, refusal: GateRefusal): Promise<Outcome> {
  try {
    return await db.transaction(async (tx) => {
      await tx.query(sql('session/advisory_lock').text, [LOCKS.publish]);
      await recordQuality(tx, runId, refusal.quality);
      return refuse(tx, runId, 'failed', refusal.failure, { gates: refusal.gates });
    });
  } catch (error) {
    throw translateDatabaseError(error, 'publish');
  }
}
