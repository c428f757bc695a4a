import { afterEach, describe, expect, it } from 'vitest';
import { ERROR_CODES, type ErrorCode } from '../../core/errors.js';
import { FUNCTIONS, STAGES, urlEnvKey } from '../../core/stages.js';
import { HTTP_STATUS } from '../../functions/http-status.js';
import { WorkflowExecutionError } from '../../tools/workflows-emulator/errors.js';
import { executeWorkflow } from '../../tools/workflows-emulator/executor.js';
import { parseWorkflow } from '../../tools/workflows-emulator/parse.js';
import { readCustomer360Yaml } from '../../workflows/source.js';
import { maxInFlight } from '../support/in-flight.js';
import { startStub, type Stub, type StubAnswer, type StubRequest } from '../tools/workflows-emulator/stub-server.js';

const WORKFLOW = parseWorkflow(readCustomer360Yaml());
const STAGE_DELAY_MS = 120;

let stub: Stub | undefined;

afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

/** Answers like the functions' HTTP contract; `override` replaces the answer for chosen calls. */
async function serveFunctions(override: (request: StubRequest) => StubAnswer | undefined = () => undefined): Promise<Stub> {
  stub = await startStub((request) => {
    const custom = override(request);
    if (custom) return custom;
    const fn = request.path.slice(1);
    const body = request.body as { runId: string; asOfDate?: string };
    if (fn === 'prepare') return { body: { runId: body.runId, stage: fn, rows: 0, durationMs: 5, asOfDate: body.asOfDate } };
    if (fn === 'publish') {
      return { body: { runId: body.runId, stage: fn, rows: 1000, durationMs: 9, segments: { vip: 10 }, statuses: { active: 900 } } };
    }
    return { body: { runId: body.runId, stage: fn, rows: 1000, durationMs: STAGE_DELAY_MS }, delayMs: STAGE_DELAY_MS };
  });
  return stub;
}

function envFor(server: Stub, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = { TIME_ZONE: 'Europe/Paris', GOOGLE_CLOUD_WORKFLOW_EXECUTION_ID: OWNER, ...extra };
  for (const fn of FUNCTIONS) env[urlEnvKey(fn)] = `${server.url}/${fn}`;
  return env;
}

async function failure(promise: Promise<unknown>): Promise<WorkflowExecutionError> {
  const error = await promise.then(() => undefined, (reason: unknown) => reason);
  if (!(error instanceof WorkflowExecutionError)) throw new Error(`expected a WorkflowExecutionError, got ${String(error)}`);
  return error;
}

const ARGUMENT = { runId: 'run-1', asOfDate: '2024-05-01' };
/** Every request names the execution as the run's owner (its lease, core/lease.ts). */
const OWNER = 'exec-1';
const REQUEST = { ...ARGUMENT, owner: OWNER };

describe('customer_360.yaml on the local executor', () => {
  it('starts the stages longest first, two by two, as listed in the YAML', async () => {
    const server = await serveFunctions();
    await executeWorkflow(WORKFLOW, { argument: ARGUMENT, env: envFor(server), backoffScale: 0 });
    const started = STAGES.map((stage) => ({ stage, start: server.callsTo(`/${stage}`)[0]!.start }))
      .sort((a, b) => a.start - b.start)
      .map((call) => call.stage);
    // Every stage answers after the same delay, so they go in pairs; within a pair the two
    // requests may reach the server in either order.
    const pairs = [0, 2, 4].map((i) => started.slice(i, i + 2).sort());
    expect(pairs).toEqual([
      ['temp_product_preferences', 'temp_website_behavior'],
      ['temp_campaign_engagement', 'temp_purchase_stats'],
      ['temp_customer_basic', 'temp_customer_service_stats'],
    ]);
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['backfill', { backfill: true }, { backfill: true, mode: 'incremental' }],
    ['mode full', { mode: 'full' }, { backfill: false, mode: 'full' }],
    ['mode incremental', { mode: 'incremental' }, { backfill: false, mode: 'incremental' }],
    ['an unknown mode (prepare refuses it, naming the field)', { mode: 'fast' }, { backfill: false, mode: 'fast' }],
  ])('passes %s from the input to prepare only', async (_what, input, toPrepare) => {
    const server = await serveFunctions();
    await executeWorkflow(WORKFLOW, { argument: { ...ARGUMENT, ...input }, env: envFor(server), backoffScale: 0 });
    expect(server.callsTo('/prepare')[0]?.body).toEqual({ ...REQUEST, ...toPrepare });
    for (const path of [...STAGES.map((stage) => `/${stage}`), '/publish']) expect(server.callsTo(path)[0]?.body).toEqual(REQUEST);
  });

  it('calls prepare, then the six stages two at a time, then publish, and returns the summary', async () => {
    const server = await serveFunctions();
    const summary = await executeWorkflow(WORKFLOW, { argument: ARGUMENT, env: envFor(server), backoffScale: 0 });

    const prepare = server.callsTo('/prepare');
    const publish = server.callsTo('/publish');
    const stages = STAGES.map((stage) => server.callsTo(`/${stage}`));
    expect(prepare).toHaveLength(1);
    expect(publish).toHaveLength(1);
    expect(stages.map((calls) => calls.length)).toEqual(STAGES.map(() => 1));
    const stageCalls = stages.flat();
    expect(prepare[0]!.end).toBeLessThanOrEqual(Math.min(...stageCalls.map((call) => call.start)));
    expect(maxInFlight(stageCalls)).toBe(2);
    expect(publish[0]!.start).toBeGreaterThanOrEqual(Math.max(...stageCalls.map((call) => call.end)));
    expect(prepare[0]!.body).toEqual({ ...REQUEST, backfill: false, mode: 'incremental' });
    for (const call of [...stageCalls, ...publish]) expect(call.body).toEqual(REQUEST);

    expect(summary).toEqual({
      runId: 'run-1',
      asOfDate: '2024-05-01',
      rows: 1000,
      segments: { vip: 10 },
      statuses: { active: 900 },
      prepare: { runId: 'run-1', stage: 'prepare', rows: 0, durationMs: 5, asOfDate: '2024-05-01' },
      stages: Object.fromEntries(STAGES.map((stage) => [stage, { runId: 'run-1', stage, rows: 1000, durationMs: STAGE_DELAY_MS }])),
      publish: { runId: 'run-1', stage: 'publish', rows: 1000, durationMs: 9, segments: { vip: 10 }, statuses: { active: 900 } },
    });
  });

  it('defaults runId to the execution id, asOfDate to today in TIME_ZONE and mode to incremental', async () => {
    const server = await serveFunctions();
    const now = () => Date.UTC(2024, 2, 10, 23, 30); // already 11 March in Paris
    const env = envFor(server, { GOOGLE_CLOUD_WORKFLOW_EXECUTION_ID: 'exec-42' });
    const summary = await executeWorkflow(WORKFLOW, { env, now, backoffScale: 0 });
    expect(summary).toMatchObject({ runId: 'exec-42', asOfDate: '2024-03-11' });
    expect(server.callsTo('/prepare')[0]?.body).toEqual({ runId: 'exec-42', asOfDate: '2024-03-11', backfill: false, mode: 'incremental', owner: 'exec-42' });
  });

  it('retries a stage answering 503, then carries on', async () => {
    const server = await serveFunctions(({ path, attempt }) =>
      path === '/temp_campaign_engagement' && attempt <= 2 ? { status: 503, body: { error: { message: 'unreachable' } } } : undefined);
    await executeWorkflow(WORKFLOW, { argument: ARGUMENT, env: envFor(server), backoffScale: 0 });
    expect(server.callsTo('/temp_campaign_engagement').map((call) => call.status)).toEqual([503, 503, 200]);
    expect(server.callsTo('/publish')[0]?.body).toEqual(REQUEST);
  });

  it('a stage failing for good fails the execution naming it, and publish is only asked to abort', async () => {
    const server = await serveFunctions(({ path }) =>
      path === '/temp_purchase_stats' ? { status: 422, body: { error: { code: 'MISSING_SOURCE', message: 'table purchases is missing' } } } : undefined);
    const error = await failure(executeWorkflow(WORKFLOW, { argument: ARGUMENT, env: envFor(server), backoffScale: 0 }));

    expect(error.message).toBe('stage temp_purchase_stats failed: HTTP 422: table purchases is missing');
    expect(error.payload).toMatchObject({
      stage: 'temp_purchase_stats',
      tags: ['StageFailed'],
      failures: { temp_purchase_stats: { code: 422, tags: ['HttpError'], body: { error: { code: 'MISSING_SOURCE' } } } },
    });
    expect(server.callsTo('/temp_purchase_stats')).toHaveLength(1); // a 422 is not retried
    expect(server.callsTo('/publish').map((call) => call.body)).toEqual([
      { runId: 'run-1', owner: OWNER, abort: { reason: 'stage temp_purchase_stats failed: HTTP 422: table purchases is missing' } },
    ]);
    // The abort waits for the other stages, so nothing still writes into the run's schema.
    const abortStart = server.callsTo('/publish')[0]!.start;
    for (const stage of STAGES) expect(server.callsTo(`/${stage}`)[0]!.end).toBeLessThanOrEqual(abortStart);
  });

  it('several stages failing: the first to fail is named, all are in the error\'s failures, one abort', async () => {
    const server = await serveFunctions(({ path }) =>
      path === '/temp_website_behavior' ? { status: 422, body: { error: { message: 'first' } } }
        : path === '/temp_customer_basic' ? { status: 422, body: { error: { message: 'last' } } } : undefined);
    const error = await failure(executeWorkflow(WORKFLOW, { argument: ARGUMENT, env: envFor(server), backoffScale: 0 }));
    expect(error.message).toBe('stage temp_website_behavior failed: HTTP 422: first');
    expect(Object.keys((error.payload as { failures: object }).failures).sort()).toEqual(['temp_customer_basic', 'temp_website_behavior']);
    expect(server.callsTo('/publish')).toHaveLength(1);
  });

  it.each([[500, 1], [502, 3], [503, 3], [429, 3], [504, 1], [409, 1]])('a stage answering %i twice is called %i time(s)', async (status, calls) => {
    const server = await serveFunctions(({ path, attempt }) =>
      path === '/temp_customer_basic' && attempt <= 2 ? { status, body: { error: { message: 'no' } } } : undefined);
    await executeWorkflow(WORKFLOW, { argument: ARGUMENT, env: envFor(server), backoffScale: 0 }).catch(() => undefined);
    expect(server.callsTo('/temp_customer_basic')).toHaveLength(calls);
  });

  // The functions' error codes and the YAML's retry predicate agree: only the transient ones are retried.
  const TRANSIENT = new Set<ErrorCode>(['UNREACHABLE', 'BUSY']);
  it.each(ERROR_CODES.map((code) => [code, HTTP_STATUS[code], TRANSIENT.has(code) ? 3 : 1] as const))('a stage answering %s (HTTP %i) twice is called %i time(s)', async (code, status, calls) => {
    const server = await serveFunctions(({ path, attempt }) =>
      path === '/temp_customer_basic' && attempt <= 2 ? { status, body: { error: { code, message: 'no' } } } : undefined);
    await executeWorkflow(WORKFLOW, { argument: ARGUMENT, env: envFor(server), backoffScale: 0 }).catch(() => undefined);
    expect(server.callsTo('/temp_customer_basic')).toHaveLength(calls);
  });

  it('a stage answering 503 every time is retried five times, then aborts the run', async () => {
    const server = await serveFunctions(({ path }) => (path === '/temp_website_behavior' ? { status: 503 } : undefined));
    const error = await failure(executeWorkflow(WORKFLOW, { argument: ARGUMENT, env: envFor(server), backoffScale: 0 }));
    expect(error.message).toMatch(/^stage temp_website_behavior failed: HTTP 503/);
    expect(server.callsTo('/temp_website_behavior')).toHaveLength(6);
    expect(server.callsTo('/publish').map((call) => call.body)).toEqual([{ runId: 'run-1', owner: OWNER, abort: { reason: error.message } }]);
  });

  it('still fails naming the stage when the abort call itself fails', async () => {
    const server = await serveFunctions(({ path }) =>
      path === '/temp_customer_basic' ? { status: 422, body: { error: { message: 'gate' } } } : path === '/publish' ? { status: 409 } : undefined);
    const error = await failure(executeWorkflow(WORKFLOW, { argument: ARGUMENT, env: envFor(server), backoffScale: 0 }));
    expect(error.message).toBe('stage temp_customer_basic failed: HTTP 422: gate');
  });

  it('prepare failing fails the execution before any stage runs, without an abort', async () => {
    const server = await serveFunctions(({ path }) =>
      path === '/prepare' ? { status: 409, body: { error: { code: 'RUN_PUBLISHED', message: 'run run-1 is already published' } } } : undefined);
    const error = await failure(executeWorkflow(WORKFLOW, { argument: ARGUMENT, env: envFor(server), backoffScale: 0 }));
    expect(error.message).toBe('prepare failed: HTTP 409: run run-1 is already published');
    expect(error.payload).toMatchObject({ stage: 'prepare', tags: ['StageFailed'], error: { code: 409, tags: ['HttpError'] } });
    expect(server.calls.map((call) => call.path)).toEqual(['/prepare']);
  });

  it('publish failing fails the execution naming publish', async () => {
    const server = await serveFunctions(({ path }) =>
      path === '/publish' ? { status: 422, body: { error: { code: 'GATE_FAILED', message: 'row count dropped by 90%' } } } : undefined);
    const error = await failure(executeWorkflow(WORKFLOW, { argument: ARGUMENT, env: envFor(server), backoffScale: 0 }));
    expect(error.message).toBe('publish failed: HTTP 422: row count dropped by 90%');
    expect(error.payload).toMatchObject({ stage: 'publish', tags: ['StageFailed'], error: { code: 422, tags: ['HttpError'] } });
  });
});
