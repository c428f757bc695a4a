import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FUNCTIONS, urlEnvKey } from '../../core/stages.js';
import { isCdpError } from '../../core/errors.js';
import { envKeysRead, escapeTerraformTemplate, httpCalls } from '../../infra/workflow-source.js';
import { checkWorkflowSource, MAX_WORKFLOW_ENV_VARS, workflowEnv } from '../../infra/workflow.js';
import { PLACEHOLDER_WORKFLOW, terraformLiteral } from './fixture.js';

const URLS = Object.fromEntries(FUNCTIONS.map((fn) => [fn, `https://example.test/${fn}`])) as Record<(typeof FUNCTIONS)[number], string>;
const ENV = workflowEnv(URLS, 'Etc/UTC');

function checkError(yaml: string, env: Record<string, string> = ENV, timeout = 1800) {
  try {
    checkWorkflowSource(yaml, env, timeout);
  } catch (error) {
    if (isCdpError(error)) return error;
    throw error;
  }
  throw new Error('expected a BAD_CONFIG error');
}

describe('escapeTerraformTemplate', () => {
  it.each([
    ['an interpolation', 'url: ${sys.get_env("URL_PREPARE")}'],
    ['a template directive', 'note: "%{ if x }"'],
    ['an already doubled dollar', 'cost: $${price}'],
    ['nested expressions', '${"a" + ${b}} and ${c["${d}"]}'],
    ['no template sequence', 'plain: text $ and % and {}'],
  ])('leaves %s unchanged once Terraform reads it', (_case, text) => {
    expect(terraformLiteral(escapeTerraformTemplate(text))).toBe(text);
  });

  it('round-trips the placeholder workflow', () => {
    expect(terraformLiteral(escapeTerraformTemplate(PLACEHOLDER_WORKFLOW))).toBe(PLACEHOLDER_WORKFLOW);
  });
});

describe('envKeysRead', () => {
  it('finds every sys.get_env key, with or without a default', () => {
    expect(envKeysRead('a: ${sys.get_env("B")}\nc: ${sys.get_env(\'D\', "x")}\ne: ${sys.get_env("B")}')).toEqual(['B', 'D']);
  });

  it('finds one URL per function and the time zone in the placeholder workflow', () => {
    expect(envKeysRead(PLACEHOLDER_WORKFLOW)).toEqual([...FUNCTIONS.map(urlEnvKey), 'TIME_ZONE'].sort());
  });
});

describe('httpCalls', () => {
  it('lists each http.* step with its name and timeout', () => {
    const calls = httpCalls('main:\n  steps:\n    - a:\n        call: http.post\n        args: { url: x, timeout: 60 }\n    - b:\n        call: http.get\n        args: { url: y }\n');
    expect(calls).toEqual([
      { step: 'a', call: 'http.post', timeout: 60 },
      { step: 'b', call: 'http.get', timeout: undefined },
    ]);
  });
});

describe('httpCalls in try blocks', () => {
  it('names a call inside try: after the step holding it', () => {
    const calls = httpCalls('main:\n  steps:\n    - prepare:\n        try:\n          call: http.post\n          args: { url: x, timeout: 1800 }\n        retry: { max_retries: 1 }\n');
    expect(calls).toEqual([{ step: 'prepare', call: 'http.post', timeout: 1800 }]);
  });
});

describe('checkWorkflowSource', () => {
  it('accepts the placeholder workflow with the deployment environment', () => {
    expect(() => checkWorkflowSource(PLACEHOLDER_WORKFLOW, ENV, 1800)).not.toThrow();
  });

  it('accepts keys the platform provides (GOOGLE_CLOUD_*)', () => {
    expect(() => checkWorkflowSource('x: ${sys.get_env("GOOGLE_CLOUD_WORKFLOW_EXECUTION_ID")}', ENV, 1800)).not.toThrow();
  });

  it('rejects a workflow that reads a variable the deployment does not set', () => {
    expect(checkError('x: ${sys.get_env("URL_NOWHERE")}').details).toMatchObject({ field: 'userEnvVars', key: 'URL_NOWHERE' });
  });

  it(`rejects more than ${MAX_WORKFLOW_ENV_VARS} environment variables`, () => {
    const env = Object.fromEntries(Array.from({ length: MAX_WORKFLOW_ENV_VARS + 1 }, (_, i) => [`K${i}`, 'v']));
    expect(checkError('', env).details.field).toBe('userEnvVars');
  });

  it.each(['GOOGLE_CLOUD_PROJECT', 'WORKFLOWS_X'])('rejects the reserved key %s', (key) => {
    expect(checkError('', { ...ENV, [key]: 'v' }).details).toMatchObject({ key });
  });

  it.each([
    ['the 300 s default', 'main:\n  steps:\n    - slow:\n        call: http.post\n        args: { url: x }\n'],
    ['a shorter timeout', 'main:\n  steps:\n    - slow:\n        call: http.post\n        args: { url: x, timeout: 600 }\n'],
  ])('rejects an HTTP call that waits %s, naming the step', (_case, yaml) => {
    expect(checkError(yaml).details).toMatchObject({ field: 'timeout', step: 'slow' });
  });

  it('rejects a function timeout a workflow call cannot wait for', () => {
    expect(checkError('', ENV, 3600).details.field).toBe('timeout');
  });
});

describe('the repository workflow', () => {
  const path = new URL('../../workflows/customer_360.yaml', import.meta.url);
  const exists = (() => {
    try {
      readFileSync(path);
      return true;
    } catch {
      return false;
    }
  })();

  it.skipIf(!exists)('agrees with the deployment environment and the functions timeout', () => {
    expect(() => checkWorkflowSource(readFileSync(path, 'utf8'), ENV, 1800)).not.toThrow();
  });
});
