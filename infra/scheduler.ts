import { Construct } from 'constructs';
import type { ITerraformDependable } from 'cdktf';
import { CloudSchedulerJob } from '@cdktf/provider-google/lib/cloud-scheduler-job/index.js';
import type { ServiceAccount } from '@cdktf/provider-google/lib/service-account/index.js';
import type { WorkflowsWorkflow } from '@cdktf/provider-google/lib/workflows-workflow/index.js';
import type { InfraConfig } from './config.js';
import { resourceNames } from './names.js';

/**
 * The body of an executions.create request. `argument` is the workflow's input as a JSON
 * *string* (not an object); `{}` lets the workflow take its defaults (as-of date = today in the
 * configured time zone). Cloud Scheduler wants the body base64-encoded.
 */
export function executionRequestBody(argument: Readonly<Record<string, unknown>> = {}): string {
  return Buffer.from(JSON.stringify({ argument: JSON.stringify(argument) })).toString('base64');
}

export interface SchedulerProps {
  readonly config: InfraConfig;
  readonly workflow: WorkflowsWorkflow;
  readonly account: ServiceAccount;
  readonly dependsOn: readonly ITerraformDependable[];
}

/**
 * Starts one execution of the workflow on the configured cron, in the configured time zone.
 * Created paused: until the source tables exist and `sql/grants.sql` has run, every run would
 * fail in prepare. `cdp doctor` says when to resume it; Terraform then leaves `paused` alone,
 * so a later deploy neither pauses nor resumes the job.
 */
export class Scheduler extends Construct {
  readonly job: CloudSchedulerJob;

  constructor(scope: Construct, id: string, { config, workflow, account, dependsOn }: SchedulerProps) {
    super(scope, id);
    this.job = new CloudSchedulerJob(this, 'nightly', {
      project: config.projectId,
      region: config.region,
      name: resourceNames(config).schedulerJob,
      description: 'Starts the customer_360 workflow nightly.',
      schedule: config.schedule,
      timeZone: config.timeZone,
      paused: true,
      lifecycle: { ignoreChanges: ['paused'] },
      attemptDeadline: '180s',
      retryConfig: { retryCount: 1, minBackoffDuration: '60s' },
      httpTarget: {
        httpMethod: 'POST',
        // workflow.id is projects/<project>/locations/<region>/workflows/<name>.
        uri: `https://workflowexecutions.googleapis.com/v1/${workflow.id}/executions`,
        headers: { 'Content-Type': 'application/json' },
        body: executionRequestBody(),
        oauthToken: {
          serviceAccountEmail: account.email,
          scope: 'https://www.googleapis.com/auth/cloud-platform',
        },
      },
      dependsOn: [...dependsOn],
    });
  }
}
