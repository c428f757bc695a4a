/**
 * The workflow's failure paths against the real functions and database: a stage that fails
 * transiently is retried until the run publishes; a stage that keeps failing fails the execution
 * naming it, publishes nothing and leaves the run marked failed with the reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLocalPipeline, runWorkflow, startLocalStack } from '../../cli/local-pipeline.js';
import { DEFAULT_SETTINGS } from '../../core/config.js';
import { loadSample } from '../../core/sample.js';
import { sql } from '../../core/sql.js';
import { STAGES } from '../../core/stages.js';
import { WorkflowExecutionError } from '../../tools/workflows-emulator/errors.js';
import type { StepEvent } from '../../tools/workflows-emulator/index.js';
import { databaseTargets, type TestDatabase } from '../support/databases.js';
import { driverError, failTimes, withFault } from '../support/faulty-database.js';
import { runRow, runSchemas, stageRuns, tableChecksum } from '../support/pipeline-state.js';

const AS_OF = '2026-06-30';
const CUSTOMERS = 150;
const BACKOFF = 0.001;

async function executionError(promise: Promise<unknown>): Promise<WorkflowExecutionError> {
  const error = await promise.then(() => undefined, (reason: unknown) => reason);
  if (!(error instanceof WorkflowExecutionError)) throw new Error(`expected a WorkflowExecutionError, got ${String(error)}`);
  return error;
}

describe.each(databaseTargets())('the workflow\'s failure paths on $name', (target) => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await target.open();
    await loadSample(t.db, { customers: CUSTOMERS, anchorDate: AS_OF });
    await runLocalPipeline({ db: t.db, settings: DEFAULT_SETTINGS, argument: { runId: 'first', asOfDate: AS_OF }, backoffScale: BACKOFF });
  });
  afterAll(() => t?.dispose());

  /**
   * The stage's session is lost under its statement, as in a failover or a server restart: the
   * driver's error for it (SQLSTATE 57P01), which the stage answers with 503.
   */
  const loseSession = async () => {
    throw driverError('57P01', 'terminating connection due to administrator command');
  };

  it('retries a stage whose database session is lost twice, and publishes the run', async () => {
    const stageSql = sql('stages/temp_product_preferences').text;
    const fault = failTimes(2, (text) => text === stageSql, loseSession);
    const stack = await startLocalStack({ db: withFault(t.db, fault), settings: DEFAULT_SETTINGS });
    const answered: number[] = [];
    const recordingFetch = async (url: string, init: RequestInit) => {
      const response = await fetch(url, init);
      if (url === stack.functions.urls.temp_product_preferences) answered.push(response.status);
      return response;
    };
    try {
      const summary = await runWorkflow(stack, { argument: { runId: 'retried', asOfDate: AS_OF }, backoffScale: BACKOFF, fetch: recordingFetch });
      expect(summary).toMatchObject({ runId: 'retried', rows: CUSTOMERS });
    } finally {
      await stack.close();
    }
    expect(fault.count()).toBe(2);
    expect(answered).toEqual([503, 503, 200]);
    expect(await runRow(t.db, 'retried')).toEqual({ status: 'published', rows: CUSTOMERS, error: null });
    const runs = await stageRuns(t.db, 'retried');
    expect(runs.find((r) => r.stage === 'temp_product_preferences')).toMatchObject({ status: 'succeeded', attempts: 3, error: null });
    expect(runs.filter((r) => r.stage !== 'temp_product_preferences' && r.stage !== 'publish').map((r) => r.attempts)).toEqual(STAGES.slice(1).map(() => 1));
    expect(runs.find((r) => r.stage === 'publish')).toMatchObject({ status: 'succeeded', attempts: 1, rows: CUSTOMERS });
  });

  it('retries a stage answered 503 twice by the network, and publishes the run', async () => {
    const stack = await startLocalStack({ db: t.db, settings: DEFAULT_SETTINGS });
    const target503 = stack.functions.urls.temp_campaign_engagement;
    let refused = 0;
    const flakyFetch = async (url: string, init: RequestInit) => {
      if (url === target503 && init.method === 'POST' && refused < 2) {
        refused++;
        return new Response('{"error":{"message":"Service Unavailable"}}', { status: 503, headers: { 'content-type': 'application/json' } });
      }
      return fetch(url, init);
    };
    try {
      const summary = await runWorkflow(stack, { argument: { runId: 'behind-proxy', asOfDate: AS_OF }, backoffScale: BACKOFF, fetch: flakyFetch });
      expect(summary).toMatchObject({ runId: 'behind-proxy', rows: CUSTOMERS });
    } finally {
      await stack.close();
    }
    expect(refused).toBe(2);
    expect(await runRow(t.db, 'behind-proxy')).toMatchObject({ status: 'published' });
  });

  it('fails the execution at once naming a stage whose source went after prepare (422, not retried), publishes nothing and marks the run failed', async () => {
    const published = await tableChecksum(t.db, 'public.customer_360');
    expect(published?.rows).toBe(CUSTOMERS);
    // The stage's source disappears after prepare checked it: every attempt fails for real.
    let sabotage: Promise<void> | undefined;
    const onStep = (event: StepEvent) => {
      if (event.step === 'run_stages' && event.event === 'start') sabotage = t.db.exec('alter table public.customer_service rename to customer_service_away');
    };
    const afterSabotage = async (url: string, init: RequestInit) => {
      await sabotage;
      return fetch(url, init);
    };
    const stack = await startLocalStack({ db: t.db, settings: DEFAULT_SETTINGS });
    let error: WorkflowExecutionError;
    try {
      error = await executionError(runWorkflow(stack, { argument: { runId: 'doomed', asOfDate: AS_OF }, backoffScale: BACKOFF, onStep, fetch: afterSabotage }));
    } finally {
      await stack.close();
      if (sabotage) await sabotage.then(() => t.db.exec('alter table public.customer_service_away rename to customer_service'));
    }

    expect(sabotage).toBeDefined();
    expect(error.message).toMatch(/^stage temp_customer_service_stats failed: HTTP 422: stage temp_customer_service_stats failed: relation "customer_service" does not exist$/);
    expect(error.payload).toMatchObject({ stage: 'temp_customer_service_stats', tags: ['StageFailed'] });
    expect(await tableChecksum(t.db, 'public.customer_360')).toEqual(published);
    expect(await runRow(t.db, 'doomed')).toEqual({ status: 'failed', rows: null, error: error.message });
    const failedStage = (await stageRuns(t.db, 'doomed')).find((r) => r.stage === 'temp_customer_service_stats');
    expect(failedStage).toMatchObject({ status: 'failed', attempts: 1, error: expect.stringMatching(/customer_service.*does not exist/) });
    expect(await runSchemas(t.db)).toEqual([]);
  });
});
