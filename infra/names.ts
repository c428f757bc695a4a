import { FUNCTIONS, type FunctionName } from '../core/stages.js';
import type { InfraConfig } from './config.js';

/**
 * Every name the deployment gives a resource, derived from the configuration in one place, so
 * the stack, the tests and the CLI (`cdp grants`) agree without reading Terraform state.
 */

/** The service accounts the deployment creates, by role in the pipeline. */
export const ACCOUNTS = ['functions', 'workflow', 'scheduler', 'build'] as const;
export type AccountRole = (typeof ACCOUNTS)[number];

const ACCOUNT_SUFFIX: Record<AccountRole, string> = {
  functions: 'fn',
  workflow: 'wf',
  scheduler: 'sched',
  build: 'build',
};

export function serviceAccountId(config: Pick<InfraConfig, 'namePrefix'>, role: AccountRole): string {
  return `${config.namePrefix}-${ACCOUNT_SUFFIX[role]}`;
}

export function serviceAccountEmail(config: Pick<InfraConfig, 'namePrefix' | 'projectId'>, role: AccountRole): string {
  return `${serviceAccountId(config, role)}@${config.projectId}.iam.gserviceaccount.com`;
}

/** Cloud SQL names an IAM service-account user by its email without `.gserviceaccount.com`. */
export function iamDatabaseUser(email: string): string {
  return email.replace(/\.gserviceaccount\.com$/, '');
}

/** The Cloud Function (and its Cloud Run service): lowercase, hyphens, under 50 characters. */
export function functionResourceName(config: Pick<InfraConfig, 'namePrefix'>, fn: FunctionName): string {
  return `${config.namePrefix}-${fn.replaceAll('_', '-')}`;
}

/** The Cloud Workflows workflow, which `cdp trigger` starts executions of. */
export function workflowName(config: Pick<InfraConfig, 'namePrefix'>): string {
  return `${config.namePrefix}-customer-360`;
}

export interface ResourceNames {
  readonly instance: string;
  readonly sourceBucket: string;
  /** The Artifact Registry repository the functions' images are pushed to. */
  readonly imageRepository: string;
  readonly workflow: string;
  readonly schedulerJob: string;
  readonly functions: Readonly<Record<FunctionName, string>>;
}

export function resourceNames(config: Pick<InfraConfig, 'namePrefix' | 'projectId'>): ResourceNames {
  const p = config.namePrefix;
  return {
    instance: `${p}-pg`,
    sourceBucket: `${config.projectId}-${p}-source`,
    imageRepository: `${p}-functions`,
    workflow: workflowName(config),
    schedulerJob: `${p}-customer-360-nightly`,
    functions: Object.fromEntries(FUNCTIONS.map((fn) => [fn, functionResourceName(config, fn)])) as Record<
      FunctionName,
      string
    >,
  };
}
