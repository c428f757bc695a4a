import type { ServerResponse } from 'node:http';
import type { CdpError } from '../core/errors.js';
import { CALLER_SAFE, HTTP_STATUS } from './http-status.js';
import type { Logger } from './log.js';

/** The frames of `error`'s stack under a first line Error Reporting groups by: the code. */
function stackTrace(error: CdpError): string {
  const frames = (error.stack ?? '').split('\n').filter((line) => line.startsWith('    at '));
  return [`${error.code}: ${error.message}`, ...frames].join('\n');
}

export interface AnswerContext {
  /** The function answering, when known (the framework's refusals come before any function). */
  readonly fn?: string;
  readonly runId?: string;
}

export interface ErrorAnswer {
  readonly status: number;
  readonly body: { readonly error: { readonly code: string; readonly message: string; readonly errorId: string; readonly field?: string } };
}

/**
 * A refusal or failure as the functions' one error contract,
 * `{error: {code, message, errorId, field?}}`, logged with the same errorId: a WARNING for a
 * 4xx, an ERROR (an Error Reporting event) for a 5xx. Messages of codes that may carry server
 * details stay in the log; the caller gets the error id.
 */
export function errorAnswer(error: CdpError, log: Logger, context: AnswerContext = {}): ErrorAnswer {
  const status = HTTP_STATUS[error.code];
  const { errorId } = error;
  const field = typeof error.details.field === 'string' ? error.details.field : undefined;
  const sqlState = typeof error.details.sqlState === 'string' ? error.details.sqlState : undefined;
  log(status >= 500 ? 'ERROR' : 'WARNING', error.message, {
    ...(context.runId ? { runId: context.runId } : {}),
    ...(context.fn ? { stage: context.fn } : {}),
    code: error.code,
    errorId,
    ...(sqlState ? { sqlState } : {}),
    ...(status >= 500 ? { stack_trace: stackTrace(error) } : {}),
  });
  const message = CALLER_SAFE.has(error.code) ? error.message : `${context.fn ?? 'the function'} failed (${error.code}); see the function's logs for error id ${errorId}`;
  return { status, body: { error: { code: error.code, message, errorId, ...(field ? { field } : {}) } } };
}

/** Writes an answer on the bare Node response: before Express has dressed the request. */
export function writeAnswer(res: ServerResponse, answer: ErrorAnswer): void {
  if (res.headersSent) return;
  const body = JSON.stringify(answer.body);
  res.statusCode = answer.status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(body));
  res.end(body);
}
