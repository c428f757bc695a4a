/**
 * The subset of the Workflow Executions REST API (v1) that `cdp trigger` and the official
 * `@google-cloud/workflows` client use, served on localhost over the local executor:
 *
 *   POST /v1/projects/P/locations/L/workflows/W/executions            create (body: Execution)
 *   GET  /v1/projects/P/locations/L/workflows/W/executions/E          get
 *   GET  /v1/projects/P/locations/L/workflows/W/executions/E/stepEntries   list (skip, pageSize, pageToken)
 *
 * It serves one definition, under the workflow id it is given, in any project and location.
 * Errors are Google's JSON error shape (`{error: {code, message, status}}`), so the client raises
 * them as it would the cloud's. No authentication: it listens on 127.0.0.1 only.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LocalExecutions, type LocalExecutionsOptions } from './local-executions.js';

export interface ExecutionsServerOptions extends LocalExecutionsOptions {
  /** The workflow id answered for (e.g. `cdp-customer-360`); other ids are NOT_FOUND. */
  readonly workflow: string;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  readonly host?: string;
}

export interface ExecutionsServer {
  /** `http://127.0.0.1:PORT`: what `cdp trigger --endpoint` takes. */
  readonly url: string;
  readonly executions: LocalExecutions;
  /** Stops listening, then cancels the executions still running and waits for them. */
  close(): Promise<void>;
}

const STATUS = { 400: 'INVALID_ARGUMENT', 404: 'NOT_FOUND', 405: 'METHOD_NOT_ALLOWED', 413: 'INVALID_ARGUMENT', 500: 'INTERNAL' } as const;
type HttpStatus = keyof typeof STATUS;

class ApiError extends Error {
  constructor(readonly httpStatus: HttpStatus, message: string) {
    super(message);
  }
}

const WORKFLOW = '/v1/(projects/[^/]+/locations/[^/]+/workflows/[^/]+)';
const ROUTES = {
  executions: new RegExp(`^${WORKFLOW}/executions$`),
  execution: new RegExp(`^${WORKFLOW}/executions/([^/:]+)$`),
  stepEntries: new RegExp(`^${WORKFLOW}/executions/([^/:]+)/stepEntries$`),
};
/** Cloud Workflows refuses arguments over 32 KiB. */
const MAX_ARGUMENT_BYTES = 32 * 1024;
const MAX_PAGE_SIZE = 1000;

export async function startExecutionsServer(options: ExecutionsServerOptions): Promise<ExecutionsServer> {
  const executions = new LocalExecutions(options);
  const host = options.host ?? '127.0.0.1';

  const handle = async (req: IncomingMessage): Promise<unknown> => {
    const url = new URL(req.url ?? '/', `http://${host}`);
    const path = decodeURIComponent(url.pathname);
    let match: RegExpExecArray | null;
    if ((match = ROUTES.executions.exec(path))) {
      requireMethod(req, 'POST');
      checkWorkflow(match[1]!, options.workflow);
      const body = parseBody(await readBody(req));
      return executions.create(match[1]!, body.argument, body.argumentText, body.labels);
    }
    if ((match = ROUTES.execution.exec(path))) {
      requireMethod(req, 'GET');
      return found(executions.get(`${match[1]}/executions/${match[2]}`), path);
    }
    if ((match = ROUTES.stepEntries.exec(path))) {
      requireMethod(req, 'GET');
      if (url.searchParams.get('filter') || url.searchParams.get('orderBy')) throw new ApiError(400, 'filter and orderBy are not supported by the local server');
      // The page token counts entries already listed after `skip` (which every page repeats).
      const skip = whole(url.searchParams.get('skip') || '0', 'skip');
      const offset = whole(url.searchParams.get('pageToken') || '0', 'pageToken');
      const pageSize = Math.min(whole(url.searchParams.get('pageSize') || '0', 'pageSize') || MAX_PAGE_SIZE, MAX_PAGE_SIZE);
      const page = found(executions.stepEntries(`${match[1]}/executions/${match[2]}`, skip + offset, pageSize), path);
      const listed = offset + page.entries.length;
      return { stepEntries: page.entries, totalSize: page.total, ...(skip + listed < page.total ? { nextPageToken: String(listed) } : {}) };
    }
    throw new ApiError(404, `no such method: ${req.method} ${path}`);
  };

  const server = createServer((req, res) => {
    handle(req).then(
      (body) => send(res, 200, body),
      (error: unknown) => {
        const status: HttpStatus = error instanceof ApiError ? error.httpStatus : 500;
        const message = error instanceof Error ? error.message : String(error);
        send(res, status, { error: { code: status, message, status: STATUS[status] } });
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}`,
    executions,
    async close() {
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      await executions.close();
    },
  };
}

function requireMethod(req: IncomingMessage, method: 'GET' | 'POST'): void {
  if (req.method !== method) throw new ApiError(405, `${req.method} is not allowed here; use ${method}`);
}

function checkWorkflow(parent: string, workflow: string): void {
  if (parent.split('/')[5] !== workflow) throw new ApiError(404, `Resource '${parent}' was not found (this server runs workflow ${workflow})`);
}

function found<T>(value: T | undefined, path: string): T {
  if (value === undefined) throw new ApiError(404, `Resource '${path.replace(/^\/v1\//, '')}' was not found`);
  return value;
}

function whole(text: string, name: string): number {
  if (!/^\d+$/.test(text)) throw new ApiError(400, `${name} must be a whole number`);
  return Number(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 4 * MAX_ARGUMENT_BYTES) throw new ApiError(413, 'request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The body is an Execution; only `argument` (a JSON string) and `labels` matter here. */
function parseBody(text: string): { argument: unknown; argumentText: string; labels: Record<string, string> } {
  let body: unknown;
  try {
    body = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    throw new ApiError(400, 'the request body is not JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError(400, 'the request body must be an Execution object');
  const { argument: raw, labels } = body as { argument?: unknown; labels?: unknown };
  if (raw !== undefined && typeof raw !== 'string') throw new ApiError(400, 'argument must be a string holding JSON');
  const argumentText = raw ?? '';
  if (Buffer.byteLength(argumentText) > MAX_ARGUMENT_BYTES) throw new ApiError(400, `argument is over ${MAX_ARGUMENT_BYTES} bytes`);
  let argument: unknown = null;
  if (argumentText.trim() !== '') {
    try {
      argument = JSON.parse(argumentText);
    } catch {
      throw new ApiError(400, 'argument is not valid JSON');
    }
  }
  const labelMap = typeof labels === 'object' && labels !== null && !Array.isArray(labels) ? (labels as Record<string, string>) : {};
  return { argument, argumentText, labels: labelMap };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
