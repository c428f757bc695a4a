/**
 * Issue 5, case 5: quality gates run on the new table inside publish's transaction, before the
 * swap. A failed gate publishes nothing, keeps the previous customer_360, and marks the run
 * failed naming the gate and its offending count (GATE_FAILED, HTTP 422).
 * Realistic cases change the sources; the others tamper with a stage table, standing in for a
 * stage whose SQL went wrong.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publish } from '../../core/publish.js';
import { sql } from '../../core/sql.js';
import { runSchema } from '../../core/run-params.js';
import { HTTP_STATUS } from '../../functions/http-status.js';
import { databaseTargets, type TestDatabase } from '../support/databases.js';
import { driverError, withFault } from '../support/faulty-database.js';
import { DIRTY_AS_OF, loadDirtySources } from './support/fixture.js';
import { prepareAndStage, rejection, runToPublish, SETTINGS } from './support/runs.js';
import { ledgerRun, runSchemas, tableVersion, type TableVersion } from './support/tables.js';

interface GateCase {
  readonly gate: string;
  /** What breaks it. */
  readonly why: string;
  readonly offending: number;
  /** Run on the sources before prepare. */
  readonly sources?: string;
  /** Run on the run's stage tables before publish; `S` is the run's schema. */
  readonly stages?: string;
}

const CASES: readonly GateCase[] = [
  // A stage table's unique index on customer_id stops a stage that repeats a customer; this gate
  // is the check behind it, for a table without that index.
  {
    gate: 'one_row_per_customer', why: 'a stage row repeated', offending: 1,
    stages: 'drop index S.temp_website_behavior_customer_id_idx; insert into S.temp_website_behavior select * from S.temp_website_behavior where customer_id = 1',
  },
  {
    gate: 'customer_id_unique_not_null', why: 'a repeated id and a null id', offending: 2,
    sources: "insert into customer_info select * from customer_info where customer_id = 2; insert into customer_info (customer_id, first_name) values (null, 'Nobody')",
  },
  // Each alone too, since the key's build stops at the first it meets.
  { gate: 'customer_id_unique_not_null', why: 'a repeated id', offending: 1, sources: 'insert into customer_info select * from customer_info where customer_id = 3' },
  { gate: 'customer_id_unique_not_null', why: 'a null id', offending: 1, sources: "insert into customer_info (customer_id, first_name) values (null, 'Nobody')" },
  { gate: 'non_negative_counts', why: 'a negative count', offending: 1, stages: 'update S.temp_website_behavior set total_sessions = -1 where customer_id = 1' },
  { gate: 'non_negative_spend', why: 'refunds above purchases', offending: 1, sources: "insert into purchase_transactions values (115, 5, 2, '2024-05-01', 1, -20.00)" },
  { gate: 'rates_in_range', why: 'more resolved than contacts', offending: 1, stages: 'update S.temp_customer_service_stats set resolved_interactions = total_interactions + 1 where customer_id = 1' },
];

describe.each(databaseTargets())('quality gates on $name', (target) => {
  let t: TestDatabase;
  let published: TableVersion;
  beforeAll(async () => {
    t = await target.open();
    await loadDirtySources(t.db);
    await runToPublish(t.db, { runId: 'gates-base', asOfDate: DIRTY_AS_OF });
    published = await tableVersion(t.db);
  });
  afterAll(() => t?.dispose());

  it.each(CASES)('$gate ($why) refuses the table and keeps the published one', async ({ gate, why, offending, sources, stages }) => {
    const request = { runId: `gate-${why.replaceAll(' ', '-')}`, asOfDate: DIRTY_AS_OF };
    if (sources) await t.db.exec(sources);
    try {
      await prepareAndStage(t.db, request);
      if (stages) await t.db.exec(stages.replaceAll('S.', `${runSchema(request.runId)}.`));
      const error = await rejection(publish(t.db, request, SETTINGS));

      expect(error).toMatchObject({ code: 'GATE_FAILED', details: { gate, offending } });
      expect(HTTP_STATUS.GATE_FAILED).toBe(422);
      expect(error.message).toContain(`${gate} failed: ${offending} offending`);
      const run = await ledgerRun(t.db, request.runId);
      expect(run).toMatchObject({ status: 'failed', rows: null });
      expect(run!.error).toContain(`${gate} failed: ${offending} offending`);
      expect(await tableVersion(t.db)).toEqual(published);
      expect(await runSchemas(t.db)).toEqual([]);
    } finally {
      if (sources) await loadDirtySources(t.db);
    }
  });

  it('a primary key that fails for another reason than its ids fails the publish, not a gate, and changes nothing', async () => {
    const request = { runId: 'gate-key-disk-full', asOfDate: DIRTY_AS_OF };
    await prepareAndStage(t.db, request);
    const key = sql('state/replace_base').text;
    const db = withFault(t.db, async (text) => {
      if (text === key) throw driverError('53100', 'could not extend file: No space left on device');
    });
    const error = await rejection(publish(db, request, SETTINGS));

    expect(error).toMatchObject({ code: 'SQL_FAILURE', details: { sqlState: '53100' } });
    expect(await tableVersion(t.db)).toEqual(published);
    expect((await ledgerRun(t.db, request.runId))?.status).toBe('running');
    await expect(publish(t.db, request, SETTINGS)).resolves.toMatchObject({ replayed: false });
  });
});
