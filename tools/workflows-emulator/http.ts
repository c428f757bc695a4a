/**
 * `http.get` / `http.post` for the local executor, with Cloud Workflows' error shapes:
 * - a non-2xx answer raises `HttpError` `{ code, message, body, headers, tags: ["HttpError"] }`;
 * - no connection at all (refused, unknown host) raises `ConnectionFailedError`;
 * - a connection that breaks mid-request raises `ConnectionError`;
 * - running past `timeout` (seconds, default 300, at most 1800) raises `TimeoutError`.
 *
 * `auth: { type: OIDC }` is accepted and ignored: in the cloud it makes Workflows attach an ID
 * token for the function's invoker IAM check, but functions served on localhost by the functions
 * framework check no token, and this machine has no workflow service account to sign one with.
 */
import { RaisedError, raised } from './errors.js';
import { expectMap, expectNumber, expectString, isMap, typeName, type WfMap } from './values.js';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export const HTTP_ARGS = ['url', 'headers', 'body', 'query', 'auth', 'timeout'] as const;
const AUTH_TYPES = ['OIDC', 'OAuth2'] as const;
const DEFAULT_TIMEOUT_SECONDS = 300;
const MAX_TIMEOUT_SECONDS = 1800;

/** Codes meaning the connection was never established (DNS, refused, unroutable). */
const NOT_ESTABLISHED = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT'];

export interface HttpResponse {
  code: number;
  headers: Record<string, string>;
  body: unknown;
}

export async function httpCall(method: 'GET' | 'POST', args: WfMap, fetchImpl: FetchLike): Promise<HttpResponse> {
  for (const key of Object.keys(args)) {
    if (!(HTTP_ARGS as readonly string[]).includes(key)) throw raised('TypeError', `http.${method.toLowerCase()}: unknown argument "${key}"`);
  }
  const url = new URL(expectString(args['url'], 'url'));
  if (args['query'] !== undefined) {
    for (const [key, value] of Object.entries(expectMap(args['query'], 'query'))) url.searchParams.append(key, String(value));
  }
  checkAuth(args['auth']);
  const timeout = args['timeout'] === undefined ? DEFAULT_TIMEOUT_SECONDS : expectNumber(args['timeout'], 'timeout');
  if (timeout <= 0 || timeout > MAX_TIMEOUT_SECONDS) throw raised('ValueError', `timeout must be in (0, ${MAX_TIMEOUT_SECONDS}] seconds`);

  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(args['headers'] === undefined ? {} : expectMap(args['headers'], 'headers'))) {
    headers[key.toLowerCase()] = String(value);
  }
  const init: RequestInit = { method, headers, signal: AbortSignal.timeout(timeout * 1000) };
  if (args['body'] !== undefined && args['body'] !== null) {
    // Workflows sends the body as JSON unless the caller set another content type for a string.
    const body = args['body'];
    if (typeof body === 'string' && headers['content-type'] && !headers['content-type'].includes('json')) {
      init.body = body;
    } else {
      headers['content-type'] ??= 'application/json';
      init.body = JSON.stringify(body);
    }
  }

  const target = url.toString();
  let response: Response;
  let text: string;
  try {
    response = await fetchImpl(target, init);
    text = await response.text();
  } catch (error) {
    throw transportError(error, target, timeout);
  }
  const responseHeaders: Record<string, string> = {};
  response.headers.forEach((value, key) => { responseHeaders[key] = value; });
  const body = decodeBody(text, response.headers.get('content-type'));
  if (response.status < 200 || response.status >= 300) {
    throw new RaisedError({
      code: response.status,
      message: `HTTP server responded with error code ${response.status}`,
      body,
      headers: responseHeaders,
      tags: ['HttpError'],
    });
  }
  return { code: response.status, headers: responseHeaders, body };
}

function checkAuth(auth: unknown): void {
  if (auth === undefined) return;
  if (!isMap(auth) || !(AUTH_TYPES as readonly string[]).includes(auth['type'] as string)) {
    throw raised('TypeError', `auth must be { type: OIDC } or { type: OAuth2 }, got ${typeName(auth)}`);
  }
}

/** JSON answers become maps and lists, as Workflows does for `application/json`. */
function decodeBody(text: string, contentType: string | null): unknown {
  if (contentType?.includes('json') && text !== '') {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

function transportError(error: unknown, url: string, timeout: number): RaisedError {
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') {
    return raised('TimeoutError', `request to ${url} timed out after ${timeout} s`);
  }
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  const code = cause?.code ?? '';
  const detail = cause?.message ?? (error instanceof Error ? error.message : String(error));
  if (NOT_ESTABLISHED.includes(code)) {
    return raised('ConnectionFailedError', `could not connect to ${url}: ${detail}`);
  }
  return raised('ConnectionError', `connection to ${url} failed: ${detail}`);
}
