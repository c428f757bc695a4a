/**
 * Issue 20, item 3, as an operator meets it: a second execution with the run id of one still
 * running (a rerun by hand while the nightly one waits on its stages) fails at prepare, at once,
 * naming the first execution; it aborts nothing, and the first execution publishes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWorkflow, startLocalStack } from '../../cli/local-pipeline.js';
import { DEFAULT_SETTINGS } from '../../core/config.js';
import { loadSample } from '../../core/sample.js';
import { STAGES } from '../../core/stages.js';
import { WorkflowExecutionError } from '../../tools/workflows-emulator/errors.js';
import { databaseTargets, type TestDatabase } from '../support/databases.js';
import { runRow } from '../support/pipeline-state.js';
import { waitUntil } from '../reliability/support/sessions.js';

const AS_OF = '2026-06-30';
const CUSTOMERS = 80;

describe.each(databaseTargets())('two executions of one run id on $name', (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await target.open();
    await loadSample(t.db, { customers: CUSTOMERS, anchorDate: AS_OF });
  });
  afterAll(() => t?.dispose());

  it('the second fails at prepare naming the first, which goes on and publishes', async () => {
    const stack = await startLocalStack({ db: t.db, settings: DEFAULT_SETTINGS });
    const argument = { runId: 'twice', asOfDate: AS_OF };
    let release!: () => void;
    const held = new Promise<void>((resolve) => { release = resolve; });
    let firstOwner: string | undefined;
    const stageUrls = new Set(STAGES.map((stage) => stack.functions.urls[stage]));
    // The first execution's stages wait until the second has been turned away.
    const firstFetch = async (url: string, init: RequestInit) => {
      if (url === stack.functions.urls.prepare) firstOwner = (JSON.parse(String(init.body)) as { owner: string }).owner;
      if (stageUrls.has(url)) await held;
      return fetch(url, init);
    };
    try {
      const first = runWorkflow(stack, { argument, backoffScale: 0.001, fetch: firstFetch });
      first.catch(() => {}); // awaited below; not an unhandled rejection meanwhile
      await waitUntil('the first execution has prepared the run', async () => (await runRow(t.db, 'twice').catch(() => undefined))?.status === 'running');

      const started = performance.now();
      const second = await runWorkflow(stack, { argument, backoffScale: 0.001 }).then(() => undefined, (error: unknown) => error);
      expect(second).toBeInstanceOf(WorkflowExecutionError);
      expect((second as Error).message).toMatch(new RegExp(`^prepare failed: HTTP 409: run twice is being run by execution ${firstOwner} \\(since `));
      expect(performance.now() - started).toBeLessThan(5_000);
      expect(await runRow(t.db, 'twice')).toMatchObject({ status: 'running' });

      release();
      await expect(first).resolves.toMatchObject({ runId: 'twice', rows: CUSTOMERS });
      expect(await runRow(t.db, 'twice')).toMatchObject({ status: 'published' });
    } finally {
      release();
      await stack.close();
    }
  });
});
