import type { ErrorCode } from '../core/errors.js';

/**
 * HTTP status per error code. The workflow retries 429, 502 and 503 (and connection failures):
 * transient codes answer 503. Everything else is final: a 4xx because the request or the data
 * must change, a 500 because the pipeline or its configuration must, a 504 because a statement
 * that ran past its timeout would only time out again.
 */
export const HTTP_STATUS: Readonly<Record<ErrorCode, number>> = {
  BAD_INPUT: 400,
  UNSUPPORTED_MEDIA: 415,
  BAD_CONFIG: 500,
  RUN_UNKNOWN: 409,
  RUN_PUBLISHED: 409,
  RUN_CONFLICT: 409,
  RUN_LEASED: 409,
  SUPERSEDED: 409,
  MISSING_SOURCE: 422,
  BAD_DATA: 422,
  GATE_FAILED: 422,
  UNREACHABLE: 503,
  BUSY: 503,
  TIMEOUT: 504,
  SQL_FAILURE: 500,
  INTERNAL: 500,
};

/** Codes whose message may reach the caller; the others may carry server details and stay in the log. */
export const CALLER_SAFE: ReadonlySet<ErrorCode> = new Set([
  'BAD_INPUT', 'UNSUPPORTED_MEDIA', 'RUN_UNKNOWN', 'RUN_PUBLISHED', 'RUN_CONFLICT', 'RUN_LEASED', 'SUPERSEDED', 'MISSING_SOURCE', 'GATE_FAILED', 'TIMEOUT',
]);
