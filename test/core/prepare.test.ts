/**
 * prepare refuses incomplete sources before writing anything: MISSING_SOURCE, naming each missing
 * table (`table x`) and column (`column x.y`), and no ledger row, run schema or table is made.
 * It also refuses to reopen a published run (RUN_PUBLISHED), as the README's runbook says.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../../core/pipeline.js';
import { prepare } from '../../core/prepare.js';
import { sql } from '../../core/sql.js';
import { databaseTargets, type TestDatabase } from '../support/databases.js';
import { pipelineState } from '../support/pipeline-state.js';
import type { Queryable } from '../../core/db/database.js';
import { FIXTURE_AS_OF, loadFixture, rejection, SETTINGS } from './fixture.js';

/** Everything prepare could write: tables (ledger included) with their contents, and the pipeline's schemas. */
async function footprint(db: Queryable) {
  const { rows } = await db.query<{ nspname: string }>("select nspname from pg_namespace where nspname like 'cdp\\_%' order by 1");
  return { state: await pipelineState(db), schemas: rows.map((row) => row.nspname) };
}

const CASES = [
  { what: 'a missing table', breakage: 'drop table customer_service', missing: ['table customer_service'] },
  { what: 'a missing column', breakage: 'alter table purchase_transactions drop column total_amount', missing: ['column purchase_transactions.total_amount'] },
  {
    what: 'a missing table and a renamed column',
    breakage: 'drop table website_behavior; alter table product_catalog rename column brand to make',
    missing: ['column product_catalog.brand', 'table website_behavior'],
  },
  {
    what: 'no source tables at all',
    breakage: sql('source/drop_tables').text,
    missing: ['table customer_info', 'table purchase_transactions', 'table product_catalog', 'table customer_service', 'table campaign_responses', 'table website_behavior'],
  },
];

describe.each(databaseTargets())('prepare\'s refusals on $name', (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await target.open();
  });
  afterAll(() => t?.dispose());

  it.each(CASES)('names $what (MISSING_SOURCE) and writes nothing', async ({ breakage, missing }) => {
    await loadFixture(t.db);
    await t.db.exec(breakage);
    const before = await footprint(t.db);

    const error = await rejection(prepare(t.db, { runId: 'core-incomplete', asOfDate: FIXTURE_AS_OF }, SETTINGS));

    expect(error.code).toBe('MISSING_SOURCE');
    for (const name of missing) expect(error.message).toContain(name);
    expect([...(error.details!.missing as string[])].sort()).toEqual([...missing].sort());
    expect(await footprint(t.db)).toEqual(before);
    expect(before.schemas).toEqual([]);
  });

  it('once the sources are complete, the same run prepares', async () => {
    await loadFixture(t.db);
    await expect(prepare(t.db, { runId: 'core-incomplete', asOfDate: FIXTURE_AS_OF }, SETTINGS)).resolves.toMatchObject({ runId: 'core-incomplete' });
    const { rows } = await t.db.query<{ status: string }>('select status from cdp_meta.runs where run_id = $1', ['core-incomplete']);
    expect(rows).toEqual([{ status: 'running' }]);
  });

  it('with a ledger already in place, a refused run gets no ledger row', async () => {
    await loadFixture(t.db);
    await prepare(t.db, { runId: 'core-before', asOfDate: FIXTURE_AS_OF }, SETTINGS);
    await t.db.exec('drop table customer_info');
    const before = await footprint(t.db);

    const error = await rejection(prepare(t.db, { runId: 'core-refused', asOfDate: FIXTURE_AS_OF }, SETTINGS));

    expect(error).toMatchObject({ code: 'MISSING_SOURCE', message: expect.stringContaining('table customer_info') });
    expect(await footprint(t.db)).toEqual(before);
    expect(before.schemas).toContain('cdp_meta');
    const { rows } = await t.db.query("select run_id from cdp_meta.runs where run_id = 'core-refused'");
    expect(rows).toEqual([]);
  });

  it('refuses to reopen a published run: RUN_PUBLISHED on its as-of date, RUN_CONFLICT on another, changing nothing', async () => {
    await loadFixture(t.db);
    await runPipeline(t.db, { runId: 'core-published', asOfDate: FIXTURE_AS_OF }, SETTINGS);
    const before = await footprint(t.db);

    expect(await rejection(prepare(t.db, { runId: 'core-published', asOfDate: FIXTURE_AS_OF }, SETTINGS)))
      .toMatchObject({ code: 'RUN_PUBLISHED', message: 'run core-published is already published' });
    expect(await rejection(prepare(t.db, { runId: 'core-published', asOfDate: '2024-07-01' }, SETTINGS)))
      .toMatchObject({ code: 'RUN_CONFLICT', details: { field: 'asOfDate' } });
    expect(await footprint(t.db)).toEqual(before);
  });
});
