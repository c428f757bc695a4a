/**
 * An incremental run falls back to a full one, and says why in the ledger, whenever recomputing
 * the changed customers could differ from a full run; a failed or refused publish changes nothing
 * and leaves the change log it read for the next run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installCapture, uninstallCapture } from '../../core/capture.js';
import { runPipeline } from '../../core/pipeline.js';
import { prepare } from '../../core/prepare.js';
import { publish } from '../../core/publish.js';
import { loadSample } from '../../core/sample.js';
import { stagePlan } from '../../core/stage-plan.js';
import { STAGES } from '../../core/stages.js';
import { verifyPublished } from '../../core/verify.js';
import { databaseTargets, type TestDatabase } from '../support/databases.js';
import { driverError, withFault } from '../support/faulty-database.js';
import { sql } from '../../core/sql.js';
import { prepareAndStage } from '../reliability/support/runs.js';
import { rejection, SETTINGS } from './fixture.js';

const AS_OF = '2026-06-30';

describe('stage plans', () => {
  it.each(STAGES)('%s reads a few customers by index in an incremental run, whole sources in a full one', (stage) => {
    expect(stagePlan(stage, 'incremental')).toBe('changes');
    expect(stagePlan(stage, 'full')).not.toBe('changes');
  });
});

describe.each(databaseTargets())('the choice of mode on $name', (target) => {
  let t: TestDatabase;
  let runs = 0;
  const incremental = async (settings = SETTINGS) => {
    const runId = `mode-${++runs}`;
    return (await runPipeline(t.db, { runId, asOfDate: AS_OF, mode: 'incremental' }, settings)).prepare;
  };
  const ledgerMode = async (runId: string) =>
    (await t.db.query<{ requested_mode: string; mode: string; mode_reason: string | null }>(
      'select requested_mode, mode, mode_reason from cdp_meta.runs where run_id = $1', [runId])).rows[0];
  const pendingChanges = async () => (await t.db.query<{ n: number }>('select count(*)::integer as n from cdp_meta.changes')).rows[0]!.n;

  beforeAll(async () => {
    t = await target.open();
    await loadSample(t.db, { customers: 100, anchorDate: AS_OF });
  });
  afterAll(() => t?.dispose());

  it('is full, for a run that asks for it, with no reason to give', async () => {
    const prepared = await prepare(t.db, { runId: 'mode-asked-full', asOfDate: AS_OF, mode: 'full' }, SETTINGS);
    expect(prepared).toMatchObject({ mode: 'full', modeReason: null });
    expect(await ledgerMode('mode-asked-full')).toEqual({ requested_mode: 'full', mode: 'full', mode_reason: null });
  });

  it('is full when there is no state yet, and says so in the ledger', async () => {
    const prepared = await incremental();
    expect(prepared).toMatchObject({ mode: 'full', modeReason: 'there is no state yet: the first run builds it in full' });
    expect(await ledgerMode(prepared.runId)).toEqual({ requested_mode: 'incremental', mode: 'full', mode_reason: prepared.modeReason });
  });

  it('is full while the change capture is not installed', async () => {
    expect((await incremental()).modeReason).toBe('the change capture is not installed: run `cdp capture install`');
  });

  it('is full once after the capture is installed: the state was built without it', async () => {
    await installCapture(t.db);
    expect((await incremental()).modeReason).toBe('the state was built without the change capture');
    expect((await incremental()).mode).toBe('incremental');
  });

  it('is full after a source was truncated', async () => {
    await t.db.exec('create table wb_copy as table website_behavior; truncate website_behavior; insert into website_behavior select * from wb_copy; drop table wb_copy');
    expect((await incremental()).modeReason).toBe('website_behavior was truncated since the last run');
    expect((await incremental()).mode).toBe('incremental');
  });

  it('is full after a capture trigger was off for a while, even once it is on again', async () => {
    await t.db.exec('alter table purchase_transactions disable trigger cdp_capture_insert');
    await t.db.exec("insert into purchase_transactions values (700001, 5, 1, '2026-06-01', 1, 99.00)");
    await t.db.exec('alter table purchase_transactions enable always trigger cdp_capture_insert');
    expect((await incremental()).modeReason).toBe('the change capture or a source table changed since the state was built, so changes may have gone unrecorded');
    expect(await verifyPublished(t.db, SETTINGS)).toMatchObject({ equal: true });
  });

  it('is full after a source\'s columns changed', async () => {
    await t.db.exec('alter table customer_service alter column satisfaction_score type bigint');
    expect((await incremental()).modeReason).toMatch(/^the change capture or a source table changed/);
  });

  it('is full while a source has no index on customer_id, saying what to create', async () => {
    await t.db.exec('drop index campaign_responses_customer_id_idx');
    try {
      expect((await incremental()).modeReason).toBe(
        'no index on customer_id in campaign_responses: create index concurrently if not exists campaign_responses_customer_id_idx on public.campaign_responses (customer_id)');
    } finally {
      await t.db.exec('create index campaign_responses_customer_id_idx on campaign_responses (customer_id)');
    }
    expect((await incremental()).mode).toBe('incremental');
  });

  it('is full when more customers changed than CDP_INCREMENTAL_MAX_CHANGED_PERCENT allows', async () => {
    await t.db.exec("update customer_info set email = lower(email) where customer_id <= 30");
    expect((await incremental({ ...SETTINGS, incrementalMaxChangedPercent: 25 })).modeReason).toBe(
      '30 of 100 customers changed, more than 25% (CDP_INCREMENTAL_MAX_CHANGED_PERCENT)');
  });

  it('is full after capture was removed and installed again', async () => {
    await uninstallCapture(t.db);
    await t.db.exec("insert into purchase_transactions values (700002, 6, 1, '2026-06-01', 1, 99.00)");
    await installCapture(t.db);
    expect((await incremental()).modeReason).toMatch(/^the change capture or a source table changed/);
    expect(await verifyPublished(t.db, SETTINGS)).toMatchObject({ equal: true });
  });

  it('refuses an incremental publish after another run published since its prepare, and keeps the change log', async () => {
    await t.db.exec("insert into purchase_transactions values (700003, 7, 1, '2026-06-01', 1, 5.00)");
    const late = { runId: 'mode-late', asOfDate: AS_OF, mode: 'incremental' } as const;
    await prepareAndStage(t.db, late);
    await runPipeline(t.db, { runId: 'mode-overtaking', asOfDate: AS_OF, mode: 'full' }, SETTINGS);
    const error = await rejection(publish(t.db, late, SETTINGS));
    expect(error).toMatchObject({ code: 'SUPERSEDED' });
    expect(error.message).toContain('another run published since it was prepared');
    expect(await verifyPublished(t.db, SETTINGS)).toMatchObject({ equal: true });
  });

  it('leaves the change log and the published table as they were when publish fails', async () => {
    await t.db.exec("insert into purchase_transactions values (700004, 8, 1, '2026-06-01', 1, 5.00)");
    const before = await pendingChanges();
    const request = { runId: 'mode-failing-publish', asOfDate: AS_OF, mode: 'incremental' } as const;
    await prepareAndStage(t.db, request);
    const failing = withFault(t.db, async (text) => {
      if (text === sql('state/apply_base_changes').text) throw driverError('53100', 'could not extend file: No space left on device');
    });
    expect(await rejection(publish(failing, request, SETTINGS))).toMatchObject({ code: 'SQL_FAILURE' });
    expect(await pendingChanges()).toBe(before);
    expect((await verifyPublished(t.db, SETTINGS)).pending).toBe(1);
    await publish(t.db, request, SETTINGS);
    expect(await pendingChanges()).toBe(0);
    expect(await verifyPublished(t.db, SETTINGS)).toMatchObject({ equal: true, pending: 0 });
  });

  it('is full for an as-of date before the one the state was last published for (a backfill)', async () => {
    await runPipeline(t.db, { runId: 'mode-later-date', asOfDate: '2026-07-15', mode: 'incremental' }, SETTINGS);
    const backfill = await runPipeline(t.db, { runId: 'mode-backfill', asOfDate: AS_OF, mode: 'incremental', backfill: true }, SETTINGS);
    expect(backfill.prepare.modeReason).toBe('the as-of date 2026-06-30 is before 2026-07-15, the earliest the state can give (a backfill)');
    const next = await runPipeline(t.db, { runId: 'mode-after-backfill', asOfDate: '2026-07-16', mode: 'incremental' }, SETTINGS);
    expect(next.prepare.mode).toBe('incremental');
  });
});
