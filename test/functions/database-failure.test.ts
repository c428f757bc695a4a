/**
 * When the database fails under a function, the caller gets a status and an errorId, never the
 * server's details (SQL text, connection string); the log line with that errorId has them,
 * with severity, runId and stage, as one JSON object.
 */
import type { AddressInfo } from 'node:net';
import * as functions from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CdpError } from '../../core/errors.js';
import { DEFAULT_SETTINGS } from '../../core/config.js';
import { createPostgresDatabase } from '../../core/db/postgres.js';
import type { Database } from '../../core/db/database.js';
import { prepare } from '../../core/prepare.js';
import { loadSample } from '../../core/sample.js';
import { sql } from '../../core/sql.js';
import type { FunctionName } from '../../core/stages.js';
import { createHandler } from '../../functions/handler.js';
import { useRuntime } from '../../functions/runtime.js';
import { serveFunctions } from '../../functions/serve.js';
import { databaseTargets, type TestDatabase } from '../support/databases.js';
import { driverError, withFault } from '../support/faulty-database.js';
import { capturingLogger, post, type FunctionAnswer } from '../support/functions-http.js';
import { runRow, stageRuns } from '../support/pipeline-state.js';

const AS_OF = '2026-03-31';
const SECRET_URL = 'postgres://cdp_fn:hunter2@10.20.30.40:5432/cdp';
// Either statement of the stage: the catalog decides which one runs (core/stage-plan.ts).
const STAGE_SQL = [sql('stages/temp_purchase_stats').text, sql('stages/temp_purchase_stats_keyed').text];

/** Serves the functions over `db` for one request, returning the answer and the log lines. */
async function askOnce(db: Database, fn: FunctionName, body: unknown) {
  const logs = capturingLogger();
  useRuntime({ db, settings: DEFAULT_SETTINGS, log: logs.log });
  const served = await serveFunctions();
  try {
    const answer = await post(served.urls[fn], body);
    return { answer, logs };
  } finally {
    await served.close();
    useRuntime(undefined);
  }
}

function expectOpaque(answer: FunctionAnswer, status: number, code: string, fn: FunctionName, secrets: readonly string[]) {
  expect(answer.status).toBe(status);
  const { errorId } = answer.body.error;
  expect(answer.body).toEqual({
    error: { code, errorId: expect.stringMatching(/^[0-9a-f-]{36}$/), message: `${fn} failed (${code}); see the function's logs for error id ${errorId}` },
  });
  for (const secret of secrets) expect(answer.text).not.toContain(secret);
}

describe.each(databaseTargets())('a database failure under a function on $name', (target) => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await target.open();
    await loadSample(t.db, { customers: 40, anchorDate: AS_OF });
  });
  afterAll(() => t?.dispose());

  it('answers 500 SQL_FAILURE with only an errorId when the driver\'s error quotes the SQL and the connection string', async () => {
    const runId = 'verbose-driver';
    await prepare(t.db, { runId, asOfDate: AS_OF }, DEFAULT_SETTINGS);
    const db = withFault(t.db, async (text) => {
      if (STAGE_SQL.includes(text)) throw driverError('42601', `syntax error in statement "${text}" on ${SECRET_URL}`);
    });
    const { answer, logs } = await askOnce(db, 'temp_purchase_stats', { runId, asOfDate: AS_OF });

    expectOpaque(answer, 500, 'SQL_FAILURE', 'temp_purchase_stats', ['create unlogged table', 'select', SECRET_URL, 'hunter2', 'syntax error']);
    const { errorId } = answer.body.error;
    const line = logs.lines.find((l) => l.includes(errorId));
    expect(JSON.parse(line!)).toEqual({
      severity: 'ERROR', message: expect.stringContaining('syntax error'), runId, stage: 'temp_purchase_stats', code: 'SQL_FAILURE', errorId, sqlState: '42601',
      // What makes the line an Error Reporting event, grouped by its code.
      stack_trace: expect.stringMatching(/^SQL_FAILURE: stage temp_purchase_stats failed: syntax error[\s\S]*\n {4}at /),
    });
  });

  it('answers 422 MISSING_SOURCE, not retried, naming the column when the ledger lost one, and logs it', async () => {
    const runId = 'broken-ledger';
    await prepare(t.db, { runId, asOfDate: AS_OF }, DEFAULT_SETTINGS);
    await t.db.exec('alter table cdp_meta.stage_runs rename column attempts to attempts_gone');
    try {
      const { answer, logs } = await askOnce(t.db, 'temp_customer_basic', { runId, asOfDate: AS_OF });
      expect(answer).toMatchObject({ status: 422, body: { error: { code: 'MISSING_SOURCE', message: expect.stringMatching(/^stage temp_customer_basic failed: .*attempts does not exist/) } } });
      if (t.url) expect(answer.text).not.toContain(t.url);
      expect(logs.entries().filter((e) => e.severity === 'WARNING')).toEqual([{
        severity: 'WARNING', message: expect.stringMatching(/attempts/), runId, stage: 'temp_customer_basic', code: 'MISSING_SOURCE', errorId: answer.body.error.errorId, sqlState: '42703',
      }]);
    } finally {
      await t.db.exec('alter table cdp_meta.stage_runs rename column attempts_gone to attempts');
    }
  });

  it('records a stage\'s SQL failure in the ledger as the stage\'s error with the error id answered, leaving the run running', async () => {
    const runId = 'ledger-records';
    await prepare(t.db, { runId, asOfDate: AS_OF }, DEFAULT_SETTINGS);
    const db = withFault(t.db, async (text) => {
      if (STAGE_SQL.includes(text)) throw driverError('22012', 'division by zero');
    });
    const { answer } = await askOnce(db, 'temp_purchase_stats', { runId, asOfDate: AS_OF });
    expect(answer).toMatchObject({ status: 422, body: { error: { code: 'BAD_DATA' } } });
    expect(await stageRuns(t.db, runId)).toEqual([
      { stage: 'temp_purchase_stats', status: 'failed', attempts: 1, rows: null, error: `stage temp_purchase_stats failed: division by zero (error id ${answer.body.error.errorId})` },
    ]);
    expect(await runRow(t.db, runId)).toMatchObject({ status: 'running' });
  });
});

describe('an unreachable database under a function', () => {
  it('answers 503 UNREACHABLE with only an errorId, and never the connection string', async () => {
    const db = createPostgresDatabase({ connectionString: 'postgres://cdp_fn:hunter2@127.0.0.1:1/cdp', connectionTimeoutMillis: 2000 }, 'postgres');
    try {
      const { answer, logs } = await askOnce(db, 'prepare', { runId: 'no-server', asOfDate: AS_OF });
      expectOpaque(answer, 503, 'UNREACHABLE', 'prepare', ['hunter2', '127.0.0.1:1', 'postgres://']);
      expect(logs.entries().find((e) => e.severity === 'ERROR')).toMatchObject({
        message: expect.stringMatching(/ECONNREFUSED/), runId: 'no-server', stage: 'prepare', code: 'UNREACHABLE', errorId: answer.body.error.errorId,
      });
    } finally {
      await db.close();
    }
  });
});

describe('a function whose instance cannot start its database pool', () => {
  it('still logs the failure (to stdout, in Cloud Logging format) with the errorId it answers', async () => {
    functions.http('cannot_start', createHandler('prepare', () => Promise.reject(new CdpError('UNREACHABLE', 'cannot reach the Cloud SQL database: timeout'))));
    const server = getTestServer('cannot_start');
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const written: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    try {
      const answer = await post(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { runId: 'no-pool', asOfDate: AS_OF });
      expect(answer.status).toBe(503);
      const logged = written.map((line) => JSON.parse(line) as Record<string, unknown>).find((entry) => entry.severity === 'ERROR');
      expect(logged).toMatchObject({ message: 'cannot reach the Cloud SQL database: timeout', runId: 'no-pool', stage: 'prepare', code: 'UNREACHABLE', errorId: answer.body.error.errorId });
    } finally {
      spy.mockRestore();
      server.close();
    }
  });
});
