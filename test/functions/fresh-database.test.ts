/** A database no prepare has touched has no ledger: every run is unknown there (409, final), not a 500 the workflow would retry. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../core/config.js';
import { STAGES } from '../../core/stages.js';
import { silentLogger } from '../../functions/log.js';
import { useRuntime } from '../../functions/runtime.js';
import { serveFunctions, type ServedFunctions } from '../../functions/serve.js';
import { databaseTargets, type TestDatabase } from '../support/databases.js';
import { post } from '../support/functions-http.js';

describe.each(databaseTargets())('functions on a database without a ledger ($name)', (target) => {
  let t: TestDatabase;
  let served: ServedFunctions;
  beforeAll(async () => {
    t = await target.open();
    useRuntime({ db: t.db, settings: DEFAULT_SETTINGS, log: silentLogger });
    served = await serveFunctions();
  });
  afterAll(async () => {
    await served.close();
    useRuntime(undefined);
    await t.dispose();
  });

  it.each([...STAGES, 'publish'] as const)('%s answers 409 RUN_UNKNOWN and creates nothing', async (fn) => {
    const answer = await post(served.urls[fn], { runId: 'no-ledger', asOfDate: '2026-03-31' });
    expect(answer).toMatchObject({ status: 409, body: { error: { code: 'RUN_UNKNOWN' } } });
    const { rows } = await t.db.query<{ ledger: string | null }>("select to_regclass('cdp_meta.runs')::text as ledger");
    expect(rows[0]!.ledger).toBeNull();
  });
});
