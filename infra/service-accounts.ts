import { Construct } from 'constructs';
import type { ITerraformDependable } from 'cdktf';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account/index.js';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member/index.js';
import type { InfraConfig } from './config.js';
import { ACCOUNTS, type AccountRole, serviceAccountId } from './names.js';

/**
 * The project-level roles of each account, and nothing more. Invoking the functions is granted
 * per function (functions.ts), on each one's Cloud Run service; the build account's storage and
 * Artifact Registry access per resource (build-access.ts).
 * - functions: connect to Cloud SQL and log in as an IAM database user; write logs.
 * - workflow: write its call logs and sys.log entries (its only project role).
 * - scheduler: start workflow executions. Workflows has no per-workflow IAM: the project is the
 *   lowest level roles/workflows.invoker can be granted on.
 * - build: write build logs. Builds run as this account, not the Compute default account.
 */
export const PROJECT_ROLES: Readonly<Record<AccountRole, readonly string[]>> = {
  functions: ['roles/cloudsql.client', 'roles/cloudsql.instanceUser', 'roles/logging.logWriter'],
  workflow: ['roles/logging.logWriter'],
  scheduler: ['roles/workflows.invoker'],
  build: ['roles/logging.logWriter'],
};

const DISPLAY_NAMES: Readonly<Record<AccountRole, string>> = {
  functions: 'customer_360 functions (Cloud SQL IAM user)',
  workflow: 'customer_360 workflow (invokes the functions)',
  scheduler: 'customer_360 nightly scheduler (starts executions)',
  build: 'customer_360 function builds (Cloud Build)',
};

export interface ServiceAccountsProps {
  readonly config: InfraConfig;
  readonly dependsOn: readonly ITerraformDependable[];
}

/** One service account per role, each with exactly its project roles. */
export class ServiceAccounts extends Construct {
  readonly accounts: Readonly<Record<AccountRole, ServiceAccount>>;
  /** The IAM bindings, for resources that must not start before their identity can act. */
  readonly bindings: readonly ITerraformDependable[];

  constructor(scope: Construct, id: string, { config, dependsOn }: ServiceAccountsProps) {
    super(scope, id);
    const bindings: ProjectIamMember[] = [];
    const accounts = {} as Record<AccountRole, ServiceAccount>;
    for (const role of ACCOUNTS) {
      const account = new ServiceAccount(this, role, {
        project: config.projectId,
        accountId: serviceAccountId(config, role),
        displayName: DISPLAY_NAMES[role],
        dependsOn: [...dependsOn],
      });
      accounts[role] = account;
      for (const projectRole of PROJECT_ROLES[role]) {
        bindings.push(
          new ProjectIamMember(this, `${role}-${projectRole.replace('roles/', '')}`, {
            project: config.projectId,
            role: projectRole,
            member: account.member,
          }),
        );
      }
    }
    this.accounts = accounts;
    this.bindings = bindings;
  }
}
