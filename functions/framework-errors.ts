import { CdpError } from '../core/errors.js';
import { MAX_BODY_BYTES } from './request-guard.js';

interface HttpError {
  readonly status?: number;
  readonly type?: string;
  readonly message?: string;
  /** body-parser keeps the text it could not parse. */
  readonly body?: unknown;
}

function describeJson(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

/**
 * What the Functions Framework's body parsers (body-parser, under Express) throw, as the
 * functions' own error: the caller gets the JSON error contract with a message naming the
 * problem, never Express's HTML page with a stack trace.
 */
export function frameworkError(thrown: unknown): CdpError {
  const error = (typeof thrown === 'object' && thrown !== null ? thrown : {}) as HttpError;
  const cause = { cause: thrown };
  switch (error.type) {
    case 'entity.parse.failed': {
      // Strict JSON parsing refuses a bare value (null, "hello") as a syntax error: say what it was.
      const text = typeof error.body === 'string' ? error.body : '';
      let parsed: { value: unknown } | undefined;
      try {
        parsed = { value: JSON.parse(text) };
      } catch {
        parsed = undefined;
      }
      return parsed
        ? new CdpError('BAD_INPUT', `body must be a JSON object, not ${describeJson(parsed.value)}`, { field: 'body' }, cause)
        : new CdpError('BAD_INPUT', `body is not valid JSON: ${error.message ?? 'cannot be parsed'}`, { field: 'body' }, cause);
    }
    case 'entity.too.large':
      return new CdpError('BAD_INPUT', `body is too large; at most ${MAX_BODY_BYTES} bytes are accepted`, { field: 'body' }, cause);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new CdpError('UNSUPPORTED_MEDIA', `${error.message ?? 'unsupported body encoding'}: send UTF-8 JSON, uncompressed`, { field: error.type === 'charset.unsupported' ? 'content-type' : 'content-encoding' }, cause);
    case 'request.aborted':
    case 'request.size.invalid':
      return new CdpError('BAD_INPUT', 'the request body ended before its announced length', { field: 'body' }, cause);
    default:
      if (typeof error.status === 'number' && error.status >= 400 && error.status < 500) {
        return new CdpError('BAD_INPUT', `the request was refused: ${error.message ?? `HTTP ${error.status}`}`, {}, cause);
      }
      return new CdpError('INTERNAL', `the Functions Framework failed: ${error.message ?? String(thrown)}`, {}, cause);
  }
}
