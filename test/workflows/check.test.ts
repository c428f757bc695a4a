import { describe, expect, it } from 'vitest';
import { FUNCTIONS, STAGES, urlEnvKey } from '../../core/stages.js';
import { WorkflowDefinitionError } from '../../tools/workflows-emulator/errors.js';
import { assertWorkflowDefinition, checkWorkflowDefinition } from '../../workflows/check.js';
import { readCustomer360Yaml } from '../../workflows/source.js';

const YAML = readCustomer360Yaml();

/** The real definition with one textual change, which must exist exactly as written. */
function mutate(from: string, to: string): string {
  expect(YAML.includes(from)).toBe(true);
  return YAML.replace(from, to);
}

describe('structural check of customer_360.yaml', () => {
  it('passes on the real definition', () => {
    expect(checkWorkflowDefinition(YAML).problems).toEqual([]);
  });

  it('lists the environment keys infra must set: the eight function urls and TIME_ZONE', () => {
    const report = assertWorkflowDefinition(YAML);
    expect(report.envKeys).toEqual([...FUNCTIONS.map(urlEnvKey), 'TIME_ZONE'].sort());
    expect(report.builtinEnvKeys).toEqual(['GOOGLE_CLOUD_WORKFLOW_EXECUTION_ID']);
  });

  it('finds every http call with OIDC auth, a timeout and a retry', () => {
    const { httpCalls } = checkWorkflowDefinition(YAML);
    expect(httpCalls.length).toBeGreaterThanOrEqual(FUNCTIONS.length);
    expect(httpCalls.every((call) => call.hasOidcAuth && call.hasTimeout && call.hasRetry)).toBe(true);
    expect(httpCalls.filter((call) => call.branch !== undefined).map((call) => call.branch).sort()).toEqual([...STAGES].sort());
  });

  it.each<[string, string, string, RegExp]>([
    ['a literal url', '${sys.get_env("URL_PREPARE")}', 'https://example.com/prepare', /url must be/],
    ['a missing auth', 'url: ${sys.get_env("URL_PUBLISH")}\n            auth: { type: OIDC }\n', 'url: ${sys.get_env("URL_PUBLISH")}\n', /without auth/],
    ['a missing timeout', 'auth: { type: OIDC }\n            timeout: 1800\n            body: ${request}\n          result: published', 'auth: { type: OIDC }\n            body: ${request}\n          result: published', /without a timeout/],
    ['a missing retry', '        retry: { predicate: "${retry_transient}", max_retries: 5, backoff: { initial_delay: 2, max_delay: 60, multiplier: 2 } }\n        except:\n          as: prepare_error', '        except:\n          as: prepare_error', /without a retry/],
    ['a stage outside the parallel step', '            - temp_website_behavior:\n                steps:', '            - website_behaviour:\n                steps:', /branches must be exactly/],
    ['a branch calling another stage', 'url: ${sys.get_env("URL_TEMP_WEBSITE_BEHAVIOR")}', 'url: ${sys.get_env("URL_TEMP_CAMPAIGN_ENGAGEMENT")}', /branch temp_website_behavior must call URL_TEMP_WEBSITE_BEHAVIOR/],
  ])('reports %s', (_what, from, to, problem) => {
    const report = checkWorkflowDefinition(mutate(from, to));
    expect(report.problems.join('\n')).toMatch(problem);
    expect(() => assertWorkflowDefinition(mutate(from, to))).toThrow(WorkflowDefinitionError);
  });

  it('reports the stages split over two parallel steps', () => {
    const split = mutate(
      '            - temp_campaign_engagement:\n',
      '    - more_stages:\n        parallel:\n          shared: [stages, failures]\n          branches:\n            - temp_campaign_engagement:\n',
    );
    expect(checkWorkflowDefinition(split).problems.join('\n')).toMatch(/exactly one parallel step, found 2/);
  });
});
