import { describe, expect, it } from 'vitest';
import { FUNCTIONS, STAGES, urlEnvKey, type StageName } from '../../core/stages.js';
import { WorkflowDefinitionError } from '../../tools/workflows-emulator/errors.js';
import { assertWorkflowDefinition, CALL_TIMEOUT_SECONDS, checkWorkflowDefinition } from '../../workflows/check.js';
import { readCustomer360Yaml } from '../../workflows/source.js';

const YAML = readCustomer360Yaml();
const RETRY_LINE = '        retry: { predicate: "${retry_transient}", max_retries: 5, backoff: { initial_delay: 2, max_delay: 60, multiplier: 2 } }\n';
/** The branches as the YAML lists them: the longest stage first, the smallest last. */
const STAGES_IN_YAML_ORDER = [...YAML.matchAll(/^ {12}- (temp_\w+):$/gm)].map((match) => match[1] as StageName);

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

  it('follows each call through call_function to its request: OIDC auth, the functions\' timeout, a retry', () => {
    const { httpCalls } = checkWorkflowDefinition(YAML);
    expect([...STAGES_IN_YAML_ORDER].sort()).toEqual([...STAGES].sort());
    expect(httpCalls.map((call) => [call.step, call.urlEnvKey, call.branch ?? null])).toEqual([
      ['prepare', urlEnvKey('prepare'), null],
      ...STAGES_IN_YAML_ORDER.map((stage) => [`post_${stage}`, urlEnvKey(stage), stage]),
      ['publish', urlEnvKey('publish'), null],
      ['abort_publish', urlEnvKey('publish'), null],
    ]);
    expect(new Set(httpCalls.map((call) => call.requestPath))).toEqual(new Set(['call_function.steps[0].try.steps[0]']));
    expect(httpCalls.every((call) => call.hasOidcAuth && call.timeout === CALL_TIMEOUT_SECONDS && call.hasRetry)).toBe(true);
  });

  it.each<[string, string, string, RegExp]>([
    ['a literal url', '${sys.get_env("URL_PREPARE")}', 'https://example.com/prepare', /main\.steps\[1\]: url must be/],
    ['a url from a variable', `'\${sys.get_env("URL_TEMP_CUSTOMER_BASIC")}', body`, `'\${request.runId}', body`, /url must be[^]*branch temp_customer_basic must call URL_TEMP_CUSTOMER_BASIC/],
    ['a subworkflow that ignores the url it is given', 'url: ${url}', 'url: ${sys.get_env("URL_PREPARE")}', /no http call reads URL_PUBLISH/],
    ['a missing auth', '                  auth: { type: OIDC }\n', '', /call_function\.steps\[0\]\.try\.steps\[0\]: http call without auth/],
    ['a missing timeout', '                  timeout: 1800\n', '', /without a timeout/],
    ['a shorter timeout', 'timeout: 1800', 'timeout: 600', /must wait 1800 s, the functions' timeout/],
    ['a missing retry', RETRY_LINE, '', /without a retry/],
    ['a stage outside the parallel step', '            - temp_website_behavior:\n                steps:', '            - website_behaviour:\n                steps:', /branches must be exactly/],
    ['a branch calling another stage', 'url: \'${sys.get_env("URL_TEMP_WEBSITE_BEHAVIOR")}\'', 'url: \'${sys.get_env("URL_TEMP_CAMPAIGN_ENGAGEMENT")}\'', /branch temp_website_behavior must call URL_TEMP_WEBSITE_BEHAVIOR/],
    ['publish called before the stages', 'url: ${sys.get_env("URL_PREPARE")}', 'url: ${sys.get_env("URL_PUBLISH")}', /publish must be called in main after the stages/],
  ])('reports %s', (_what, from, to, problem) => {
    const report = checkWorkflowDefinition(mutate(from, to));
    expect(report.problems.join('\n')).toMatch(problem);
    expect(() => assertWorkflowDefinition(mutate(from, to))).toThrow(WorkflowDefinitionError);
  });

  it('checks a direct http call by the same rules', () => {
    const direct = mutate(
      '    - prepare:\n        call: call_function\n        args:\n',
      '    - prepare:\n        call: http.post\n        args:\n          auth: { type: OIDC }\n          timeout: 1800\n',
    );
    expect(checkWorkflowDefinition(direct).problems).toEqual(['main.steps[1]: http call without a retry policy']);
  });

  it('names a request step once however many calls go through it', () => {
    const problems = checkWorkflowDefinition(mutate(RETRY_LINE, '')).problems;
    expect(problems.filter((problem) => /without a retry/.test(problem))).toHaveLength(1);
  });

  it('reports the stages split over two parallel steps', () => {
    const split = mutate(
      '            - temp_campaign_engagement:\n',
      '    - more_stages:\n        parallel:\n          shared: [outcomes]\n          branches:\n            - temp_campaign_engagement:\n',
    );
    expect(checkWorkflowDefinition(split).problems.join('\n')).toMatch(/exactly one parallel step, found 2/);
  });
});
