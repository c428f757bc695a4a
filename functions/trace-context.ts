/**
 * The trace a request belongs to, from its W3C `traceparent` header, else Google's older
 * `X-Cloud-Trace-Context` (TRACE_ID/SPAN_ID;o=OPTIONS, the span id in decimal). Cloud Run sets
 * one or both on every request; a log line carrying the trace is shown under that request.
 */
export interface TraceContext {
  /** 32 lower-case hex digits. */
  readonly traceId: string;
  /** 16 lower-case hex digits, as Cloud Logging's spanId field wants. */
  readonly spanId?: string;
  readonly sampled: boolean;
}

type Headers = Readonly<Record<string, string | readonly string[] | undefined>>;

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : (value as string | undefined);
}

const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const CLOUD_TRACE = /^([0-9a-fA-F]{32})(?:\/(\d{1,20}))?(?:;o=([01]))?$/;
const ALL_ZERO = /^0+$/;

export function traceContext(headers: Headers): TraceContext | undefined {
  const parent = TRACEPARENT.exec(header(headers, 'traceparent')?.trim().toLowerCase() ?? '');
  if (parent && !ALL_ZERO.test(parent[1]!) && !ALL_ZERO.test(parent[2]!)) {
    return { traceId: parent[1]!, spanId: parent[2]!, sampled: (Number.parseInt(parent[3]!, 16) & 1) === 1 };
  }
  const cloud = CLOUD_TRACE.exec(header(headers, 'x-cloud-trace-context')?.trim() ?? '');
  if (cloud && !ALL_ZERO.test(cloud[1]!)) {
    const span = cloud[2] === undefined ? undefined : BigInt(cloud[2]);
    const spanId = span !== undefined && span > 0n && span < 2n ** 64n ? span.toString(16).padStart(16, '0') : undefined;
    return { traceId: cloud[1]!.toLowerCase(), ...(spanId ? { spanId } : {}), sampled: cloud[3] === '1' };
  }
  return undefined;
}
