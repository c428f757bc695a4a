/**
 * `cdp capture` and `cdp verify` on a database the commands open themselves: PGlite kept on disk,
 * and the real server when DATABASE_URL is set.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../cli/io.js';
import { main } from '../../cli/main.js';
import type { Database } from '../../core/db/database.js';
import { createEmbeddedDatabase } from '../../core/db/pglite.js';
import { runPipeline } from '../../core/pipeline.js';
import { loadSample } from '../../core/sample.js';
import { databaseTargets } from '../support/databases.js';
import { SETTINGS } from '../core/fixture.js';

const AS_OF = '2026-06-30';

describe.each(databaseTargets())('cdp capture and cdp verify on $name', (target) => {
  let argv: string[] = [];
  let env: Record<string, string> = {};
  let dispose: () => Promise<void> = async () => {};
  /** Opens the database, runs `work`, and lets go of it before a command opens it (PGlite admits one holder). */
  let withDb: <T>(work: (db: Database) => Promise<T>) => Promise<T>;

  beforeAll(async () => {
    if (target.name === 'pglite') {
      const dir = await mkdtemp(join(tmpdir(), 'cdp-incremental-'));
      env = { PGLITE_DATA_DIR: dir };
      withDb = async (work) => {
        const db = await createEmbeddedDatabase(dir);
        try {
          return await work(db);
        } finally {
          await db.close();
        }
      };
      dispose = () => rm(dir, { recursive: true, force: true });
    } else {
      const t = await target.open();
      argv = ['--database-url', t.url!];
      withDb = (work) => work(t.db);
      dispose = () => t.dispose();
    }
    await withDb((db) => loadSample(db, { customers: 80, anchorDate: AS_OF }));
  });
  afterAll(() => dispose());

  const cdp = async (...args: string[]) => {
    const io = memoryIo(env);
    const code = await main([...args, ...argv], io);
    return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
  };

  it('capture status says runs are full until the capture is installed', async () => {
    expect(await cdp('capture', 'status')).toMatchObject({ code: 0, out: expect.stringMatching(/^change capture: not installed \(0 of 24 triggers/) });
  });

  it('capture without an action names the actions', async () => {
    expect(await cdp('capture')).toMatchObject({ code: 2, err: expect.stringMatching(/^cdp capture: say what to do: install, uninstall, status/) });
  });

  it('capture install installs it, and says so', async () => {
    expect(await cdp('capture', 'install')).toMatchObject({ code: 0, out: expect.stringMatching(/^change capture: installed on the six source tables/) });
  });

  it('verify refuses a database where nothing is published', async () => {
    expect(await cdp('verify')).toMatchObject({ code: 1, err: expect.stringMatching(/^cdp verify: nothing is published in this database yet: run the pipeline first$/m) });
  });

  it('verify finds the published table equal to a full rebuild, leaving out unpublished changes', async () => {
    await withDb(async (db) => {
      await runPipeline(db, { runId: 'cli-verify', asOfDate: AS_OF, mode: 'full' }, SETTINGS);
      await db.exec("insert into purchase_transactions values (990001, 5, 1, '2026-06-01', 1, 10.00)");
    });
    const { code, out } = await cdp('verify');
    expect(code).toBe(0);
    expect(out).toMatch(/^customer_360 as of 2026-06-30: 79 customers compared with a full rebuild, 1 with unpublished changes left out$/m);
    expect(out).toMatch(/^equal: /m);
  });

  it('verify exits 1 naming the column that differs, and the quality ledger', async () => {
    await withDb((db) => db.exec("update cdp_state.customer_360_base set email = 'changed@example.com' where customer_id = 7; insert into cdp_state.customer_dirt values (7, 'purchase_transactions.negative_amount', null, 3)"));
    const { code, out } = await cdp('verify');
    expect(code).toBe(1);
    expect(out).toMatch(/^ {2}email: 1 customers differ$/m);
    expect(out).toMatch(/^ {2}data-quality ledger: 1 rows only in the published one, 0 only in the rebuild$/m);
    expect(out).toMatch(/^DIFFERENT: /m);
  });
});
