import type { ErrorCode } from '../core/errors.js';

/**
 * HTTP status per error code. The workflow retries 429, 500, 502 and 503; 4xx answers are final
 * because repeating the same request cannot fix them; a statement timeout (504) would only time
 * out again.
 */
export const HTTP_STATUS: Readonly<Record<ErrorCode, number>> = {
  BAD_INPUT: 400,
  BAD_CONFIG: 500,
  RUN_UNKNOWN: 409,
  RUN_PUBLISHED: 409,
  RUN_CONFLICT: 409,
  SUPERSEDED: 409,
  MISSING_SOURCE: 422,
  GATE_FAILED: 422,
  UNREACHABLE: 503,
  TIMEOUT: 504,
  SQL_FAILURE: 500,
};

/** Codes whose message may reach the caller; the others may carry server details and stay in the log. */
export const CALLER_SAFE: ReadonlySet<ErrorCode> = new Set([
  'BAD_INPUT', 'RUN_UNKNOWN', 'RUN_PUBLISHED', 'RUN_CONFLICT', 'SUPERSEDED', 'MISSING_SOURCE', 'GATE_FAILED', 'TIMEOUT',
]);
