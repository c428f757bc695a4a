import { join } from 'node:path';
import { Construct } from 'constructs';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider/index.js';
import { TimeProvider } from '@cdktf/provider-time/lib/provider/index.js';
import { FUNCTIONS } from '../core/stages.js';
import type { InfraConfig } from './config.js';
import { Apis } from './apis.js';
import { BuildAccess } from './build-access.js';
import { FunctionImages } from './function-images.js';
import { settle } from './settle.js';
import { addStateBackend, stateLocation, type StateLocation } from './state-backend.js';
import { ServiceAccounts } from './service-accounts.js';
import { Database } from './database.js';
import { FunctionSource } from './function-source.js';
import { FUNCTION_TIMEOUT_SECONDS, Functions } from './functions.js';
import { Workflow } from './workflow.js';
import { Scheduler } from './scheduler.js';

export const STACK_NAME = 'customer-360';
export const WORKFLOW_SOURCE = join('workflows', 'customer_360.yaml');

export interface PipelineStackProps {
  readonly config: InfraConfig;
  /** Repository root: the workflow YAML and the built function source are read from here. */
  readonly projectRoot: string;
  /** An empty scratch directory where the function source is assembled before zipping. */
  readonly stagingDir: string;
}

/** The whole deployment: APIs, identities, database, functions, workflow, nightly trigger. */
export class PipelineStack extends TerraformStack {
  readonly apis: Apis;
  readonly accounts: ServiceAccounts;
  readonly database: Database;
  readonly source: FunctionSource;
  readonly images: FunctionImages;
  readonly buildAccess: BuildAccess;
  readonly functions: Functions;
  readonly workflow: Workflow;
  readonly scheduler: Scheduler;
  /** Where Terraform keeps this stack's state (main.ts warns when it is local). */
  readonly state: StateLocation;

  constructor(scope: Construct, id: string, { config, projectRoot, stagingDir }: PipelineStackProps) {
    super(scope, id);
    new GoogleProvider(this, 'google', { project: config.projectId, region: config.region });
    new TimeProvider(this, 'time');
    this.state = stateLocation(config, projectRoot, id);
    addStateBackend(this, this.state);

    this.apis = new Apis(this, 'apis', config);
    // Everything waits for the APIs to be usable, not just enabled.
    const dependsOn = [settle(this, 'apis', this.apis.services)];
    this.accounts = new ServiceAccounts(this, 'service-accounts', { config, dependsOn });
    const { accounts } = this.accounts;
    this.database = new Database(this, 'database', { config, functionsAccount: accounts.functions, dependsOn });
    this.source = new FunctionSource(this, 'function-source', { config, projectRoot, stagingDir, dependsOn });
    this.images = new FunctionImages(this, 'function-images', { config, dependsOn });
    this.buildAccess = new BuildAccess(this, 'build-access', {
      config,
      account: accounts.build,
      sourceBucket: this.source.bucket,
      repository: this.images.repository,
      dependsOn,
    });
    // Builds start only once the build account's roles have propagated.
    const iamSettled = settle(this, 'iam', [...this.accounts.bindings, ...this.buildAccess.bindings]);
    this.functions = new Functions(this, 'functions', {
      config,
      source: this.source,
      database: this.database,
      runtimeAccount: accounts.functions,
      buildAccount: accounts.build,
      imageRepository: this.images.repository,
      invoker: accounts.workflow,
      dependsOn: [iamSettled],
    });
    this.workflow = new Workflow(this, 'workflow', {
      config,
      sourcePath: join(projectRoot, WORKFLOW_SOURCE),
      functions: this.functions.functions,
      functionTimeout: FUNCTION_TIMEOUT_SECONDS,
      account: accounts.workflow,
      dependsOn: [...dependsOn, ...this.functions.invokerBindings],
    });
    this.scheduler = new Scheduler(this, 'scheduler', {
      config,
      workflow: this.workflow.workflow,
      account: accounts.scheduler,
      dependsOn: [iamSettled],
    });

    new TerraformOutput(this, 'workflow_name', { value: this.workflow.workflow.name });
    new TerraformOutput(this, 'workflow_id', { value: this.workflow.workflow.id });
    new TerraformOutput(this, 'instance_connection_name', { value: this.database.instance.connectionName });
    new TerraformOutput(this, 'functions_service_account', { value: accounts.functions.email });
    new TerraformOutput(this, 'scheduler_job', { value: this.scheduler.job.name });
    new TerraformOutput(this, 'function_urls', {
      value: Object.fromEntries(FUNCTIONS.map((fn) => [fn, this.functions.functions[fn].url])),
    });
  }
}
