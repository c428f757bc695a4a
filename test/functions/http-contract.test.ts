/**
 * The eight functions over HTTP, served by the Functions Framework as in the cloud, on every
 * database target: good bodies answer 200, bad ones 400 naming the field, requests for an unknown
 * or finished run 409; and nothing a refused request carries reaches the database.
 */
import { createGzip, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../core/config.js';
import { loadSample } from '../../core/sample.js';
import { FUNCTIONS, STAGES, type FunctionName } from '../../core/stages.js';
import { useRuntime } from '../../functions/runtime.js';
import { serveFunctions, type ServedFunctions } from '../../functions/serve.js';
import { databaseTargets, type TestDatabase } from '../support/databases.js';
import { call, capturingLogger, post, type FunctionAnswer } from '../support/functions-http.js';
import { pipelineState, runSchemas } from '../support/pipeline-state.js';

const AS_OF = '2026-03-31';
const CUSTOMERS = 60;
const BASELINE = 'baseline';

const json = (body: string): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body });

interface BadRequest {
  readonly name: string;
  readonly init: RequestInit;
  readonly field: string;
  readonly message: RegExp;
}

/** Refused the same way by all eight functions. */
const BAD_REQUESTS: readonly BadRequest[] = [
  { name: 'an empty object', init: json('{}'), field: 'runId', message: /^runId is required$/ },
  { name: 'a missing runId', init: json(JSON.stringify({ asOfDate: AS_OF })), field: 'runId', message: /^runId is required$/ },
  { name: 'a missing asOfDate', init: json(JSON.stringify({ runId: 'r1' })), field: 'asOfDate', message: /^asOfDate is required$/ },
  { name: 'a numeric runId', init: json(JSON.stringify({ runId: 42, asOfDate: AS_OF })), field: 'runId', message: /^runId must be a string$/ },
  { name: 'a numeric asOfDate', init: json(JSON.stringify({ runId: 'r1', asOfDate: 20260331 })), field: 'asOfDate', message: /^asOfDate must be a string$/ },
  { name: 'a null runId', init: json(JSON.stringify({ runId: null, asOfDate: AS_OF })), field: 'runId', message: /^runId must be a string$/ },
  { name: 'asOfDate 2026-02-30', init: json(JSON.stringify({ runId: 'r1', asOfDate: '2026-02-30' })), field: 'asOfDate', message: /^asOfDate is not a calendar date$/ },
  { name: 'asOfDate 31/03/2026', init: json(JSON.stringify({ runId: 'r1', asOfDate: '31/03/2026' })), field: 'asOfDate', message: /^asOfDate must be a date written YYYY-MM-DD$/ },
  { name: 'a runId with ";"', init: json(JSON.stringify({ runId: 'r1;drop table customer_info', asOfDate: AS_OF })), field: 'runId', message: /^runId may hold only lower-case letters/ },
  { name: 'a runId with a single quote', init: json(JSON.stringify({ runId: "r1'; drop schema cdp_meta cascade; --", asOfDate: AS_OF })), field: 'runId', message: /^runId may hold only lower-case letters/ },
  { name: 'a runId with double quotes', init: json(JSON.stringify({ runId: 'r1"."customer_360', asOfDate: AS_OF })), field: 'runId', message: /^runId may hold only lower-case letters/ },
  { name: 'an upper-case runId', init: json(JSON.stringify({ runId: 'R1', asOfDate: AS_OF })), field: 'runId', message: /^runId may hold only lower-case letters/ },
  { name: 'an empty runId', init: json(JSON.stringify({ runId: '', asOfDate: AS_OF })), field: 'runId', message: /^runId must not be empty$/ },
  { name: 'a 41-character runId', init: json(JSON.stringify({ runId: 'r'.repeat(41), asOfDate: AS_OF })), field: 'runId', message: /^runId must be at most 40 characters$/ },
  { name: 'an unknown field', init: json(JSON.stringify({ runId: 'r1', asOfDate: AS_OF, schema: 'public' })), field: 'schema', message: /^unknown field "schema"$/ },
  { name: 'a 1 MB body', init: json(JSON.stringify({ runId: 'r1', asOfDate: AS_OF, pad: 'x'.repeat(1 << 20) })), field: 'body', message: /^body is 10\d{5} bytes; at most 16384 are accepted$/ },
  { name: 'a JSON array', init: json('[]'), field: 'body', message: /^body must be a JSON object/ },
  { name: 'asOfDate 0000-01-01, which PostgreSQL has no year for', init: json(JSON.stringify({ runId: 'r1', asOfDate: '0000-01-01' })), field: 'asOfDate', message: /^asOfDate must be on or after 1900-01-01$/ },
  { name: 'asOfDate 1899-12-31', init: json(JSON.stringify({ runId: 'r1', asOfDate: '1899-12-31' })), field: 'asOfDate', message: /^asOfDate must be on or after 1900-01-01$/ },
  { name: 'malformed JSON', init: json('{"runId": "r1", '), field: 'body', message: /^body is not valid JSON: / },
  { name: 'a bare JSON string', init: json('"hello"'), field: 'body', message: /^body must be a JSON object, not a string$/ },
  { name: 'JSON null', init: json('null'), field: 'body', message: /^body must be a JSON object, not null$/ },
  { name: 'a bare word', init: json('hello'), field: 'body', message: /^body is not valid JSON: / },
  { name: 'an owner with a quote', init: json(JSON.stringify({ runId: 'r1', asOfDate: AS_OF, owner: "x'y" })), field: 'owner', message: /^owner may hold only letters, digits/ },
  { name: 'no body', init: { method: 'POST' }, field: 'body', message: /^body must be a JSON object/ },
  { name: 'GET instead of POST', init: { method: 'GET' }, field: 'method', message: /^method GET is not allowed: use POST$/ },
  { name: 'PUT instead of POST', init: { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ runId: 'r1', asOfDate: AS_OF }) }, field: 'method', message: /^method PUT is not allowed: use POST$/ },
];

/** Bodies that are not uncompressed JSON: refused before the Functions Framework reads them. */
const UNSUPPORTED_BODIES: readonly BadRequest[] = [
  { name: 'a form-encoded body', init: { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `runId=r1&asOfDate=${AS_OF}` }, field: 'content-type', message: /^Content-Type application\/x-www-form-urlencoded is not accepted: send a JSON object with Content-Type: application\/json$/ },
  { name: 'a text/plain body', init: { method: 'POST', headers: { 'content-type': 'text/plain' }, body: `{"runId":"r1","asOfDate":"${AS_OF}"}` }, field: 'content-type', message: /^Content-Type text\/plain is not accepted/ },
  { name: 'a body without a Content-Type', init: { method: 'POST', body: new Uint8Array(Buffer.from(`{"runId":"r1","asOfDate":"${AS_OF}"}`)) }, field: 'content-type', message: /^Content-Type \(none\) is not accepted/ },
  { name: 'a CloudEvents JSON body', init: { method: 'POST', headers: { 'content-type': 'application/cloudevents+json' }, body: `{"runId":"r1","asOfDate":"${AS_OF}"}` }, field: 'content-type', message: /^Content-Type application\/cloudevents\+json is not accepted/ },
  { name: 'a gzip body', init: { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: new Uint8Array(gzipSync(`{"runId":"r1","asOfDate":"${AS_OF}"}`)) }, field: 'content-encoding', message: /^Content-Encoding gzip is not accepted: send the JSON body uncompressed$/ },
];

/** A gzip stream of `megabytes` MB of zeros, made a megabyte at a time (about 100 KB per 100 MB). */
async function gzipOfZeros(megabytes: number): Promise<Uint8Array> {
  const gzip = createGzip();
  const chunks: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise((resolve) => gzip.on('end', resolve));
  const zeros = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < megabytes; i++) gzip.write(zeros);
  gzip.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}

/** Refused by one function only: fields that belong to another function's body. */
const BAD_REQUESTS_OF: readonly (BadRequest & { readonly fn: FunctionName })[] = [
  { fn: 'prepare', name: 'backfill "yes"', init: json(JSON.stringify({ runId: 'r1', asOfDate: AS_OF, backfill: 'yes' })), field: 'backfill', message: /^backfill must be true or false$/ },
  { fn: 'temp_customer_basic', name: 'backfill', init: json(JSON.stringify({ runId: 'r1', asOfDate: AS_OF, backfill: true })), field: 'backfill', message: /^unknown field "backfill"$/ },
  { fn: 'publish', name: 'backfill', init: json(JSON.stringify({ runId: 'r1', asOfDate: AS_OF, backfill: true })), field: 'backfill', message: /^unknown field "backfill"$/ },
  { fn: 'publish', name: 'an abort without a reason', init: json(JSON.stringify({ runId: 'r1', abort: {} })), field: 'abort.reason', message: /^abort.reason is required$/ },
  { fn: 'publish', name: 'an abort with a 2001-character reason', init: json(JSON.stringify({ runId: 'r1', abort: { reason: 'x'.repeat(2001) } })), field: 'abort.reason', message: /^abort.reason must be at most 2000 characters$/ },
  { fn: 'publish', name: 'an abort with a numeric reason', init: json(JSON.stringify({ runId: 'r1', abort: { reason: 7 } })), field: 'abort.reason', message: /^abort.reason must be a string$/ },
  { fn: 'temp_purchase_stats', name: 'an abort', init: json(JSON.stringify({ runId: 'r1', asOfDate: AS_OF, abort: { reason: 'x' } })), field: 'abort', message: /^unknown field "abort"$/ },
];

describe.each(databaseTargets())('the functions over HTTP on $name', (target) => {
  let t: TestDatabase;
  let served: ServedFunctions;
  const logs = capturingLogger();
  const baseline: Partial<Record<FunctionName, FunctionAnswer>> = {};

  beforeAll(async () => {
    t = await target.open();
    await loadSample(t.db, { customers: CUSTOMERS, anchorDate: AS_OF });
    useRuntime({ db: t.db, settings: DEFAULT_SETTINGS, log: logs.log });
    served = await serveFunctions();
    // One whole run over HTTP, so the ledger and customer_360 exist for the refusals to leave alone.
    const request = { runId: BASELINE, asOfDate: AS_OF };
    baseline.prepare = await post(served.urls.prepare, request);
    const stages = await Promise.all(STAGES.map((stage) => post(served.urls[stage], request)));
    STAGES.forEach((stage, i) => { baseline[stage] = stages[i]; });
    baseline.publish = await post(served.urls.publish, request);
  });

  afterAll(async () => {
    await served?.close();
    useRuntime(undefined);
    await t?.dispose();
  });

  /** Sends `init` to each function; the database must look the same afterwards. */
  async function sendToEach(fns: readonly FunctionName[], init: RequestInit) {
    const before = await pipelineState(t.db);
    const answers = [];
    for (const fn of fns) answers.push({ fn, ...(await call(served.urls[fn], init)) });
    expect(await pipelineState(t.db)).toEqual(before);
    return answers;
  }

  function refusal(fn: FunctionName, field: string, message: RegExp) {
    return {
      fn,
      status: 400,
      body: { error: { code: 'BAD_INPUT', message: expect.stringMatching(message), errorId: expect.stringMatching(/^[0-9a-f-]{36}$/), field } },
    };
  }

  it('answers a whole run, prepare, six stages and publish, with 200 and each step\'s rows', () => {
    expect(baseline.prepare).toMatchObject({ status: 200, body: { runId: BASELINE, stage: 'prepare', asOfDate: AS_OF, rows: 0 } });
    for (const stage of STAGES) {
      expect(baseline[stage]).toMatchObject({ status: 200, body: { runId: BASELINE, stage, rows: expect.any(Number), durationMs: expect.any(Number) } });
    }
    expect(baseline.temp_customer_basic!.body.rows).toBe(CUSTOMERS);
    expect(baseline.publish).toMatchObject({ status: 200, body: { runId: BASELINE, stage: 'publish', rows: CUSTOMERS, segments: expect.any(Object), statuses: expect.any(Object) } });
  });

  it.each(BAD_REQUESTS)('refuses $name with 400 naming $field, in every function, touching nothing', async ({ init, field, message }) => {
    const answers = await sendToEach(FUNCTIONS, init);
    expect(answers.map(({ fn, status, body }) => ({ fn, status, body }))).toEqual(FUNCTIONS.map((fn) => refusal(fn, field, message)));
  });

  it.each(BAD_REQUESTS_OF)('$fn refuses $name with 400 naming $field, touching nothing', async ({ fn, init, field, message }) => {
    const [answer] = await sendToEach([fn], init);
    expect({ fn, status: answer!.status, body: answer!.body }).toEqual(refusal(fn, field, message));
  });

  it.each(UNSUPPORTED_BODIES)('refuses $name with 415 naming $field, in every function, touching nothing', async ({ init, field, message }) => {
    const answers = await sendToEach(FUNCTIONS, init);
    expect(answers.map(({ fn, status, body }) => ({ fn, status, body }))).toEqual(FUNCTIONS.map((fn) => ({
      fn, status: 415, body: { error: { code: 'UNSUPPORTED_MEDIA', message: expect.stringMatching(message), errorId: expect.stringMatching(/^[0-9a-f-]{36}$/), field } },
    })));
  });

  it('refuses a gzip body that would inflate to 100 MB before reading it, without the memory', async () => {
    const bomb = await gzipOfZeros(100);
    const before = process.memoryUsage().rss;
    const answer = await call(served.urls.prepare, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: new Uint8Array(bomb) });
    expect(answer).toMatchObject({ status: 415, body: { error: { code: 'UNSUPPORTED_MEDIA', field: 'content-encoding' } } });
    expect(process.memoryUsage().rss - before).toBeLessThan(50 * 1024 * 1024);
  });

  it('answers every framework refusal as JSON, never an HTML page with a stack trace', async () => {
    const answers = await sendToEach(FUNCTIONS, json('{'));
    for (const answer of answers) {
      expect(answer.contentType).toMatch(/^application\/json/);
      expect(answer.text).not.toMatch(/<html|node_modules|at JSON\.parse/i);
    }
  });

  it.each([
    ['the function', json(JSON.stringify({ runId: 'never-prepared', asOfDate: AS_OF }))],
    ['the framework\'s body parser', json('{')],
  ])('logs a request\'s refusal by %s with the request\'s trace and its errorId', async (_, init) => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const headers = { ...(init.headers as Record<string, string>), traceparent: `00-${traceId}-00f067aa0ba902b7-01` };
    const answer = await call(served.urls.temp_purchase_stats, { ...init, headers });
    const line = logs.entries().find((entry) => entry.errorId === answer.body.error.errorId);
    expect(line).toMatchObject({ severity: 'WARNING', trace: { traceId, spanId: '00f067aa0ba902b7', sampled: true } });
  });

  it.each([...STAGES, 'publish'] as const)('%s answers 409 RUN_UNKNOWN for a run never prepared, touching nothing', async (fn) => {
    const [answer] = await sendToEach([fn], json(JSON.stringify({ runId: 'never-prepared', asOfDate: AS_OF })));
    expect(answer).toMatchObject({ status: 409, body: { error: { code: 'RUN_UNKNOWN', message: expect.stringContaining('never-prepared'), errorId: expect.any(String) } } });
  });

  it('publish answers 409 RUN_UNKNOWN to an abort of a run never prepared, touching nothing', async () => {
    const [answer] = await sendToEach(['publish'], json(JSON.stringify({ runId: 'never-prepared', abort: { reason: 'stage failed' } })));
    expect(answer).toMatchObject({ status: 409, body: { error: { code: 'RUN_UNKNOWN', message: expect.stringContaining('never-prepared') } } });
  });

  it.each(STAGES)('%s answers 409 RUN_PUBLISHED for a run already published, touching nothing', async (stage) => {
    const [answer] = await sendToEach([stage], json(JSON.stringify({ runId: BASELINE, asOfDate: AS_OF })));
    expect(answer).toMatchObject({ status: 409, body: { error: { code: 'RUN_PUBLISHED', message: `run ${BASELINE} is already published` } } });
  });

  it('publish answers 409 RUN_PUBLISHED to an abort of a run already published, touching nothing', async () => {
    const [answer] = await sendToEach(['publish'], json(JSON.stringify({ runId: BASELINE, abort: { reason: 'late failure' } })));
    expect(answer).toMatchObject({ status: 409, body: { error: { code: 'RUN_PUBLISHED', message: `run ${BASELINE} is already published` } } });
  });

  it('prepare answers 409 RUN_CONFLICT for a known run id with another as-of date, touching nothing', async () => {
    const [answer] = await sendToEach(['prepare'], json(JSON.stringify({ runId: BASELINE, asOfDate: '2026-03-30' })));
    expect(answer).toMatchObject({ status: 409, body: { error: { code: 'RUN_CONFLICT', field: 'asOfDate', message: expect.stringContaining('2026-03-31') } } });
  });

  it('a stage answers 409 RUN_CONFLICT when asOfDate differs from its run\'s, touching nothing', async () => {
    const runId = 'other-date';
    expect((await post(served.urls.prepare, { runId, asOfDate: AS_OF })).status).toBe(200);
    const [answer] = await sendToEach(['temp_website_behavior'], json(JSON.stringify({ runId, asOfDate: '2026-04-01' })));
    expect(answer).toMatchObject({ status: 409, body: { error: { code: 'RUN_CONFLICT', field: 'asOfDate' } } });
    expect((await post(served.urls.publish, { runId, abort: { reason: 'test done' } })).status).toBe(200);
    expect(await runSchemas(t.db)).toEqual([]);
  });

  it('logs each refusal as a WARNING with its errorId, runId and stage', async () => {
    const answer = await post(served.urls.temp_campaign_engagement, { runId: 'r9', asOfDate: '2026-02-30' });
    const entry = logs.entries().find((e) => e.errorId === answer.body.error.errorId);
    expect(entry).toEqual({
      severity: 'WARNING', message: 'asOfDate is not a calendar date', runId: 'r9', stage: 'temp_campaign_engagement', code: 'BAD_INPUT', errorId: answer.body.error.errorId,
    });
  });
});
