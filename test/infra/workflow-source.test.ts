import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../core/stages.js';
import { isCdpError } from '../../core/errors.js';
import { escapeTerraformTemplate } from '../../infra/workflow-source.js';
import { checkWorkflowSource, MAX_WORKFLOW_ENV_VARS, workflowEnv } from '../../infra/workflow.js';
import { REAL_WORKFLOW, terraformLiteral } from './fixture.js';

const URLS = Object.fromEntries(FUNCTIONS.map((fn) => [fn, `https://example.test/${fn}`])) as Record<(typeof FUNCTIONS)[number], string>;
const ENV = workflowEnv(URLS, 'UTC');
const REAL = readFileSync(REAL_WORKFLOW, 'utf8');

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

  it('round-trips the repository workflow', () => {
    expect(terraformLiteral(escapeTerraformTemplate(REAL))).toBe(REAL);
  });
});

describe('checkWorkflowSource', () => {
  it('accepts the repository workflow with the deployment environment and the functions timeout', () => {
    expect(() => checkWorkflowSource(REAL, ENV, 1800)).not.toThrow();
  });

  it('rejects a workflow that reads a variable the deployment does not set', () => {
    const yaml = REAL.replace('asOfDate: ${default(', 'asOfDate: ${sys.get_env("URL_NOWHERE") + default(');
    expect(checkError(yaml).details).toMatchObject({ field: 'userEnvVars', key: 'URL_NOWHERE' });
  });

  it('rejects what workflows/check.ts rejects, listing its problems', () => {
    const error = checkError(REAL.replace('url: ${sys.get_env("URL_PUBLISH")}', 'url: https://example.test/publish'));
    expect(error.details.field).toBe('workflow');
    expect(error.details.problems).toEqual(expect.arrayContaining([expect.stringMatching(/url must be/)]));
  });

  it('rejects YAML that does not parse', () => {
    expect(checkError('main: [').details.field).toBe('workflow');
  });

  it(`rejects more than ${MAX_WORKFLOW_ENV_VARS} environment variables`, () => {
    const env = Object.fromEntries(Array.from({ length: MAX_WORKFLOW_ENV_VARS + 1 }, (_, i) => [`K${i}`, 'v']));
    expect(checkError(REAL, env).details.field).toBe('userEnvVars');
  });

  it.each(['GOOGLE_CLOUD_PROJECT', 'WORKFLOWS_X'])('rejects the reserved key %s', (key) => {
    expect(checkError(REAL, { ...ENV, [key]: 'v' }).details).toMatchObject({ key });
  });

  it('rejects an HTTP call that keeps the 300 s default (the checker requires a timeout)', () => {
    const yaml = REAL.replace(/\n\s+timeout: 1800/, '');
    expect(yaml).not.toBe(REAL);
    expect(checkError(yaml).message).toMatch(/http call without a timeout/);
  });

  it("rejects an HTTP call that waits less than the functions' timeout, naming the step", () => {
    expect(checkError(REAL.replace('timeout: 1800', 'timeout: 600')).details).toMatchObject({ field: 'timeout', step: 'prepare' });
  });

  it('rejects a function timeout a workflow call cannot wait for', () => {
    expect(checkError(REAL, ENV, 3600).details.field).toBe('timeout');
  });
});
