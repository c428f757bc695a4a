/**
 * On generated data, customer_360 as the pipeline builds it (as of the server's current date)
 * equals the seed's SQL run verbatim (CURRENT_DATE, TEMPORARY tables) row for row, up to the
 * design's departures: column types, and the favourite pick among tied most-bought pairs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../../core/pipeline.js';
import { loadSample } from '../../core/sample.js';
import { databaseTargets, type TestDatabase } from '../support/databases.js';
import { SETTINGS } from './fixture.js';
import { compareWithSeed, type Comparison } from '../../tools/bench/compare.js';
import { runSeedVerbatim } from './seed-parity.js';

const CUSTOMERS = 2000;

describe.each(databaseTargets())('customer_360 against the seed verbatim on $name', (target) => {
  let t: TestDatabase;
  let today: string;
  let seedRanOn: string;
  let differences: Comparison;
  beforeAll(async () => {
    t = await target.open();
    const { rows } = await t.db.query<{ today: string }>("select to_char(current_date, 'YYYY-MM-DD') as today");
    today = rows[0]!.today;
    await loadSample(t.db, { customers: CUSTOMERS, anchorDate: today });
    await runPipeline(t.db, { runId: 'core-parity', asOfDate: today }, SETTINGS);
    seedRanOn = await runSeedVerbatim(t.db);
    differences = await compareWithSeed(t.db);
  });
  afterAll(() => t?.dispose());

  it('ran the seed on the run\'s as-of date', () => {
    expect(seedRanOn).toBe(today);
  });

  it('has the same rows, every column but the favourites equal once cast to the published type', () => {
    expect(differences).toMatchObject({ seedRows: CUSTOMERS, pipelineRows: CUSTOMERS, onlyInSeed: 0, onlyInPipeline: 0, valuesDiffer: 0 });
  });

  it('picks a most-bought pair as favourite wherever the seed does, differing only among ties', () => {
    expect(differences.favouritesDiffer).toBe(0);
    // The sample has ties, so the tie-break is exercised, not vacuously satisfied.
    expect(differences.tiedFavourites).toBeGreaterThan(0);
  });

  it('the comparison notices one changed spend and one favourite that is not most bought', async () => {
    await t.db.exec(`
      update cdp_state.customer_360_base set total_spend = total_spend + 0.01
        where customer_id = (select min(customer_id) from customer_360 where total_spend is not null);
      update cdp_state.customer_360_base set favorite_category = 'Not A Category'
        where customer_id = (select max(customer_id) from customer_360 where favorite_category is not null);
    `);
    expect(await compareWithSeed(t.db)).toMatchObject({ onlyInSeed: 0, onlyInPipeline: 0, valuesDiffer: 1, favouritesDiffer: 1, differingColumns: { total_spend: 1 } });
  });
});
