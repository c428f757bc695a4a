import { readFileSync } from 'node:fs';
import { Construct } from 'constructs';
import type { ITerraformDependable } from 'cdktf';
import { WorkflowsWorkflow } from '@cdktf/provider-google/lib/workflows-workflow/index.js';
import type { ServiceAccount } from '@cdktf/provider-google/lib/service-account/index.js';
import type { Cloudfunctions2Function } from '@cdktf/provider-google/lib/cloudfunctions2-function/index.js';
import { FUNCTIONS, type FunctionName, urlEnvKey } from '../core/stages.js';
import { CdpError } from '../core/errors.js';
import type { InfraConfig } from './config.js';
import { resourceNames } from './names.js';
import { checkWorkflowDefinition } from '../workflows/check.js';
import { escapeTerraformTemplate } from './workflow-source.js';

/** Limits of a workflow's user_env_vars, from the Workflows API. */
export const MAX_WORKFLOW_ENV_VARS = 20;
export const RESERVED_ENV_PREFIXES = ['GOOGLE', 'WORKFLOWS'] as const;
/** Workflows' HTTP calls wait 300 s unless told otherwise, and at most 1800 s. */
export const MAX_HTTP_TIMEOUT_SECONDS = 1800;

/** The workflow's environment: every function's URL under its urlEnvKey, and the time zone. */
export function workflowEnv(urls: Readonly<Record<FunctionName, string>>, timeZone: string): Record<string, string> {
  const env: Record<string, string> = { TIME_ZONE: timeZone };
  for (const fn of FUNCTIONS) env[urlEnvKey(fn)] = urls[fn];
  return env;
}

/** An environment within the Workflows API's limits. Throws CdpError('BAD_CONFIG') naming the key. */
export function checkWorkflowEnv(env: Readonly<Record<string, string>>): void {
  const keys = Object.keys(env);
  if (keys.length > MAX_WORKFLOW_ENV_VARS) {
    throw new CdpError('BAD_CONFIG', `the workflow environment has ${keys.length} variables; at most ${MAX_WORKFLOW_ENV_VARS} are allowed`, { field: 'userEnvVars' });
  }
  for (const key of keys) {
    if (key === '' || RESERVED_ENV_PREFIXES.some((prefix) => key.startsWith(prefix))) {
      throw new CdpError('BAD_CONFIG', `the workflow environment key "${key}" is reserved by Cloud Workflows`, { field: 'userEnvVars', key });
    }
  }
}

/**
 * Checks the workflow definition with workflows/check.ts (the checker the tests use), then
 * against what the deployment gives it: an environment holding every key the YAML reads, and
 * HTTP calls that wait exactly as long as the functions may run. Throws CdpError('BAD_CONFIG')
 * naming the offending key or step.
 */
export function checkWorkflowSource(yamlText: string, env: Readonly<Record<string, string>>, functionTimeout: number): void {
  checkWorkflowEnv(env);
  let report: ReturnType<typeof checkWorkflowDefinition>;
  try {
    report = checkWorkflowDefinition(yamlText);
  } catch (error) {
    throw new CdpError('BAD_CONFIG', `the workflow definition does not parse: ${(error as Error).message}`, { field: 'workflow' }, { cause: error });
  }
  if (functionTimeout > MAX_HTTP_TIMEOUT_SECONDS) {
    throw new CdpError('BAD_CONFIG', `the function timeout ${functionTimeout} s exceeds the ${MAX_HTTP_TIMEOUT_SECONDS} s a workflow HTTP call can wait`, { field: 'timeout' });
  }
  // Named first, by step: a call that waits another time than the functions may run (the
  // checker also refuses it, in general terms; a call with no timeout is the checker's to name).
  for (const call of report.httpCalls) {
    if (call.timeout !== undefined && call.timeout !== functionTimeout) {
      throw new CdpError(
        'BAD_CONFIG',
        `workflow step "${call.step}" (${call.path}) waits ${call.timeout} s; it must wait ${functionTimeout} s, the functions' timeout`,
        { field: 'timeout', step: call.step },
      );
    }
  }
  if (report.problems.length > 0) {
    throw new CdpError('BAD_CONFIG', `the workflow definition fails its check: ${report.problems.join('; ')}`, { field: 'workflow', problems: report.problems });
  }
  for (const key of report.envKeys) {
    if (!(key in env)) {
      throw new CdpError('BAD_CONFIG', `the workflow reads sys.get_env("${key}"), which the deployment does not set`, { field: 'userEnvVars', key });
    }
  }
}

export interface WorkflowProps {
  readonly config: InfraConfig;
  readonly sourcePath: string;
  readonly functions: Readonly<Record<FunctionName, Cloudfunctions2Function>>;
  readonly functionTimeout: number;
  readonly account: ServiceAccount;
  readonly dependsOn: readonly ITerraformDependable[];
}

/** The Cloud Workflows workflow: the YAML of workflows/, the function URLs as its environment. */
export class Workflow extends Construct {
  readonly workflow: WorkflowsWorkflow;
  /** The YAML exactly as read, before escaping for Terraform. */
  readonly yamlText: string;

  constructor(scope: Construct, id: string, props: WorkflowProps) {
    super(scope, id);
    const { config, functions } = props;
    this.yamlText = readFileSync(props.sourcePath, 'utf8');
    const urls = Object.fromEntries(FUNCTIONS.map((fn) => [fn, functions[fn].url])) as Record<FunctionName, string>;
    const env = workflowEnv(urls, config.timeZone);
    checkWorkflowSource(this.yamlText, env, props.functionTimeout);

    this.workflow = new WorkflowsWorkflow(this, 'workflow', {
      project: config.projectId,
      region: config.region,
      name: resourceNames(config).workflow,
      description: 'Builds customer_360: prepare, the six stages in parallel, publish.',
      serviceAccount: props.account.email,
      sourceContents: escapeTerraformTemplate(this.yamlText),
      userEnvVars: env,
      callLogLevel: 'LOG_ERRORS_ONLY',
      deletionProtection: config.deletionProtection,
      dependsOn: [...props.dependsOn],
    });
  }
}
