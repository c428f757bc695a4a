import type { PipelineSettings } from './config.js';
import type { Database, Queryable } from './db/database.js';
import { translateDatabaseError } from './db/translate-error.js';
import { CdpError } from './errors.js';
import { checkTable, gateFailure, keyTable, type GateOutcome } from './gates.js';
import { assertLease, type Owner } from './lease.js';
import { finishRun, getRun, newestPublishedAsOf, stageStatuses, type RunRow } from './ledger.js';
import { LOCKS } from './locks.js';
import type { StepResult } from './prepare.js';
import { completeQuality, countQualityBesideTable, countSourceQuality, recordSourceQuality, type DataQuality, type QualityBesideTable } from './quality.js';
import { runDdl } from './run-ddl.js';
import { assertRunParams, type RunId } from './run-params.js';
import { applyPlan, applyRunSession } from './session.js';
import { sql } from './sql.js';
import { STAGES } from './stages.js';

export interface PublishRequest {
  readonly runId: RunId;
  readonly asOfDate?: string;
  /** Must hold the run's lease, if it has one (core/lease.ts). */
  readonly owner?: Owner;
}

export interface PublishResult extends StepResult {
  readonly asOfDate: string;
  /** Customers per customer_segment and per customer_status in the table just published. */
  readonly segments: Record<string, number>;
  readonly statuses: Record<string, number>;
  /** Source rows per kind of dirt, as the stages read them (null for a run published before reports existed). */
  readonly quality: DataQuality | null;
  /** Every quality gate with its offending row count: all 0, since the table was published. */
  readonly gates: readonly GateOutcome[];
  /** True when this answers a repeated request: the run was already published, by an earlier call. */
  readonly replayed: boolean;
}

type Published = Omit<PublishResult, 'runId' | 'stage' | 'replayed'>;

/** The transaction's outcome. A refusal is committed (the ledger says why) and thrown afterwards. */
type Outcome = { readonly published: Published; readonly replayed: boolean } | { readonly refused: CdpError };

/**
 * The run's quality report being counted on another session, but for what customer_360 will
 * tell, or undefined when no session is free at once. It resolves to undefined if counting there
 * fails; the caller counts again.
 */
function countQualityAside(db: Database, runId: RunId, settings: PipelineSettings): Promise<QualityBesideTable | undefined> | undefined {
  const counting = db.transactionIfFree?.(async (q) => {
    await applyRunSession(q, runId, settings, 'report_aside');
    return countQualityBesideTable(q);
  });
  return counting?.catch(() => undefined);
}

/** What was recorded when the run was published; a run published before results were recorded gets the basics. */
function recorded(run: RunRow): Published {
  const fallback: Published = { asOfDate: run.as_of_date, rows: run.rows ?? 0, durationMs: 0, segments: {}, statuses: {}, quality: run.quality, gates: [] };
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

/** Ends the run without publishing: its schema goes, the ledger records why; committed with the transaction. */
async function refuse(tx: Queryable, runId: RunId, status: 'failed' | 'superseded', error: CdpError, result: object | null = null): Promise<Outcome> {
  await tx.query(runDdl.dropSchema(runId));
  await finishRun(tx, runId, status, null, error.message, result);
  return { refused: error };
}

/**
 * Builds the new customer_360 in the run's schema from the six stage tables, checks the quality
 * gates on it, and swaps it in, all in one transaction under the publish lock: a reader sees the
 * old table or the new one, never a partial one, and publishes happen one at a time.
 *
 * Refused, with the previous table kept: a run older than one already published (SUPERSEDED,
 * unless prepared with backfill) and a table failing a gate (GATE_FAILED). A repeat of a publish
 * that already committed answers the recorded result (`replayed: true`), so a workflow retrying
 * after a lost reply succeeds.
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

      const newest = await newestPublishedAsOf(tx);
      if (newest !== undefined && run.as_of_date < newest && !run.backfill) {
        return refuse(tx, runId, 'superseded', new CdpError(
          'SUPERSEDED',
          `run ${runId} as of ${run.as_of_date} is superseded: ${newest} is already published (prepare it with backfill to publish an older date)`,
          { runId, asOfDate: run.as_of_date, published: newest },
        ));
      }

      await applyRunSession(tx, runId, settings);
      // The quality report is counted on a session of its own while this one builds the table:
      // both only read the stage tables, and publish has the database to itself (1,000,000
      // customers: about 0.5 s off publish), on one core with merge joins, so as to leave the
      // other to this join (sql/session/report_aside_plan.sql). Counted there, it leaves out
      // what customer_360 tells once it has its key, and takes that from the table. Without a
      // free session it is counted here first, whole, with the planner's own choice, before the
      // publish plan.
      const countedAside = countQualityAside(db, runId, settings);
      const countedHere = countedAside ? undefined : await countSourceQuality(tx);
      await applyPlan(tx, 'publish');
      await tx.query(runDdl.dropNextTable(runId));
      const { rowCount } = await tx.query(sql('publish/create_customer_360').text);
      const aside = await countedAside;
      // The primary key first: its build is the gate on customer_id, and a duplicate or null id
      // is reported as that gate, not as a DDL error.
      const key = await keyTable(tx);
      const { gates, counts, ...summary } = await checkTable(tx, key);
      // Recorded before the gates refuse, so that a refused run keeps its report too. The table
      // completes the report counted aside once it has its key: then each customer of the run,
      // and each stage row of one, is in it once. Otherwise, or when counting aside failed, the
      // report is counted again here, whole, where a real fault fails the publish.
      const quality = countedHere
        ?? (aside && completeQuality(aside, key.offending === 0, counts))
        ?? (await countSourceQuality(tx));
      await recordSourceQuality(tx, runId, quality);
      const failure = gateFailure(runId, gates);
      if (failure) return refuse(tx, runId, 'failed', failure, { gates });

      // The swap. A reader already waiting on the old table when the drop commits does not fail:
      // PostgreSQL looks the name up again once its lock is granted, and finds the new table.
      for (const statement of runDdl.swapIn(runId)) await tx.query(statement);
      await tx.query(runDdl.dropSchema(runId));
      const published: Published = {
        asOfDate: run.as_of_date, rows: rowCount, durationMs: Math.round(performance.now() - started), ...summary, quality, gates,
      };
      await finishRun(tx, runId, 'published', rowCount, null, published);
      return { published, replayed: false };
    });
  } catch (error) {
    throw translateDatabaseError(error, 'publish');
  }
  if ('refused' in outcome) throw outcome.refused;
  return { runId, stage: 'publish', ...outcome.published, replayed: outcome.replayed };
}
