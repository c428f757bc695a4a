/**
 * Issue 20, item 9, against the real things: a connection lost mid-statement with no SQLSTATE
 * at all is UNREACHABLE (503, retried); a malformed DATABASE_URL, a refused login and a missing
 * database are BAD_CONFIG (500, not retried), named without the URL or its password.
 * The table of SQLSTATE classes itself is test/core/translate-error.test.ts.
 */
import { createServer, Socket, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDatabaseConfig } from '../../core/config.js';
import { connectDatabase } from '../../core/db/connect.js';
import { createPostgresDatabase } from '../../core/db/postgres.js';
import { prepare } from '../../core/prepare.js';
import { runStage } from '../../core/run-stage.js';
import { HTTP_STATUS } from '../../functions/http-status.js';
import { databaseTargets, type TestDatabase } from '../support/databases.js';
import { loadSmallSample } from './support/fixture.js';
import { rejection, SETTINGS } from './support/runs.js';
import { holdInTransaction, lockWaiters, waitUntil } from './support/sessions.js';

const AS_OF = '2024-06-01';

/** A TCP relay to the server whose connections the test can cut, as a network or a proxy would. */
async function relay(target: URL): Promise<{ port: number; cut(): void; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = new Socket();
    upstream.connect(Number(target.port || 5432), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => sockets.delete(socket));
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    cut: () => { for (const socket of sockets) socket.destroy(); },
    close: () => new Promise((resolve) => { for (const socket of sockets) socket.destroy(); server.close(() => resolve()); }),
  };
}

describe.each(databaseTargets().filter((target) => target.name === 'postgres'))('failures without a SQLSTATE on $name', (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await target.open();
    await loadSmallSample(t.db, 50, AS_OF);
  });
  afterAll(() => t?.dispose());

  it('a connection cut mid-statement is UNREACHABLE, 503: the workflow retries it', async () => {
    const request = { runId: 'cut-mid-statement', asOfDate: AS_OF };
    await prepare(t.db, request, SETTINGS);
    const proxy = await relay(new URL(t.url!));
    const viaProxy = new URL(t.url!);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    const db = createPostgresDatabase({ connectionString: viaProxy.toString(), max: 2 }, 'postgres');
    const blocker = await holdInTransaction(t.url!, 'lock table purchase_transactions in access exclusive mode');
    try {
      const stage = runStage(db, 'temp_purchase_stats', request, SETTINGS);
      await waitUntil('the stage waits on the lock', async () => (await lockWaiters(t.db, 'temp_purchase_stats')).length === 1);
      proxy.cut();
      const error = await rejection(stage);
      expect(error).toMatchObject({ code: 'UNREACHABLE', message: expect.stringMatching(/^database unreachable while stage temp_purchase_stats: Connection terminated/) });
      expect(error.details?.sqlState).toBeUndefined();
      expect(HTTP_STATUS.UNREACHABLE).toBe(503);
    } finally {
      await blocker.end();
      await db.close().catch(() => {});
      await proxy.close();
    }
  });

  it.each([
    ['a role the server does not know', (url: URL) => { url.username = 'no_such_role_cdp'; }],
    ['a database the server does not have', (url: URL) => { url.pathname = '/no_such_database_cdp'; }],
  ])('%s is BAD_CONFIG, 500: not retried', async (_, change) => {
    const url = new URL(t.url!);
    change(url);
    const error = await rejection(connectDatabase(parseDatabaseConfig({ DATABASE_URL: url.toString() })));
    expect(error).toMatchObject({ code: 'BAD_CONFIG', message: expect.stringMatching(/^the PostgreSQL database refused the connection: /) });
    expect(HTTP_STATUS.BAD_CONFIG).toBe(500);
  });
});

describe('a malformed DATABASE_URL', () => {
  it.each(['postgres://cdp:s3cret@db.internal:notaport/cdp', 'postgres://cdp:s3cret@[db.internal/cdp', 'postgres://cdp:s3cret@127.0.0.1:99999/cdp'])('%s is BAD_CONFIG naming the variable, never the URL', async (url) => {
    const error = await rejection(connectDatabase(parseDatabaseConfig({ DATABASE_URL: url })));
    expect(error).toMatchObject({ code: 'BAD_CONFIG', details: { field: 'DATABASE_URL' }, message: 'DATABASE_URL is not a valid connection URL: Invalid URL' });
    expect(error.message).not.toContain('s3cret');
  });
});
