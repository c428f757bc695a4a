/**
 * Issue 5, case 7: a run id or as-of date crafted to inject SQL is refused before any query, in
 * core and at the HTTP edge; and no SQL text, connection string or credential reaches an HTTP
 * answer or a log line, even when SQL fails.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseDatabaseConfig } from '../../core/config.js';
import { connectDatabase } from '../../core/db/connect.js';
import type { Database } from '../../core/db/database.js';
import { prepare } from '../../core/prepare.js';
import { abortRun } from '../../core/abort.js';
import { publish } from '../../core/publish.js';
import { sql } from '../../core/sql.js';
import { runStage } from '../../core/run-stage.js';
import { FUNCTIONS } from '../../core/stages.js';
import { createHandler } from '../../functions/handler.js';
import { useRuntime } from '../../functions/runtime.js';
import { serveFunctions, type ServedFunctions } from '../../functions/serve.js';
import { databaseTargets, type TestDatabase } from '../support/databases.js';
import { DIRTY_AS_OF, loadDirtySources } from './support/fixture.js';
import { captureLog, functionCaller } from './support/handler.js';
import { rejection, SETTINGS } from './support/runs.js';

const CRAFTED_RUN_IDS = [
  "x'; drop table customer_info; --",
  'x"; drop schema public cascade; --',
  'run; select pg_sleep(10)',
  'Run-1', // upper case: schema names are case-folded, so ids are lower case only
  'run 1',
  'run\u0000id',
  'run\u2019s', // a typographic apostrophe
  '../cdp_meta',
  'a'.repeat(41),
  '',
];

const CRAFTED_DATES = [
  "2024-06-01'; drop table customer_info; --",
  "2024-06-01'::date - 1 --",
  '2024-06-01 00:00',
  '2024-02-30',
  'now()',
];

/** A database that must never be touched: it records and refuses every call. */
function untouchable(): Database & { calls: string[] } {
  const calls: string[] = [];
  const refuse = async (what: string): Promise<never> => {
    calls.push(what);
    throw new Error(`the database was reached: ${what}`);
  };
  return {
    kind: 'postgres',
    calls,
    query: (text) => refuse(text),
    exec: (text) => refuse(text),
    transaction: () => refuse('transaction'),
    close: async () => {},
  };
}

describe('crafted run ids and dates in core', () => {
  it.each(CRAFTED_RUN_IDS)('run id %j is refused by every step before any query', async (runId) => {
    const db = untouchable();
    for (const attempt of [
      prepare(db, { runId, asOfDate: '2024-06-01' }, SETTINGS),
      runStage(db, 'temp_purchase_stats', { runId }, SETTINGS),
      publish(db, { runId }, SETTINGS),
      abortRun(db, runId, 'reason'),
    ]) {
      expect(await rejection(attempt)).toMatchObject({ code: 'BAD_INPUT', details: { field: 'runId' } });
    }
    expect(db.calls).toEqual([]);
  });

  it.each(CRAFTED_DATES)('as-of date %j is refused before any query', async (asOfDate) => {
    const db = untouchable();
    for (const attempt of [
      prepare(db, { runId: 'ok', asOfDate }, SETTINGS),
      runStage(db, 'temp_customer_basic', { runId: 'ok', asOfDate }, SETTINGS),
      publish(db, { runId: 'ok', asOfDate }, SETTINGS),
    ]) {
      expect(await rejection(attempt)).toMatchObject({ code: 'BAD_INPUT', details: { field: 'asOfDate' } });
    }
    expect(db.calls).toEqual([]);
  });
});

describe('crafted run ids and dates over HTTP', () => {
  let served: ServedFunctions;
  const db = untouchable();
  const captured = captureLog();
  beforeAll(async () => {
    useRuntime({ db, settings: SETTINGS, log: captured.log });
    served = await serveFunctions();
  });
  afterAll(async () => {
    await served?.close();
    useRuntime(undefined);
  });

  const cases = [
    ...CRAFTED_RUN_IDS.map((runId) => ({ field: 'runId', body: { runId, asOfDate: '2024-06-01' } })),
    ...CRAFTED_DATES.map((asOfDate) => ({ field: 'asOfDate', body: { runId: 'ok', asOfDate } })),
    { field: 'runId', body: { runId: { $ne: null }, asOfDate: '2024-06-01' } },
    { field: 'runId', body: { runId: ['a', 'b'], asOfDate: '2024-06-01' } },
  ];

  it.each(FUNCTIONS)('%s answers 400 naming the field, without touching the database', async (fn) => {
    for (const { field, body } of cases) {
      const response = await fetch(served.urls[fn], { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const answer = (await response.json()) as { error: { code: string; field?: string } };
      expect({ status: response.status, code: answer.error.code, field: answer.error.field }).toEqual({ status: 400, code: 'BAD_INPUT', field });
    }
    expect(db.calls).toEqual([]);
  });
});

/** Non-comment lines of a SQL file long enough to be recognisable: none may appear in answers or logs. */
function sqlFingerprints(name: string): string[] {
  return sql(name).text.split('\n').map((line) => line.trim()).filter((line) => line.length >= 12 && !line.startsWith('--'));
}

function expectNothingSecret(text: string, secrets: readonly string[]): void {
  for (const secret of secrets) expect(text).not.toContain(secret);
  expect(text).not.toMatch(/postgres(ql)?:\/\//);
  expect(text).not.toMatch(/\bcreate (unlogged )?table\b|\bselect\b[\s\S]*\bfrom\b/i);
}

describe.each(databaseTargets())('failures on $name leak no SQL or connection details', (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await target.open();
    await loadDirtySources(t.db);
  });
  afterAll(() => t?.dispose());
  afterEach(() => loadDirtySources(t.db));

  it('a stage whose source changed type after prepare answers 422 MISSING_SOURCE naming the function, never the statement', async () => {
    const { log, lines, text } = captureLog();
    const call = functionCaller(t.db, log);
    const body = { runId: 'leak-stage', asOfDate: DIRTY_AS_OF };
    expect((await call('prepare', body)).status).toBe(200);
    // The feed changed type under the pipeline: sum(text) does not exist.
    await t.db.exec('alter table purchase_transactions alter column total_amount type text');

    const answer = await call('temp_purchase_stats', body);
    expect(answer.status).toBe(422);
    expect(answer.body.error).toMatchObject({ code: 'MISSING_SOURCE', message: expect.stringContaining('sum(text)') });
    const failure = lines.find((line) => line.severity === 'WARNING');
    expect(failure).toMatchObject({ fields: { code: 'MISSING_SOURCE', errorId: answer.body.error.errorId, sqlState: '42883' } });
    expect(failure!.message).toContain('sum(text)');

    const secrets = [...sqlFingerprints('stages/temp_purchase_stats'), ...(t.url ? [t.url] : [])];
    expectNothingSecret(JSON.stringify(answer.body), secrets);
    expectNothingSecret(text(), secrets);
  });

  it('an abort reason written like SQL is stored as text, never run', async () => {
    const { log } = captureLog();
    const call = functionCaller(t.db, log);
    const reason = "x'); drop table customer_info; --";
    expect((await call('prepare', { runId: 'leak-abort', asOfDate: DIRTY_AS_OF })).status).toBe(200);
    expect((await call('publish', { runId: 'leak-abort', abort: { reason } })).status).toBe(200);
    const { rows } = await t.db.query<{ error: string }>('select error from cdp_meta.runs where run_id = $1', ['leak-abort']);
    expect(rows[0]!.error).toBe(reason);
    await expect(t.db.query('select count(*) from customer_info')).resolves.toBeDefined();
  });
});

describe('an unreachable database', () => {
  const url = 'postgres://cdp_fn:s3cret-Pa55word@127.0.0.1:1/cdp';

  it('is reported without its connection string or password, in core and over HTTP', async () => {
    const error = await rejection(connectDatabase(parseDatabaseConfig({ DATABASE_URL: url })));
    expect(error).toMatchObject({ code: 'UNREACHABLE' });
    expectNothingSecret(error.message, [url, 's3cret-Pa55word', 'cdp_fn:']);

    let status = 0;
    let body: unknown;
    const res = { status: (s: number) => { status = s; return res; }, json: (b: unknown) => { body = b; return res; } };
    const handler = createHandler('prepare', () => connectDatabase(parseDatabaseConfig({ DATABASE_URL: url })).then((db) => ({ db, settings: SETTINGS, log: () => {} })));
    await handler({ method: 'POST', body: { runId: 'r', asOfDate: '2024-06-01' }, rawBody: Buffer.from('{}') } as never, res as never);
    expect(status).toBe(503);
    expectNothingSecret(JSON.stringify(body), [url, 's3cret-Pa55word', 'cdp_fn:']);
  });
});
