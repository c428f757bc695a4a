/**
 * On a real server (skipped without DATABASE_URL): the workflow's six stage requests run two at
 * a time (its concurrency_limit), each in its own database session. PGlite has one session and
 * serialises them, so overlap is only asserted here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLocalPipeline } from '../../cli/local-pipeline.js';
import { DEFAULT_SETTINGS } from '../../core/config.js';
import { loadSample } from '../../core/sample.js';
import { STAGES } from '../../core/stages.js';
import { maxInFlight } from '../support/in-flight.js';
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

  it('are in flight two at a time, as the ledger records them', async () => {
    const { rows } = await t.db.query<{ start: number; end: number }>(
      `select extract(epoch from started_at)::float8 as start, extract(epoch from finished_at)::float8 as end
       from cdp_meta.stage_runs where run_id = 'parallel' and stage = any($1)`,
      [[...STAGES]],
    );
    expect(rows).toHaveLength(STAGES.length);
    expect(maxInFlight(rows)).toBe(2);
  });
});
