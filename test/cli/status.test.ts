/**
 * `cdp status` reads the run ledger back: after a published run and a failed one, on PGlite (kept
 * on disk, as `PGLITE_DATA_DIR` lets the command open it) and on the real server when
 * DATABASE_URL is set.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { memoryIo } from '../../cli/io.js';
import { runLocalPipeline } from '../../cli/local-pipeline.js';
import { qualityText, stageColumn } from '../../cli/commands/status.js';
import { readRunHistory } from '../../cli/run-history.js';
import { parsePipelineSettings } from '../../core/config.js';
import type { Database } from '../../core/db/database.js';
import { createEmbeddedDatabase } from '../../core/db/pglite.js';
import { loadSample } from '../../core/sample.js';
import { STAGES } from '../../core/stages.js';
import { WorkflowExecutionError } from '../../tools/workflows-emulator/index.js';
import { databaseTargets, type DatabaseTarget } from '../support/databases.js';
import { breakWebsiteBehavior, repairWebsiteBehavior, SABOTAGED_STAGE } from '../support/sabotage.js';

const AS_OF = '2026-06-30';

/** A database the command can open by itself, and how to point it there. */
interface Opened {
  readonly db: Database;
  readonly argv: string[];
  readonly env: Record<string, string>;
  /** Lets go of `db` before the command opens the database (PGlite admits one process). */
  release(): Promise<void>;
  dispose(): Promise<void>;
}

async function open(target: DatabaseTarget): Promise<Opened> {
  if (target.name === 'pglite') {
    const dir = await mkdtemp(join(tmpdir(), 'cdp-status-'));
    const db = await createEmbeddedDatabase(dir);
    let open = true;
    const release = async () => {
      if (open) await db.close();
      open = false;
    };
    return { db, argv: [], env: { PGLITE_DATA_DIR: dir }, release, dispose: async () => { await release(); await rm(dir, { recursive: true, force: true }); } };
  }
  const t = await target.open();
  return { db: t.db, argv: ['--database-url', t.url!], env: {}, release: async () => {}, dispose: () => t.dispose() };
}

async function twoRuns(db: Database): Promise<void> {
  const settings = parsePipelineSettings({});
  await loadSample(db, { customers: 150, anchorDate: AS_OF });
  await runLocalPipeline({ db, settings, backoffScale: 0.001, argument: { runId: 'status-ok', asOfDate: AS_OF } });
  await breakWebsiteBehavior(db);
  const failure = await runLocalPipeline({ db, settings, backoffScale: 0.001, argument: { runId: 'status-bad', asOfDate: AS_OF } }).catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(WorkflowExecutionError);
  await repairWebsiteBehavior(db);
}

describe.each(databaseTargets())('cdp status ($name)', (target) => {
  let opened: Opened;
  let beforeAnyRun: unknown;
  beforeAll(async () => {
    opened = await open(target);
    beforeAnyRun = await readRunHistory(opened.db, 10);
    await twoRuns(opened.db);
    await opened.release();
  });
  afterAll(() => opened?.dispose());

  it('shows both runs, newest first, with stage times and the failed run’s error', async () => {
    const io = memoryIo(opened.env);
    expect(await main(['status', ...opened.argv], io)).toBe(0);
    expect(io.stderr).toEqual([]);
    const [header, bad, ok, blank, ...notes] = io.stdout;
    expect(header).toMatch(new RegExp(`^run +as of +status +started \\(UTC\\) +seconds +rows +${STAGES.map(stageColumn).join(' +')}$`));
    expect(bad).toMatch(new RegExp(`^status-bad +${AS_OF} +failed +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d +\\d+\\.\\d\\d +(\\d+\\.\\d\\d +){5}failed$`));
    expect(ok).toMatch(new RegExp(`^status-ok +${AS_OF} +published +\\S+ \\S+ +\\d+\\.\\d\\d +150( +\\d+\\.\\d\\d){6}$`));
    expect(blank).toBe('');
    expect(notes.filter((line) => line.startsWith('status-bad error: '))).toEqual([
      expect.stringMatching(new RegExp(`^status-bad error: stage ${SABOTAGED_STAGE} failed: HTTP 422: `)),
    ]);
    expect(notes.some((line) => line.startsWith('status-ok error'))).toBe(false);
  });

  it('finds no ledger in a database no run has touched', () => {
    expect(beforeAnyRun).toBeUndefined();
  });

  it('--last 1 shows only the newest run', async () => {
    const io = memoryIo(opened.env);
    expect(await main(['status', '--last', '1', ...opened.argv], io)).toBe(0);
    expect(io.stdout[1]).toMatch(/^status-bad +/);
    expect(io.stdout.join('\n')).not.toMatch(/status-ok/);
  });
});

describe('cdp status, edges', () => {
  it.each([
    [['status'], /^cdp status: a fresh in-memory database has no runs: give --database-url/],
    [['status', '--last', '0'], /^cdp status: --last must be at least 1$/],
    [['status', '--last', 'all'], /^cdp status: --last must be a whole number$/],
    [['status', '--database-url', 'mysql://x'], /^cdp status: --database-url must be a postgres:\/\/ or postgresql:\/\/ URL$/],
  ])('%j exits 2 with one line', async (argv, message) => {
    const io = memoryIo({});
    expect(await main(argv, io)).toBe(2);
    expect(io.stderr).toEqual([expect.stringMatching(message)]);
  });

  it.each([
    [{ 'customer_info.null_customer_id': 0, 'purchase_transactions.unknown_product': 1234 }, 'purchase_transactions.unknown_product 1,234'],
    [{ a: 0, b: 0 }, 'nothing found by 2 checks'],
    [{ gate: 'passed' }, '{"gate":"passed"}'],
  ])('quality %j reads %s', (quality, text) => {
    expect(qualityText(quality)).toBe(text);
  });
});
