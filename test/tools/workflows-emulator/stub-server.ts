/**
 * A tiny HTTP server on 127.0.0.1:0 standing in for the Cloud Functions: it records every
 * request (path, body, start and end time, attempt number) and answers what the test's
 * handler says, after an optional delay.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StubRequest {
  readonly path: string;
  readonly body: unknown;
  /** 1 for the first request to this path, 2 for the second... */
  readonly attempt: number;
}

export interface StubAnswer {
  readonly status?: number;
  readonly body?: unknown;
  readonly delayMs?: number;
}

export interface RecordedCall extends StubRequest {
  readonly start: number;
  readonly end: number;
  readonly status: number;
}

export interface Stub {
  readonly url: string;
  readonly calls: RecordedCall[];
  callsTo(path: string): RecordedCall[];
  close(): Promise<void>;
}

export type StubHandler = (request: StubRequest) => StubAnswer | Promise<StubAnswer>;

export async function startStub(handler: StubHandler): Promise<Stub> {
  const calls: RecordedCall[] = [];
  const attempts = new Map<string, number>();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const start = performance.now();
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const path = new URL(req.url ?? '/', 'http://stub').pathname;
        const attempt = (attempts.get(path) ?? 0) + 1;
        attempts.set(path, attempt);
        const text = Buffer.concat(chunks).toString('utf8');
        const body: unknown = text === '' ? null : JSON.parse(text);
        const answer = await handler({ path, body, attempt });
        if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
        const status = answer.status ?? 200;
        calls.push({ path, body, attempt, start, end: performance.now(), status });
        if (res.destroyed) return;
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer.body ?? {}));
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    callsTo: (path) => calls.filter((call) => call.path === path),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
