import type { IncomingHttpHeaders } from 'node:http';
import { CdpError } from '../core/errors.js';

/** Bodies are a few dozen bytes; anything far larger is refused before it is read. */
export const MAX_BODY_BYTES = 16 * 1024;

export interface GuardedRequest {
  readonly method?: string;
  readonly headers: IncomingHttpHeaders;
}

/**
 * The checks made before the Functions Framework reads a body, so that nothing it parses can
 * cost more than MAX_BODY_BYTES: only POST; a body, if any, uncompressed (the framework would
 * inflate gzip in full, 1 GiB allowed, before any size check), JSON (the framework also parses
 * form and text bodies into objects), and announced at most MAX_BODY_BYTES long. A chunked body
 * of unannounced length is read by the framework and measured after (Cloud Run caps requests at
 * 32 MiB). Undefined when the request may go on.
 */
export function refuseBeforeBody(request: GuardedRequest): CdpError | undefined {
  if (request.method !== 'POST') {
    return new CdpError('BAD_INPUT', `method ${request.method} is not allowed: use POST`, { field: 'method' });
  }
  const { headers } = request;
  const length = headers['content-length'] === undefined ? undefined : Number(headers['content-length']);
  const hasBody = headers['transfer-encoding'] !== undefined || (length !== undefined && length > 0);
  if (!hasBody) return undefined;
  const encoding = (headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity') {
    return new CdpError('UNSUPPORTED_MEDIA', `Content-Encoding ${encoding} is not accepted: send the JSON body uncompressed`, { field: 'content-encoding' });
  }
  const type = (headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    return new CdpError('UNSUPPORTED_MEDIA', `Content-Type ${type || '(none)'} is not accepted: send a JSON object with Content-Type: application/json`, { field: 'content-type' });
  }
  if (length !== undefined && length > MAX_BODY_BYTES) {
    return new CdpError('BAD_INPUT', `body is ${length} bytes; at most ${MAX_BODY_BYTES} are accepted`, { field: 'body' });
  }
  return undefined;
}
