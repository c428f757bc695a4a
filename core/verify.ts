import { captureStatus } from './capture.js';
import type { PipelineSettings } from './config.js';
import type { Database } from './db/database.js';
import { translateDatabaseError } from './db/translate-error.js';
import { CdpError } from './errors.js';
import { ledgerExists } from './ledger.js';
import { runDdl } from './run-ddl.js';
import { newRunId } from './run-params.js';
import { applyRunSession } from './session.js';
import { sql } from './sql.js';
import { stageParams, stageStatement } from './stage-plan.js';
import { STAGES } from './stages.js';
import { publishedState } from './state.js';

/** Rows that only one side has: the published state's table, or the rebuild's. */
export interface TableDifference {
  readonly onlyPublished: number;
  readonly onlyRebuilt: number;
}

export interface VerifyReport {
  readonly runId: string;
  readonly asOfDate: string;
  /** Customers with changes not yet published, left out of the comparison (null: no capture, so none known). */
  readonly pending: number | null;
  /** The data-quality ledger (cdp_state.customer_dirt). */
  readonly dirt: TableDifference;
  readonly customer360: {
    readonly compared: number;
    readonly onlyPublished: number;
    readonly onlyRebuilt: number;
    /** Customers whose value differs, per stored column of customer_360. */
    readonly columns: Readonly<Record<string, number>>;
  };
  /** True when nothing differs. */
  readonly equal: boolean;
}

interface CompareRow {
  dirt_only_published: number;
  dirt_only_rebuilt: number;
  only_published: number;
  only_rebuilt: number;
  compared: number;
  columns: Record<string, number>;
  pending: number;
}

/**
 * Proves the published customer_360 and its state are what a full rebuild gives now: rebuilds
 * every stage and the published rows in a schema of its own, inside one REPEATABLE READ
 * transaction that is rolled back at the end (so nothing is left behind and the change log is
 * read in the same snapshot as the sources), and compares them with the state, leaving out the
 * customers whose changes are still pending in the change log.
 */
export async function verifyPublished(db: Database, settings: PipelineSettings): Promise<VerifyReport> {
  const scratch = `verify-${newRunId()}`.slice(0, 40);
  try {
    if (!(await ledgerExists(db))) throw new CdpError('RUN_UNKNOWN', 'nothing is published in this database yet: run the pipeline first');
    let report: VerifyReport | undefined;
    await db.transaction(async (tx) => {
      await tx.query(sql('session/repeatable_read').text);
      const state = await publishedState(tx);
      if (!state) throw new CdpError('RUN_UNKNOWN', 'nothing is published in this database yet: run the pipeline first');
      const capture = await captureStatus(tx);
      await applyRunSession(tx, scratch, settings, 'stage');
      await tx.exec(runDdl.createSchema(scratch));
      for (const stage of STAGES) {
        await tx.query((await stageStatement(tx, stage)).text, stageParams(stage, state.as_of_date));
        for (const statement of runDdl.stageIndex(scratch, stage)) await tx.query(statement);
      }
      await tx.query(sql('publish/create_customer_360_base').text);
      await tx.query(sql('publish/create_customer_dirt').text, [state.as_of_date]);
      await tx.exec(sql('prepare/consume_changes').text);
      await tx.exec(sql('prepare/changed_customers').text);
      const { rows: [row] } = await tx.query<CompareRow>(sql('verify/compare').text);
      report = toReport(scratch, state.as_of_date, capture.installed ? row!.pending : null, row!);
      throw ROLL_BACK;
    }).catch((error: unknown) => {
      if (error !== ROLL_BACK) throw error;
    });
    return report!;
  } catch (error) {
    throw translateDatabaseError(error, 'verify');
  }
}

/** Thrown to end the verifying transaction with a rollback once the report is read. */
const ROLL_BACK = Symbol('roll back');

function toReport(runId: string, asOfDate: string, pending: number | null, row: CompareRow): VerifyReport {
  const dirt = { onlyPublished: row.dirt_only_published, onlyRebuilt: row.dirt_only_rebuilt };
  const differences = dirt.onlyPublished + dirt.onlyRebuilt
    + row.only_published + row.only_rebuilt + Object.values(row.columns).reduce((sum, n) => sum + n, 0);
  return {
    runId, asOfDate, pending, dirt,
    customer360: { compared: row.compared, onlyPublished: row.only_published, onlyRebuilt: row.only_rebuilt, columns: row.columns },
    equal: differences === 0,
  };
}
