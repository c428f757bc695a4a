import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { CdpError } from '../core/errors.js';
import { errorAnswer, writeAnswer } from './error-answer.js';
import { frameworkError } from './framework-errors.js';
import { withFields, type Logger } from './log.js';
import { refuseBeforeBody } from './request-guard.js';
import { traceContext } from './trace-context.js';

type Handle = (this: unknown, req: IncomingMessage, res: ServerResponse, callback?: (error?: unknown) => void) => void;

interface ExpressApplication {
  handle: Handle;
  [installed]?: true;
}

const installed = Symbol.for('customer-360.framework-hook');

/**
 * The Functions Framework builds its Express app with body parsers in front of the function
 * and leaves their errors to Express's final handler, an HTML page with a stack trace; it has
 * no option to change that (functions-framework-nodejs issue 686). So, before it builds the
 * app, this wraps the `handle` every Express app copies from `express.application` (the
 * framework's own copy of Express) when it is created: a request with no caller of its own
 * (the HTTP server's) is checked before any parser reads its body (request-guard.ts), and any
 * error the framework passes on is answered as the functions' JSON error contract.
 * `logger` is asked per request, so that tests handing in a runtime see the lines.
 */
export function installFrameworkHook(logger: () => Logger, env: Readonly<Record<string, string | undefined>> = process.env): void {
  const fromHere = createRequire(import.meta.url);
  const fromFramework = createRequire(fromHere.resolve('@google-cloud/functions-framework'));
  const application = (fromFramework('express') as { application: ExpressApplication }).application;
  if (application[installed]) return;
  const handle = application.handle;
  if (typeof handle !== 'function') throw new Error('express.application.handle is gone: the Functions Framework hook needs updating');
  const fn = env.FUNCTION_TARGET || undefined;
  application.handle = function guardedHandle(req, res, callback) {
    if (callback) return handle.call(this, req, res, callback);
    const trace = traceContext(req.headers);
    const log = trace ? withFields(logger(), { trace }) : logger();
    const refusal = refuseBeforeBody(req);
    if (refusal) {
      // The body is not read: the connection closes after the answer instead of draining it.
      res.setHeader('connection', 'close');
      writeAnswer(res, errorAnswer(refusal, log, { fn }));
      return;
    }
    return handle.call(this, req, res, (error?: unknown) => {
      const refused = error === undefined ? new CdpError('BAD_INPUT', `nothing is served at ${req.url}`, { field: 'path' }) : frameworkError(error);
      writeAnswer(res, errorAnswer(refused, log, { fn }));
    });
  };
  application[installed] = true;
}
