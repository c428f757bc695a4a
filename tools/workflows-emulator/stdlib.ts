/**
 * The part of the Workflows standard library that `customer_360.yaml` (and the tests' small
 * definitions) use. Anything else is reported as unsupported when the definition is parsed,
 * rather than failing half-way through an execution.
 */
import { raised } from './errors.js';
import { HTTP_ARGS, httpCall, type FetchLike } from './http.js';
import { formatTime } from './time-format.js';
import { expectNumber, expectString, isMap, toText, typeName, type WfMap } from './values.js';

export interface StdContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Milliseconds since the epoch; injectable so tests can pin "today". */
  readonly now: () => number;
  readonly fetch: FetchLike;
}

interface StdFunction {
  /** Parameter names: `call:` steps pass arguments by name, expressions by position. */
  readonly params: readonly string[];
  readonly required: number;
  /** Blocking functions (HTTP) may only be used in `call:` steps, as in Cloud Workflows. */
  readonly blocking?: boolean;
  readonly run: (args: unknown[], ctx: StdContext) => unknown;
}

function fn(params: string[], required: number, run: StdFunction['run']): StdFunction {
  return { params, required, run };
}

/** HTTP calls are async and take named arguments; `callNamed` routes them to `http.ts`. */
const HTTP_FUNCTION: StdFunction = {
  params: [...HTTP_ARGS],
  required: 1,
  blocking: true,
  run: () => {
    throw new Error('http functions run through callNamed');
  },
};

/** Retries what `http.default_retry` retries: 429, 502, 503, 504, connection and timeout errors. */
function defaultRetryPredicate(error: unknown): boolean {
  const tags = isMap(error) && Array.isArray(error['tags']) ? (error['tags'] as unknown[]) : [];
  if (tags.includes('ConnectionError') || tags.includes('ConnectionFailedError') || tags.includes('TimeoutError')) return true;
  return tags.includes('HttpError') && isMap(error) && [429, 502, 503, 504].includes(error['code'] as number);
}

const FUNCTIONS: Record<string, StdFunction> = {
  default: fn(['value', 'default'], 2, ([value, fallback]) => (value === null || value === undefined ? fallback : value)),
  keys: fn(['map'], 1, ([map]) => {
    if (!isMap(map)) throw raised('TypeError', `keys: expected map, got ${typeName(map)}`);
    return Object.keys(map);
  }),
  len: fn(['value'], 1, ([value]) => {
    if (typeof value === 'string' || Array.isArray(value)) return value.length;
    if (isMap(value)) return Object.keys(value).length;
    throw raised('TypeError', `len: expected string, list or map, got ${typeName(value)}`);
  }),
  string: fn(['value'], 1, ([value]) => {
    if (isMap(value) || Array.isArray(value)) throw raised('TypeError', `string: cannot convert ${typeName(value)}`);
    return toText(value);
  }),
  int: fn(['value'], 1, ([value]) => {
    if (typeof value === 'number') return Math.trunc(value);
    if (typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value)) return Number.parseInt(value, 10);
    throw raised(typeof value === 'string' ? 'ValueError' : 'TypeError', `int: cannot convert ${JSON.stringify(value)}`);
  }),
  'sys.get_env': fn(['name', 'default'], 1, ([name, fallback], ctx) => {
    const key = expectString(name, 'sys.get_env name');
    if (fallback !== undefined) expectString(fallback, 'sys.get_env default');
    return ctx.env[key] ?? fallback ?? null;
  }),
  'sys.now': fn([], 0, (_args, ctx) => ctx.now() / 1000),
  'time.format': fn(['seconds', 'timezone'], 1, ([seconds, timezone]) => {
    const zone = timezone === undefined || timezone === null || timezone === '' ? 'UTC' : expectString(timezone, 'timezone');
    return formatTime(expectNumber(seconds, 'time.format seconds'), zone);
  }),
  'text.substring': fn(['source', 'start', 'end'], 3, ([source, start, end]) => {
    const text = expectString(source, 'text.substring source');
    return text.substring(expectNumber(start, 'start'), expectNumber(end, 'end'));
  }),
  'text.split': fn(['source', 'separator'], 2, ([source, separator]) =>
    expectString(source, 'text.split source').split(expectString(separator, 'text.split separator'))),
  'json.encode_to_string': fn(['data'], 1, ([data]) => JSON.stringify(data)),
  'json.decode': fn(['data'], 1, ([data]) => {
    try {
      return JSON.parse(expectString(data, 'json.decode data')) as unknown;
    } catch (error) {
      throw raised('ValueError', `json.decode: ${(error as Error).message}`);
    }
  }),
  'map.get': fn(['map', 'keys'], 2, ([map, keys]) => {
    const path = typeof keys === 'string' ? [keys] : keys;
    if (!Array.isArray(path) || !path.every((key) => typeof key === 'string')) {
      throw raised('TypeError', 'map.get: keys must be a string or a list of strings');
    }
    let current: unknown = map;
    for (const key of path as string[]) {
      if (!isMap(current) || !(key in current)) return null;
      current = current[key];
    }
    return current;
  }),
  'http.default_retry_predicate': fn(['e'], 1, ([error]) => defaultRetryPredicate(error)),
  'http.get': HTTP_FUNCTION,
  'http.post': HTTP_FUNCTION,
};

export function isStdFunction(name: string): boolean {
  return Object.hasOwn(FUNCTIONS, name);
}

export function isBlocking(name: string): boolean {
  return FUNCTIONS[name]?.blocking === true;
}

/** `http`, `sys`, `time`... : the modules the function names above live in. */
export function isStdNamespace(prefix: string): boolean {
  return Object.keys(FUNCTIONS).some((name) => name.startsWith(`${prefix}.`));
}

/** A call from an expression, with positional arguments. */
export function callPositional(name: string, args: unknown[], ctx: StdContext): unknown {
  const spec = FUNCTIONS[name];
  if (!spec || spec.blocking) throw raised('TypeError', `function ${name} cannot be called in an expression`);
  if (args.length < spec.required || args.length > spec.params.length) {
    throw raised('TypeError', `${name} takes ${spec.required}..${spec.params.length} arguments, got ${args.length}`);
  }
  return spec.run(args, ctx);
}

/** A call from a `call:` step, with named arguments (`args:`). */
export async function callNamed(name: string, args: WfMap, ctx: StdContext): Promise<unknown> {
  if (name === 'http.get' || name === 'http.post') return httpCall(name === 'http.get' ? 'GET' : 'POST', args, ctx.fetch);
  const spec = FUNCTIONS[name];
  if (!spec) throw raised('TypeError', `unknown function ${name}`);
  const unknown = Object.keys(args).filter((key) => !spec.params.includes(key));
  if (unknown.length > 0) throw raised('TypeError', `${name}: unknown argument(s) ${unknown.join(', ')}`);
  const positional = spec.params.map((param) => args[param]);
  while (positional.length > 0 && positional[positional.length - 1] === undefined) positional.pop();
  return callPositional(name, positional, ctx);
}
