/**
 * Retry policies: the map a `retry:` holds (or an expression such as `${http.default_retry}`
 * evaluates to), normalised, and the exponential backoff Cloud Workflows applies:
 * the n-th retry (from 0) waits min(initial_delay * multiplier^n, max_delay) seconds.
 */
import { raised } from './errors.js';
import { FunctionRef, expectNumber, isMap, typeName } from './values.js';

export interface RetryPolicy {
  readonly predicate: FunctionRef;
  readonly maxRetries: number;
  readonly initialDelay: number;
  readonly maxDelay: number;
  readonly multiplier: number;
}

/** `retry.default_backoff`: 1 s initial delay, 60 s cap, multiplier 1.25. */
const DEFAULT_BACKOFF = { initialDelay: 1, maxDelay: 60, multiplier: 1.25 } as const;

/** `http.default_retry`, for definitions that name it instead of writing a policy. */
export const DEFAULT_HTTP_RETRY = {
  predicate: new FunctionRef('http.default_retry_predicate'),
  max_retries: 5,
  backoff: { initial_delay: 1, max_delay: 60, multiplier: 1.25 },
} as const;

/** Fields already evaluated; `undefined` means "not given". */
export function normalizePolicy(fields: {
  predicate: unknown;
  maxRetries: unknown;
  initialDelay: unknown;
  maxDelay: unknown;
  multiplier: unknown;
}): RetryPolicy {
  if (!(fields.predicate instanceof FunctionRef)) {
    throw raised('TypeError', `retry predicate must name a function or subworkflow, got ${typeName(fields.predicate)}`);
  }
  const maxRetries = expectNumber(fields.maxRetries, 'retry max_retries');
  const number = (value: unknown, fallback: number, what: string): number =>
    value === undefined || value === null ? fallback : expectNumber(value, what);
  const policy = {
    predicate: fields.predicate,
    maxRetries,
    initialDelay: number(fields.initialDelay, DEFAULT_BACKOFF.initialDelay, 'backoff initial_delay'),
    maxDelay: number(fields.maxDelay, DEFAULT_BACKOFF.maxDelay, 'backoff max_delay'),
    multiplier: number(fields.multiplier, DEFAULT_BACKOFF.multiplier, 'backoff multiplier'),
  };
  if (maxRetries < 0 || policy.initialDelay < 0 || policy.maxDelay < 0 || policy.multiplier < 1) {
    throw raised('ValueError', 'retry: max_retries and delays must be >= 0 and multiplier >= 1');
  }
  return policy;
}

/** A policy given as one value (the result of `retry: ${...}`). */
export function policyFromValue(value: unknown): RetryPolicy {
  if (!isMap(value)) throw raised('TypeError', `retry must evaluate to a policy map, got ${typeName(value)}`);
  const backoff = value['backoff'] ?? {};
  if (!isMap(backoff)) throw raised('TypeError', 'retry backoff must be a map');
  return normalizePolicy({
    predicate: value['predicate'],
    maxRetries: value['max_retries'],
    initialDelay: backoff['initial_delay'],
    maxDelay: backoff['max_delay'],
    multiplier: backoff['multiplier'],
  });
}

/** Seconds to wait before retry number `attempt` (0 for the first retry). */
export function backoffSeconds(policy: RetryPolicy, attempt: number): number {
  return Math.min(policy.initialDelay * policy.multiplier ** attempt, policy.maxDelay);
}
