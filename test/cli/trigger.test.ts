/**
 * `cdp trigger --endpoint` driving the official @google-cloud/workflows client against the
 * served stack (what `cdp serve` starts: the eight functions and the local Executions API) on
 * PGlite: a full execution, a stage that fails in the database, and flags refused up front.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { memoryIo } from '../../cli/io.js';
import { startLocalServe, type LocalServe } from '../../cli/local-serve.js';
import { parsePipelineSettings } from '../../core/config.js';
import { loadSample } from '../../core/sample.js';
import { FUNCTIONS, STAGES } from '../../core/stages.js';
import { openPglite, type TestDatabase } from '../support/databases.js';
import { breakWebsiteBehavior, repairWebsiteBehavior, SABOTAGED_STAGE } from '../support/sabotage.js';

const AS_OF = '2026-06-30';

/** A port that was free a moment ago and is closed now. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('cdp trigger --endpoint against the served stack (PGlite)', () => {
  let t: TestDatabase;
  let serving: LocalServe;
  beforeAll(async () => {
    t = await openPglite();
    await loadSample(t.db, { customers: 200, anchorDate: AS_OF });
    serving = await startLocalServe({ db: t.db, settings: parsePipelineSettings({}), workflow: 'cdp-customer-360', backoffScale: 0.001 });
  });
  afterAll(async () => {
    await serving?.close();
    await t?.dispose();
  });

  it('starts an execution with the official client, prints every step as it starts and ends, then the summary', async () => {
    const io = memoryIo({});
    const code = await main(['trigger', '--endpoint', serving.api.url, '--as-of', AS_OF, '--run-id', 'trigger-ok'], io);
    expect(io.stderr).toEqual([]);
    expect(code).toBe(0);
    const out = io.stdout;
    expect(out[0]).toMatch(/^execution projects\/local\/locations\/local\/workflows\/cdp-customer-360\/executions\/[0-9a-f-]{36}$/);
    expect(out[1]).toBe(`argument {"runId":"trigger-ok","asOfDate":"${AS_OF}"}`);
    for (const step of FUNCTIONS) {
      const started = out.indexOf(`  ${step} ...`);
      const ended = out.findIndex((line) => new RegExp(`^  ${step} done in \\d+\\.\\d\\d s$`).test(line));
      expect(started, step).toBeGreaterThan(1);
      expect(ended, step).toBeGreaterThan(started);
    }
    const prepareDone = out.findIndex((line) => line.startsWith('  prepare done'));
    const publishStart = out.indexOf('  publish ...');
    for (const stage of STAGES) {
      expect(out.indexOf(`  ${stage} ...`)).toBeGreaterThan(prepareDone);
      expect(out.findIndex((line) => line.startsWith(`  ${stage} done`))).toBeLessThan(publishStart);
    }
    expect(out.join('\n')).toMatch(new RegExp(`^customer_360 published: 200 rows, run trigger-ok as of ${AS_OF}, `, 'm'));
    expect(out.join('\n')).toMatch(/^customer_status: .*(Active|At Risk|Churned) [\d,]+/m);
  });

  it('exits 1 naming the step when a stage fails in the database, after the run is aborted', async () => {
    await breakWebsiteBehavior(t.db);
    try {
      const io = memoryIo({});
      const code = await main(['trigger', '--endpoint', serving.api.url, '--as-of', AS_OF, '--run-id', 'trigger-bad'], io);
      expect(code).toBe(1);
      expect(io.stderr).toHaveLength(1);
      expect(io.stderr[0]).toMatch(new RegExp(`^execution [0-9a-f-]{36} failed at step ${SABOTAGED_STAGE}: stage ${SABOTAGED_STAGE} failed: HTTP 422: `));
      const out = io.stdout.join('\n');
      expect(out).toMatch(/^ {2}publish \(abort\) done in/m);
      expect(out).not.toMatch(/customer_360 published/);
      const { rows } = await t.db.query<{ status: string }>("select status from cdp_meta.runs where run_id = 'trigger-bad'");
      expect(rows).toEqual([{ status: 'failed' }]);
      // Bad data (422) is not retried: one attempt, as the ledger counts them.
      const { rows: stage } = await t.db.query<{ attempts: number }>(
        "select attempts from cdp_meta.stage_runs where run_id = 'trigger-bad' and stage = $1", [SABOTAGED_STAGE],
      );
      expect(stage).toEqual([{ attempts: 1 }]);
    } finally {
      await repairWebsiteBehavior(t.db);
    }
  });

  it('with --no-wait, prints the execution and returns while it runs', async () => {
    const io = memoryIo({});
    expect(await main(['trigger', '--endpoint', serving.api.url, '--as-of', AS_OF, '--run-id', 'trigger-nowait', '--no-wait'], io)).toBe(0);
    expect(io.stdout).toHaveLength(2);
    await serving.api.executions.settled(io.stdout[0]!.replace(/^execution /, ''));
  });
});

describe('cdp trigger refuses bad input with one line and exit code 2', () => {
  it.each([
    [['trigger', '--as-of', '2026-02-30'], {}, /^cdp trigger: --as-of is not a calendar date$/],
    [['trigger', '--run-id', 'Bad Id'], {}, /^cdp trigger: --run-id may hold only lower-case letters/],
    [['trigger', '--endpoint', 'localhost:8080'], {}, /^cdp trigger: --endpoint must be http:\/\/HOST:PORT/],
    [['trigger', '--project', 'X'], {}, /^cdp trigger: --project must be a Google Cloud project id/],
    [['trigger', '--region', 'europe'], {}, /^cdp trigger: --region must be a Google Cloud region/],
    [['trigger', '--workflow', '9lives'], {}, /^cdp trigger: --workflow must be a workflow name/],
    [['trigger', '--wait'], {}, /^cdp trigger: unknown flag --wait; known flags: --as-of/],
    [['trigger'], {}, /^cdp trigger: give --project or set CDP_PROJECT_ID$/],
    [['trigger', '--project', 'acme-cdp'], {}, /^cdp trigger: give --region or set CDP_REGION$/],
    [['trigger'], { CDP_PROJECT_ID: 'acme-cdp', CDP_REGION: 'eu' }, /^cdp trigger: CDP_REGION must be a Google Cloud region .*\(got "eu"\)$/],
  ] as const)('%j %j', async (argv, env, message) => {
    const io = memoryIo(env);
    expect(await main(argv, io)).toBe(2);
    expect(io.stderr).toHaveLength(1);
    expect(io.stderr[0]).toMatch(message);
  });

  it('names an endpoint nothing listens on', async () => {
    const io = memoryIo({});
    expect(await main(['trigger', '--endpoint', `http://127.0.0.1:${await closedPort()}`], io)).toBe(2);
    expect(io.stderr).toEqual([expect.stringMatching(/^cdp trigger: cannot start an execution of projects\/local\/locations\/local\/workflows\/cdp-customer-360: .*ECONNREFUSED/)]);
  });
});
