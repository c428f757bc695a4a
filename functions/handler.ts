import type { HttpFunction } from '@google-cloud/functions-framework';
import { abortRun } from '../core/abort.js';
import { asCdpError } from '../core/errors.js';
import { prepare } from '../core/prepare.js';
import { publishRecorded } from '../core/publish-attempts.js';
import { runStage } from '../core/run-stage.js';
import type { FunctionName } from '../core/stages.js';
import { errorAnswer } from './error-answer.js';
import { withFields } from './log.js';
import { parseRequest, type PrepareBody, type PublishBody, type StageBody } from './requests.js';
import { currentLogger, getRuntime, type FunctionsRuntime } from './runtime.js';
import { traceContext } from './trace-context.js';

async function dispatch(fn: FunctionName, runtime: FunctionsRuntime, body: PrepareBody | PublishBody | StageBody) {
  const { db, settings } = runtime;
  switch (fn) {
    case 'prepare':
      return prepare(db, body as PrepareBody, settings);
    case 'publish':
      return 'abort' in body ? abortRun(db, body.runId, body.abort.reason, body.owner) : publishRecorded(db, body, settings);
    default:
      return runStage(db, fn, body as StageBody, settings);
  }
}

/** One HTTP Cloud Function: validate the body, do the step, answer JSON; errors carry a stable code. */
export function createHandler(fn: FunctionName, runtime: () => Promise<FunctionsRuntime> = getRuntime): HttpFunction {
  return async (req, res) => {
    const runId = typeof req.body?.runId === 'string' && req.body.runId.length <= 40 ? req.body.runId : undefined;
    const trace = traceContext(req.headers ?? {});
    let log = currentLogger();
    try {
      const body = parseRequest(fn, req);
      const rt = await runtime();
      log = trace ? withFields(rt.log, { trace }) : rt.log;
      log('INFO', `${fn} started`, { runId: body.runId, stage: fn });
      const result = await dispatch(fn, rt, body);
      log('INFO', `${fn} finished`, { runId: body.runId, stage: fn, rows: result.rows, durationMs: result.durationMs });
      res.status(200).json(result);
    } catch (caught) {
      if (trace && log === currentLogger()) log = withFields(log, { trace });
      const { status, body } = errorAnswer(asCdpError(caught, fn), log, { fn, runId });
      res.status(status).json(body);
    }
  };
}
