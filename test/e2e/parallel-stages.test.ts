/**
 * On a real server (skipped without DATABASE_URL): the workflow's six stage requests run at the
 * same time, each in its own database session. PGlite has one session and serialises them, so
 * overlap is only asserted here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLocalPipeline } from '../../cli/local-pipeline.js';
import { DEFAULT_SETTINGS } from '../../core/config.js';
import { loadSample } from '../../core/sample.js';
import { STAGES } from '../../core/stages.js';
import { openScratchPostgres, serverUrl, type TestDatabase } from '../support/databases.js';

const AS_OF = '2026-07-31';
// Enough customers that each stage takes measurable time (tens of milliseconds and up).
const CUSTOMERS = 20_000;

describe.skipIf(!serverUrl)('the six stages on the real server', () => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await openScratchPostgres(serverUrl!);
    await loadSample(t.db, { customers: CUSTOMERS, anchorDate: AS_OF });
    await runLocalPipeline({ db: t.db, settings: DEFAULT_SETTINGS, argument: { runId: 'parallel', asOfDate: AS_OF }, backoffScale: 0.001 });
  });
  afterAll(() => t?.dispose());

  it('are in flight at the same time: the latest start comes before the earliest finish in the ledger', async () => {
    const { rows } = await t.db.query<{ stages: number; latest_start: string; earliest_finish: string; overlap: boolean }>(
      `select count(*)::int as stages, max(started_at)::text as latest_start, min(finished_at)::text as earliest_finish,
              max(started_at) < min(finished_at) as overlap
       from cdp_meta.stage_runs where run_id = 'parallel' and stage = any($1)`,
      [[...STAGES]],
    );
    expect(rows[0]).toMatchObject({ stages: STAGES.length, overlap: true });
  });
});
