/**
 * Issue 20, item 1: a far-future as-of date (a typo: 2062 for 2026) is refused before anything
 * is written, since once published it would supersede every nightly run; and a bad publish
 * that got through (a date a day ahead, say) has a documented way out: `cdp withdraw`, recorded
 * in the ledger, after which today's run publishes again.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { memoryIo } from '../../cli/io.js';
import type { Database } from '../../core/db/database.js';
import { createEmbeddedDatabase } from '../../core/db/pglite.js';
import { latestAsOfDate, todayIn } from '../../core/run-params.js';
import { loadSample } from '../../core/sample.js';
import { databaseTargets, type DatabaseTarget } from '../support/databases.js';
import { pipelineState } from '../support/pipeline-state.js';
import { captureLog, functionCaller } from './support/handler.js';
import { rejection, runToPublish } from './support/runs.js';
import { ledgerRun } from './support/tables.js';

const TODAY = todayIn('UTC');
const AHEAD = latestAsOfDate('UTC');

interface Opened {
  db: Database;
  readonly argv: string[];
  readonly env: Record<string, string>;
  /** Runs a `cdp` command on the database (PGlite admits one process: the test lets go of it meanwhile). */
  cdp(argv: readonly string[]): Promise<{ code: number; stdout: string[]; stderr: string[] }>;
  dispose(): Promise<void>;
}

/** A database `cdp` can open by itself: PGlite kept in a folder, or a scratch database on the server. */
async function open(target: DatabaseTarget): Promise<Opened> {
  const run = async (argv: readonly string[], env: Record<string, string>) => {
    const io = memoryIo(env);
    return { code: await main([...argv], io), stdout: io.stdout, stderr: io.stderr };
  };
  if (target.name === 'pglite') {
    const dir = await mkdtemp(join(tmpdir(), 'cdp-withdraw-'));
    const env = { PGLITE_DATA_DIR: dir };
    const opened: Opened = {
      db: await createEmbeddedDatabase(dir), argv: [], env,
      async cdp(argv) {
        await opened.db.close();
        try {
          return await run(argv, env);
        } finally {
          opened.db = await createEmbeddedDatabase(dir);
        }
      },
      dispose: async () => { await opened.db.close().catch(() => {}); await rm(dir, { recursive: true, force: true }); },
    };
    return opened;
  }
  const t = await target.open();
  const argvUrl = ['--database-url', t.url!];
  return { db: t.db, argv: argvUrl, env: {}, cdp: (argv) => run([...argv, ...argvUrl], {}), dispose: () => t.dispose() };
}

describe.each(databaseTargets())('a bad as-of date on $name', (target) => {
  let opened: Opened;
  beforeAll(async () => {
    opened = await open(target);
    await loadSample(opened.db, { customers: 40, anchorDate: TODAY });
  });
  afterAll(() => opened?.dispose());

  it.each(['9999-12-31', `${Number(TODAY.slice(0, 4)) + 36}${TODAY.slice(4)}`])('prepare refuses %s with 400 naming asOfDate, writing nothing', async (asOfDate) => {
    const before = await pipelineState(opened.db);
    const answer = await functionCaller(opened.db, captureLog().log)('prepare', { runId: 'typo', asOfDate });
    expect(answer).toMatchObject({ status: 400, body: { error: { code: 'BAD_INPUT', field: 'asOfDate', message: `asOfDate ${asOfDate} is in the future: the latest accepted is ${AHEAD} (today in UTC, plus a day)` } } });
    expect(await pipelineState(opened.db)).toEqual(before);
  });

  it('a publish a day ahead supersedes today\'s run until `cdp withdraw` takes it back; then today\'s run publishes', async () => {
    await runToPublish(opened.db, { runId: 'ahead', asOfDate: AHEAD });
    expect(await rejection(runToPublish(opened.db, { runId: 'tonight', asOfDate: TODAY }))).toMatchObject({ code: 'SUPERSEDED' });

    const withdrawn = await opened.cdp(['withdraw', '--run-id', 'ahead', '--reason', 'published a day ahead']);
    expect(withdrawn).toEqual({ code: 0, stderr: [], stdout: [
      `run ahead as of ${AHEAD} withdrawn: published a day ahead`,
      'no published run is left; the next run publishes (customer_360 is unchanged until then)',
    ] });
    const again = await opened.cdp(['withdraw', '--run-id', 'ahead', '--reason', 'twice']);
    expect(again).toMatchObject({ code: 1, stderr: [expect.stringMatching(/^cdp withdraw: run ahead was already withdrawn at \d{4}-\d\d-\d\dT/)] });

    expect(await ledgerRun(opened.db, 'ahead')).toMatchObject({ status: 'published' });
    const { rows: [recorded] } = await opened.db.query<{ withdrawn_reason: string; withdrawn: boolean }>("select withdrawn_reason, withdrawn_at is not null as withdrawn from cdp_meta.runs where run_id = 'ahead'");
    expect(recorded).toEqual({ withdrawn_reason: 'published a day ahead', withdrawn: true });
    await expect(runToPublish(opened.db, { runId: 'tonight', asOfDate: TODAY })).resolves.toMatchObject({ asOfDate: TODAY, rows: 40 });
    expect(await ledgerRun(opened.db, 'tonight')).toMatchObject({ status: 'published' });
  });

  it.each([
    [['withdraw', '--reason', 'x'], 2, /^cdp withdraw: --run-id is required$/],
    [['withdraw', '--run-id', 'ahead'], 2, /^cdp withdraw: --reason is required: say why the run is withdrawn$/],
    [['withdraw', '--run-id', 'ahead', '--reason', '  '], 2, /^cdp withdraw: --reason must not be empty$/],
    [['withdraw', '--run-id', 'Bad!', '--reason', 'x'], 2, /^cdp withdraw: --run-id may hold only/],
  ])('%j exits %i naming the flag', async (argv, code, message) => {
    const io = memoryIo({});
    expect(await main([...argv, '--database-url', 'postgres://nobody@127.0.0.1:1/none'], io)).toBe(code);
    expect(io.stderr).toEqual([expect.stringMatching(message)]);
  });
});
