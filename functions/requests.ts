import { z } from 'zod';
import { CdpError } from '../core/errors.js';
import { ownerSchema } from '../core/lease.js';
import { asOfDateSchema, runIdSchema } from '../core/run-params.js';
import { RUN_MODES, type FunctionName } from '../core/stages.js';
import { MAX_BODY_BYTES } from './request-guard.js';

export { MAX_BODY_BYTES };

/** `owner`: the execution driving the run (the workflow sends its execution id); see core/lease.ts. */
const runBody = z.strictObject({ runId: runIdSchema, asOfDate: asOfDateSchema, owner: ownerSchema.optional() });

export const prepareBody = runBody.extend({
  backfill: z.boolean({ error: 'must be true or false' }).optional(),
  mode: z.enum(RUN_MODES, { error: `must be one of ${RUN_MODES.join(', ')}` }).optional(),
});

// An empty reason is accepted (the ledger says none was given): refusing it would keep the run
// going for want of words.
const abortBody = z.strictObject({
  runId: runIdSchema,
  asOfDate: asOfDateSchema.optional(),
  owner: ownerSchema.optional(),
  abort: z.strictObject({ reason: z.string({ error: 'must be a string' }).max(2000, 'must be at most 2000 characters') }),
});

export const publishBody = z.union([runBody, abortBody]);

export const stageBody = runBody;

export type PrepareBody = z.infer<typeof prepareBody>;
export type PublishBody = z.infer<typeof publishBody>;
export type StageBody = z.infer<typeof stageBody>;

const SCHEMAS = { prepare: prepareBody, publish: publishBody } as const;

export interface IncomingRequest {
  readonly method: string;
  readonly body: unknown;
  readonly rawBody?: Buffer;
}

/** The value at `path` in the body, to tell a missing field from one of the wrong type. */
function valueAt(body: unknown, path: readonly PropertyKey[]): unknown {
  let value = body;
  for (const key of path) value = typeof value === 'object' && value !== null ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}

function describeIssue(issue: z.core.$ZodIssue, body: unknown): { field: string; message: string } {
  if (issue.code === 'unrecognized_keys') {
    return { field: issue.keys.join(', '), message: `unknown field ${issue.keys.map((k) => `"${k}"`).join(', ')}` };
  }
  const field = issue.path.join('.') || 'body';
  // The schemas' own messages ('must be a string') replace zod's 'received undefined'; ask the body.
  const missing = issue.code === 'invalid_type' && valueAt(body, issue.path) === undefined;
  return { field, message: `${field} ${missing ? 'is required' : issue.message}` };
}

/** Validates method and body at the edge; everything past here receives typed values. */
export function parseRequest(fn: FunctionName, request: IncomingRequest): PrepareBody | PublishBody | StageBody {
  if (request.method !== 'POST') {
    throw new CdpError('BAD_INPUT', `method ${request.method} is not allowed: use POST`, { field: 'method' });
  }
  // Announced lengths are refused before the body is read (request-guard.ts); this catches chunked bodies.
  if ((request.rawBody?.length ?? 0) > MAX_BODY_BYTES) {
    throw new CdpError('BAD_INPUT', `body is ${request.rawBody!.length} bytes; at most ${MAX_BODY_BYTES} are accepted`, { field: 'body' });
  }
  const body = request.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body) || Buffer.isBuffer(body)) {
    throw new CdpError('BAD_INPUT', 'body must be a JSON object sent with Content-Type: application/json', { field: 'body' });
  }
  const schema = fn === 'prepare' || fn === 'publish' ? SCHEMAS[fn] : stageBody;
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    // A union reports its branches' issues; the branch the caller meant (an abort when the body
    // has `abort`, else the plain run body) explains best.
    const first = parsed.error.issues[0]!;
    const branch = fn === 'publish' && 'abort' in body ? 1 : 0;
    const issue = first.code === 'invalid_union' && first.errors[branch]?.[0] ? first.errors[branch][0] : first;
    const { field, message } = describeIssue(issue, body);
    throw new CdpError('BAD_INPUT', message, { field });
  }
  return parsed.data;
}
