/**
 * On a real server (skipped without DATABASE_URL): `transactionIfFree` opens a second session
 * only when the pool has one free at once, so a caller holding a session never waits for
 * another. Embedded PGlite has one session and does not offer it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedDatabase } from '../../core/db/pglite.js';
import { openScratchPostgres, serverUrl, type TestDatabase } from '../support/databases.js';

const backend = 'select pg_backend_pid() as pid';

describe('embedded PGlite', () => {
  it('offers no second session', async () => {
    const db = await createEmbeddedDatabase();
    try {
      expect(db.transactionIfFree).toBeUndefined();
    } finally {
      await db.close();
    }
  });
});

describe.skipIf(!serverUrl)('transactionIfFree on the real server', () => {
  let one: TestDatabase;
  let two: TestDatabase;
  beforeAll(async () => {
    one = await openScratchPostgres(serverUrl!, 1);
    two = await openScratchPostgres(serverUrl!, 2);
  });
  afterAll(async () => {
    await one?.dispose();
    await two?.dispose();
  });

  it('runs on another session while a transaction holds one', async () => {
    const [outer, inner] = await two.db.transaction(async (tx) => {
      const aside = two.db.transactionIfFree!((q) => q.query<{ pid: number }>(backend));
      expect(aside).toBeDefined();
      return [(await tx.query<{ pid: number }>(backend)).rows[0]!.pid, (await aside!).rows[0]!.pid];
    });
    expect(inner).not.toBe(outer);
  });

  it('answers undefined at once when every session of the pool is taken', async () => {
    await one.db.transaction(async () => {
      expect(one.db.transactionIfFree!((q) => q.query(backend))).toBeUndefined();
    });
  });

  it('answers undefined when the idle session is already promised to a caller ahead of it', async () => {
    await one.db.query('select 1'); // leaves the pool's one session idle
    const ahead = one.db.transaction((q) => q.query(backend)); // queued for it, in this same tick
    expect(one.db.transactionIfFree!((q) => q.query(backend))).toBeUndefined();
    await ahead;
  });
});
