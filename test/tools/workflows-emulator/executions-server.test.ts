import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExecutionsServer, type ExecutionsServer } from '../../../tools/workflows-emulator/executions-server.js';

const DEFINITION = `
main:
  params: [input]
  steps:
    - double:
        assign:
          - n: \${input.n * 2}
    - check:
        switch:
          - condition: \${n > 10}
            raise:
              message: too big
              stage: check
    - done:
        return:
          n: \${n}
`;

const WORKFLOW = 'projects/p/locations/l/workflows/wf';

describe('local Workflow Executions API', () => {
  let server: ExecutionsServer;
  beforeAll(async () => {
    server = await startExecutionsServer({ definition: DEFINITION, env: {}, workflow: 'wf' });
  });
  afterAll(() => server.close());

  async function call(method: 'GET' | 'POST', path: string, body?: unknown) {
    const response = await fetch(`${server.url}/v1/${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  }

  async function run(argument: unknown) {
    const created = await call('POST', `${WORKFLOW}/executions`, { argument: JSON.stringify(argument) });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ state: 'ACTIVE', argument: JSON.stringify(argument) });
    await server.executions.settled(created.body.name);
    return created.body.name as string;
  }

  it('runs an execution to SUCCEEDED with its result as JSON text and a step entry per step', async () => {
    const name = await run({ n: 3 });
    const { body } = await call('GET', name);
    expect(body).toMatchObject({ name, state: 'SUCCEEDED', result: '{"n":6}' });
    expect(Date.parse(body.endTime)).toBeGreaterThanOrEqual(Date.parse(body.startTime));
    const entries = await call('GET', `${name}/stepEntries`);
    expect(entries.body.stepEntries.map((e: any) => [e.entryId, e.step, e.state])).toEqual([
      ['1', 'double', 'STATE_SUCCEEDED'],
      ['2', 'check', 'STATE_SUCCEEDED'],
      ['3', 'done', 'STATE_SUCCEEDED'],
    ]);
    const page = await call('GET', `${name}/stepEntries?pageSize=1&skip=1`);
    expect(page.body.stepEntries.map((e: any) => e.step)).toEqual(['check']);
    expect(page.body.nextPageToken).toBe('1');
  });

  it('reports a raised error as FAILED with its payload, context and failing step', async () => {
    const name = await run({ n: 30 });
    const { body } = await call('GET', name);
    expect(body.state).toBe('FAILED');
    expect(JSON.parse(body.error.payload)).toEqual({ message: 'too big', stage: 'check' });
    expect(body.error.context).toMatch(/in step "check", routine "main"/);
    expect(body.error.stackTrace.elements).toEqual([{ step: 'check', routine: 'main' }]);
    const entries = await call('GET', `${name}/stepEntries`);
    expect(entries.body.stepEntries.at(-1)).toMatchObject({ step: 'check', state: 'STATE_FAILED' });
  });

  it.each([
    ['POST', `${WORKFLOW}/executions`, { argument: '{not json' }, 400, 'INVALID_ARGUMENT'],
    ['POST', 'projects/p/locations/l/workflows/other/executions', { argument: '{}' }, 404, 'NOT_FOUND'],
    ['GET', `${WORKFLOW}/executions/nope`, undefined, 404, 'NOT_FOUND'],
    ['GET', `${WORKFLOW}/executions`, undefined, 405, 'METHOD_NOT_ALLOWED'],
  ] as const)('%s %s answers %i %s in Google’s error shape', async (method, path, body, status, code) => {
    const answer = await call(method, path, body);
    expect(answer.status).toBe(status);
    expect(answer.body.error).toMatchObject({ code: status, status: code });
  });
});

describe('stopping the local API', () => {
  it('cancels a running execution at once, even in the middle of a retry delay', async () => {
    const waiting = `
main:
  steps:
    - call_nowhere:
        try:
          call: http.get
          args: { url: "http://127.0.0.1:9/" }
        retry:
          predicate: \${http.default_retry_predicate}
          max_retries: 5
          backoff: { initial_delay: 600, max_delay: 600, multiplier: 1 }
`;
    const server = await startExecutionsServer({ definition: waiting, env: {}, workflow: 'wf' });
    const created = await fetch(`${server.url}/v1/${WORKFLOW}/executions`, { method: 'POST', body: '{}' }).then((r) => r.json() as Promise<{ name: string }>);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.executions.get(created.name)?.state).toBe('ACTIVE');
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(server.executions.get(created.name)).toMatchObject({ state: 'CANCELLED' });
  });
});
