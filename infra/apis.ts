import { Construct } from 'constructs';
import type { ITerraformDependable } from 'cdktf';
import { ProjectService } from '@cdktf/provider-google/lib/project-service/index.js';
import type { InfraConfig } from './config.js';

/** The Google APIs the pipeline and its deployment call. */
export const REQUIRED_APIS = [
  'artifactregistry.googleapis.com', // images the functions' builds push
  'cloudbuild.googleapis.com', // builds the functions from source
  'cloudfunctions.googleapis.com',
  'cloudresourcemanager.googleapis.com', // project IAM bindings
  'cloudscheduler.googleapis.com',
  'iam.googleapis.com',
  'logging.googleapis.com',
  'run.googleapis.com', // 2nd-gen functions run as Cloud Run services
  'sqladmin.googleapis.com', // Cloud SQL, and the connector's certificates
  'storage.googleapis.com',
  'workflowexecutions.googleapis.com', // the scheduler starts executions through it
  'workflows.googleapis.com',
] as const;

/** Enables the APIs; everything else depends on `services` so it waits for them. */
export class Apis extends Construct {
  readonly services: readonly ITerraformDependable[];

  constructor(scope: Construct, id: string, config: InfraConfig) {
    super(scope, id);
    this.services = REQUIRED_APIS.map(
      (service) =>
        new ProjectService(this, service.split('.')[0] ?? service, {
          project: config.projectId,
          service,
          // Turning an API off on destroy could break other workloads of the project.
          disableOnDestroy: false,
          disableDependentServices: false,
        }),
    );
  }
}
