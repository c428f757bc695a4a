import { randomUUID } from 'node:crypto';
import type { HttpFunction } from '@google-cloud/functions-framework';
import { CdpError, isCdpError } from '../core/errors.js';
import { prepare } from '../core/prepare.js';
import { abortRun, publish } from '../core/publish.js';
import { runStage } from '../core/run-stage.js';
import type { FunctionName } from '../core/stages.js';
import { CALLER_SAFE, HTTP_STATUS } from './http-status.js';
import { parseRequest, type PrepareBody, type PublishBody, type StageBody } from './requests.js';
import { stdoutLogger } from './log.js';
import { getRuntime, type FunctionsRuntime } from './runtime.js';

async function dispatch(fn: FunctionName, runtime: FunctionsRuntime, body: PrepareBody | PublishBody | StageBody) {
  const { db, settings } = runtime;
  switch (fn) {
    case 'prepare':
      return prepare(db, body as PrepareBody, settings);
    case 'publish':
      return 'abort' in body ? abortRun(db, body.runId, body.abort.reason) : publish(db, body, settings);
    default:
      return runStage(db, fn, body as StageBody, settings);
  }
}

/** One HTTP Cloud Function: validate the body, do the step, answer JSON; errors carry a stable code. */
export function createHandler(fn: FunctionName, runtime: () => Promise<FunctionsRuntime> = getRuntime): HttpFunction {
  return async (req, res) => {
    const runId = typeof req.body?.runId === 'string' && req.body.runId.length <= 40 ? req.body.runId : undefined;
    let log: FunctionsRuntime['log'] | undefined;
    try {
      const body = parseRequest(fn, req);
      const rt = await runtime();
      log = rt.log;
      log('INFO', `${fn} started`, { runId: body.runId, stage: fn });
      const result = await dispatch(fn, rt, body);
      log('INFO', `${fn} finished`, { runId: body.runId, stage: fn, rows: result.rows, durationMs: result.durationMs });
      res.status(200).json(result);
    } catch (caught) {
      const error = isCdpError(caught) ? caught : new CdpError('SQL_FAILURE', `unexpected failure in ${fn}: ${(caught as Error)?.message}`, {}, { cause: caught });
      const status = HTTP_STATUS[error.code];
      const errorId = randomUUID();
      const field = typeof error.details.field === 'string' ? error.details.field : undefined;
      (log ?? (await runtime().then((rt) => rt.log, () => stdoutLogger)))(status >= 500 ? 'ERROR' : 'WARNING', error.message, {
        runId, stage: fn, code: error.code, errorId, ...(error.details.sqlState ? { sqlState: error.details.sqlState } : {}),
      });
      const message = CALLER_SAFE.has(error.code) ? error.message : `${fn} failed (${error.code}); see the function's logs for error id ${errorId}`;
      res.status(status).json({ error: { code: error.code, message, errorId, ...(field ? { field } : {}) } });
    }
  };
}
