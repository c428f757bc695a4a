import { afterEach, describe, expect, it } from 'vitest';
import { WorkflowDefinitionError, WorkflowExecutionError } from '../../../tools/workflows-emulator/errors.js';
import { executeWorkflow, type StepEvent } from '../../../tools/workflows-emulator/executor.js';
import { startStub, type Stub, type StubHandler } from './stub-server.js';

let stub: Stub | undefined;

afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

async function serve(handler: StubHandler): Promise<Stub> {
  stub = await startStub(handler);
  return stub;
}

async function failure(promise: Promise<unknown>): Promise<WorkflowExecutionError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof WorkflowExecutionError)) throw new Error(`expected a WorkflowExecutionError, got ${String(error)}`);
  return error;
}

const RETRY_503 = `
predicate_503:
  params: [e]
  steps:
    - check:
        switch:
          - condition: \${"HttpError" in e.tags and e.code == 503}
            return: true
    - otherwise:
        return: false
`;

describe('local Workflows executor', () => {
  it('assigns variables and returns an expression over them', async () => {
    const yaml = `
main:
  params: [input]
  steps:
    - init:
        assign:
          - total: \${input.a + input.b}
          - box: { items: [] }
          - box.label: '\${"sum " + string(total)}'
          - box["items"]: ["\${total}"]
    - done:
        return: \${box}
`;
    await expect(executeWorkflow(yaml, { argument: { a: 2, b: 3 } })).resolves.toEqual({ items: [5], label: 'sum 5' });
  });

  it('switch takes the first true condition and jumps with next', async () => {
    const yaml = `
- pick:
    switch:
      - condition: \${1 > 2}
        next: wrong
      - condition: \${2 > 1}
        next: right
    next: wrong
- wrong:
    return: wrong
- right:
    return: right
`;
    await expect(executeWorkflow(yaml)).resolves.toBe('right');
  });

  it('calls a subworkflow with args, a param default and a result', async () => {
    const yaml = `
main:
  steps:
    - greet:
        call: greeting
        args: { name: Ada }
        result: text
    - done:
        return: \${text}
greeting:
  params: [name, prefix: Hello]
  steps:
    - build:
        return: '\${prefix + ", " + name}'
`;
    await expect(executeWorkflow(yaml)).resolves.toBe('Hello, Ada');
  });

  it('runs parallel branches concurrently and collects results in a shared variable', async () => {
    const server = await serve(({ path }) => ({ body: { path }, delayMs: 150 }));
    const yaml = `
main:
  steps:
    - init:
        assign:
          - results: {}
    - fan_out:
        parallel:
          shared: [results]
          branches:
            - one:
                steps:
                  - get_one:
                      call: http.get
                      args: { url: '\${sys.get_env("BASE") + "/one"}' }
                      result: r
                  - keep_one:
                      assign:
                        - results["one"]: \${r.body.path}
            - two:
                steps:
                  - get_two:
                      call: http.get
                      args: { url: '\${sys.get_env("BASE") + "/two"}' }
                      result: r
                  - keep_two:
                      assign:
                        - results["two"]: \${r.body.path}
    - done:
        return: \${results}
`;
    await expect(executeWorkflow(yaml, { env: { BASE: server.url } })).resolves.toEqual({ one: '/one', two: '/two' });
    const [one, two] = [server.callsTo('/one')[0], server.callsTo('/two')[0]];
    expect(one && two).toBeTruthy();
    expect(Math.max(one!.start, two!.start)).toBeLessThan(Math.min(one!.end, two!.end));
  });

  it('retries a 503 twice, then succeeds', async () => {
    const server = await serve(({ attempt }) => (attempt <= 2 ? { status: 503 } : { body: { ok: true } }));
    const yaml = `
main:
  steps:
    - call_it:
        try:
          call: http.post
          args: { url: '\${sys.get_env("BASE") + "/flaky"}', body: { x: 1 } }
          result: response
        retry:
          predicate: \${predicate_503}
          max_retries: 5
          backoff: { initial_delay: 1, max_delay: 10, multiplier: 2 }
    - done:
        return: \${response.body}
${RETRY_503}`;
    await expect(executeWorkflow(yaml, { env: { BASE: server.url }, backoffScale: 0.001 })).resolves.toEqual({ ok: true });
    expect(server.callsTo('/flaky').map((call) => call.status)).toEqual([503, 503, 200]);
    expect(server.callsTo('/flaky')[0]?.body).toEqual({ x: 1 });
  });

  it('retry: ${http.default_retry} retries a 503 with the default predicate', async () => {
    const server = await serve(({ attempt }) => (attempt === 1 ? { status: 503 } : { body: { ok: true } }));
    const yaml = `
- call_it:
    try:
      call: http.get
      args: { url: '\${sys.get_env("BASE")}' }
      result: response
    retry: \${http.default_retry}
- done:
    return: \${response.body.ok}
`;
    await expect(executeWorkflow(yaml, { env: { BASE: server.url }, backoffScale: 0 })).resolves.toBe(true);
    expect(server.calls).toHaveLength(2);
  });

  it('concurrency_limit: 1 runs the branches one after the other', async () => {
    const server = await serve(() => ({ delayMs: 50 }));
    const branch = (name: string): string => `
            - ${name}:
                steps:
                  - get_${name}:
                      call: http.get
                      args: { url: '\${sys.get_env("BASE") + "/${name}"}' }`;
    const yaml = `
- fan_out:
    parallel:
      concurrency_limit: 1
      branches:${branch('a')}${branch('b')}
`;
    await executeWorkflow(yaml, { env: { BASE: server.url } });
    const [a, b] = [server.callsTo('/a')[0]!, server.callsTo('/b')[0]!];
    expect(b.start).toBeGreaterThanOrEqual(a.end);
  });

  it('when retries are exhausted, except runs and its raise fails the execution', async () => {
    const server = await serve(() => ({ status: 503, body: { error: { message: 'db down' } } }));
    const yaml = `
main:
  steps:
    - call_it:
        try:
          call: http.post
          args: { url: '\${sys.get_env("BASE") + "/down"}' }
        retry:
          predicate: \${predicate_503}
          max_retries: 2
          backoff: { initial_delay: 1, max_delay: 1, multiplier: 1 }
        except:
          as: e
          steps:
            - give_up:
                raise:
                  message: '\${"gave up: " + e.body.error.message}'
                  code: \${e.code}
${RETRY_503}`;
    const error = await failure(executeWorkflow(yaml, { env: { BASE: server.url }, backoffScale: 0.001 }));
    expect(error.message).toBe('gave up: db down');
    expect(error.step).toBe('give_up');
    expect(error.payload).toEqual({ message: 'gave up: db down', code: 503 });
    expect(server.callsTo('/down')).toHaveLength(3);
  });

  it('an unhandled error in a branch fails the parallel step after the other branches finish', async () => {
    const yaml = `
main:
  steps:
    - init:
        assign:
          - done: {}
    - fan_out:
        parallel:
          shared: [done]
          branches:
            - bad:
                steps:
                  - boom:
                      raise: broken
            - good:
                steps:
                  - fine:
                      assign:
                        - done["good"]: true
`;
    const error = await failure(executeWorkflow(yaml));
    expect(error.step).toBe('fan_out');
    expect(error.payload).toMatchObject({ tags: ['UnhandledBranchError'], branches: [{ id: 'bad', error: 'broken' }] });
  });

  it('an http call past its timeout raises TimeoutError', async () => {
    const server = await serve(() => ({ delayMs: 1000 }));
    const yaml = `
- slow:
    call: http.get
    args: { url: '\${sys.get_env("BASE") + "/slow"}', timeout: 0.1 }
`;
    const error = await failure(executeWorkflow(yaml, { env: { BASE: server.url } }));
    expect(error.payload).toMatchObject({ tags: ['TimeoutError'] });
  });

  it('a refused connection raises ConnectionFailedError', async () => {
    const server = await serve(() => ({}));
    const url = server.url;
    await server.close();
    stub = undefined;
    const yaml = `
- nobody_home:
    call: http.get
    args: { url: '\${sys.get_env("BASE")}' }
`;
    const error = await failure(executeWorkflow(yaml, { env: { BASE: url } }));
    expect(error.payload).toMatchObject({ tags: ['ConnectionFailedError'] });
  });

  it('a non-2xx answer raises HttpError with code, body and headers', async () => {
    const server = await serve(() => ({ status: 422, body: { error: { code: 'MISSING_SOURCE' } } }));
    const yaml = `
- post:
    call: http.post
    args: { url: '\${sys.get_env("BASE")}', auth: { type: OIDC } }
`;
    const error = await failure(executeWorkflow(yaml, { env: { BASE: server.url } }));
    expect(error.payload).toMatchObject({
      code: 422,
      tags: ['HttpError'],
      body: { error: { code: 'MISSING_SOURCE' } },
      headers: { 'content-type': 'application/json' },
    });
  });

  it.each<[string, string, string]>([
    ['an unknown step key', '- odd:\n    assign:\n      - a: 1\n    foo: bar\n', 'main.steps[0].foo'],
    ['an unknown function', '- f:\n    return: ${text.replace_all("a", "b", "c")}\n', 'main.steps[0].return'],
    ['string interpolation', '- f:\n    return: "hello ${name}"\n', 'main.steps[0].return'],
    ['an unknown call', '- f:\n    call: googleapis.bigquery.v2.jobs.query\n', 'main.steps[0].call'],
    ['a parallel for', '- p:\n    parallel:\n      for:\n        value: v\n        in: [1]\n', 'main.steps[0].parallel.for'],
  ])('reports %s as unsupported, by name', async (_what, yaml, path) => {
    const error = await executeWorkflow(yaml).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(WorkflowDefinitionError);
    expect((error as WorkflowDefinitionError).code).toBe('UNSUPPORTED');
    expect((error as Error).message).toContain(`unsupported Workflows construct "${path}"`);
  });

  it('refuses a branch assigning a parent variable that is not shared', async () => {
    const yaml = `
- init:
    assign:
      - total: 0
- fan_out:
    parallel:
      branches:
        - a:
            steps:
              - set:
                  assign:
                    - total: 1
        - b:
            steps:
              - noop:
                  assign:
                    - local: 1
`;
    await expect(executeWorkflow(yaml)).rejects.toThrow(/list it in "shared"/);
  });

  it('reports each step start and end to onStep', async () => {
    const events: StepEvent[] = [];
    const yaml = '- one:\n    assign:\n      - a: 1\n- two:\n    return: ${a}\n';
    await executeWorkflow(yaml, { onStep: (event) => events.push(event) });
    expect(events.map((e) => `${e.step}:${e.event}`)).toEqual(['one:start', 'one:end', 'two:start', 'two:end']);
    expect(events[0]?.routine).toBe('main');
    expect(events[0]?.at).toBeInstanceOf(Date);
  });

  it('reports the steps of a subworkflow called in a parallel branch under that branch', async () => {
    const events: StepEvent[] = [];
    const yaml = `
main:
  steps:
    - fan_out:
        parallel:
          branches:
            - left:
                steps:
                  - call_left:
                      call: noop
            - right:
                steps:
                  - call_right:
                      call: noop
noop:
  steps:
    - inside:
        return: null
`;
    await executeWorkflow(yaml, { onStep: (event) => events.push(event) });
    const inside = events.filter((e) => e.step === 'inside' && e.event === 'start');
    expect(inside.map((e) => [e.routine, e.branch]).sort()).toEqual([['noop', 'left'], ['noop', 'right']]);
  });

  it('provides GOOGLE_CLOUD_WORKFLOW_EXECUTION_ID as a uuid unless given', async () => {
    const yaml = '- id:\n    return: ${sys.get_env("GOOGLE_CLOUD_WORKFLOW_EXECUTION_ID")}\n';
    await expect(executeWorkflow(yaml)).resolves.toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    await expect(executeWorkflow(yaml, { env: { GOOGLE_CLOUD_WORKFLOW_EXECUTION_ID: 'given' } })).resolves.toBe('given');
  });
});
