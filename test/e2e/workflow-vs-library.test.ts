/**
 * The deployed path end to end on this machine: customer_360.yaml run by the local executor
 * against the eight served functions, on every database target. It must publish what the core
 * library publishes on the same data and as-of date, and return a summary that says so.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowSummary } from '../../cli/local-pipeline.js';
import { runLocalPipeline } from '../../cli/local-pipeline.js';
import { DEFAULT_SETTINGS } from '../../core/config.js';
import { runPipeline, type PipelineResult } from '../../core/pipeline.js';
import { loadSample } from '../../core/sample.js';
import { STAGES } from '../../core/stages.js';
import { databaseTargets, type TestDatabase } from '../support/databases.js';
import { runRow, runSchemas, stageRuns, tableChecksum, tableDifference } from '../support/pipeline-state.js';

const AS_OF = '2026-05-31';
const CUSTOMERS = 400;

describe.each(databaseTargets())('customer_360.yaml through the served functions on $name', (target) => {
  let t: TestDatabase;
  let library: PipelineResult;
  let summary: WorkflowSummary;

  beforeAll(async () => {
    t = await target.open();
    await loadSample(t.db, { customers: CUSTOMERS, anchorDate: AS_OF });
    library = await runPipeline(t.db, { runId: 'library', asOfDate: AS_OF }, DEFAULT_SETTINGS);
    await t.db.exec('create table public.customer_360_by_library as table public.customer_360');
    summary = await runLocalPipeline({ db: t.db, settings: DEFAULT_SETTINGS, argument: { runId: 'workflow', asOfDate: AS_OF }, backoffScale: 0.001 });
  });
  afterAll(() => t?.dispose());

  it('publishes the same customer_360 as the core library, row for row', async () => {
    expect(await tableDifference(t.db, 'public.customer_360', 'public.customer_360_by_library')).toEqual({ onlyInA: 0, onlyInB: 0 });
    const [workflowTable, libraryTable] = [await tableChecksum(t.db, 'public.customer_360'), await tableChecksum(t.db, 'public.customer_360_by_library')];
    expect(workflowTable).toEqual(libraryTable);
    expect(workflowTable!.rows).toBe(CUSTOMERS);
  });

  it('returns the run, its rows, segments and statuses as the library\'s publish reports them', () => {
    expect(summary).toMatchObject({ runId: 'workflow', asOfDate: AS_OF, rows: CUSTOMERS });
    expect(summary.segments).toEqual(library.publish.segments);
    expect(summary.statuses).toEqual(library.publish.statuses);
    expect(Object.values(summary.segments).reduce((a, b) => a + b, 0)).toBe(CUSTOMERS);
    expect(Object.values(summary.statuses).reduce((a, b) => a + b, 0)).toBe(CUSTOMERS);
  });

  it('returns segments and statuses that count the published table', async () => {
    const { rows } = await t.db.query<{ dimension: string; value: string; n: number }>(
      `select 'segment' as dimension, customer_segment as value, count(*)::int as n from public.customer_360 group by 2
       union all select 'status', customer_status, count(*)::int from public.customer_360 group by 2`,
    );
    const counted = (dimension: string) => Object.fromEntries(rows.filter((r) => r.dimension === dimension).map((r) => [r.value, r.n]));
    expect(summary.segments).toEqual(counted('segment'));
    expect(summary.statuses).toEqual(counted('status'));
  });

  it('returns each stage function\'s answer with the rows the library\'s stage wrote', () => {
    expect(Object.keys(summary.stages).sort()).toEqual([...STAGES].sort());
    for (const [i, stage] of STAGES.entries()) {
      expect(summary.stages[stage]).toMatchObject({ runId: 'workflow', stage, rows: library.stages[i]!.rows });
    }
    expect(summary.prepare).toMatchObject({ runId: 'workflow', stage: 'prepare', asOfDate: AS_OF });
    expect(summary.publish).toMatchObject({ runId: 'workflow', stage: 'publish', rows: CUSTOMERS });
  });

  it('leaves the run published in the ledger, each stage succeeded once, and no run schema behind', async () => {
    expect(await runRow(t.db, 'workflow')).toEqual({ status: 'published', rows: CUSTOMERS, error: null });
    expect(await stageRuns(t.db, 'workflow')).toEqual([
      ...STAGES.map((stage) => ({ stage, status: 'succeeded', attempts: 1, rows: summary.stages[stage]!.rows, error: null })),
      { stage: 'publish', status: 'succeeded', attempts: 1, rows: CUSTOMERS, error: null },
    ].sort((a, b) => a.stage.localeCompare(b.stage)));
    expect(await runSchemas(t.db)).toEqual([]);
  });
});
