import { Construct } from 'constructs';
import type { ITerraformDependable } from 'cdktf';
import { Cloudfunctions2Function } from '@cdktf/provider-google/lib/cloudfunctions2-function/index.js';
import { CloudRunV2ServiceIamMember } from '@cdktf/provider-google/lib/cloud-run-v2-service-iam-member/index.js';
import type { ServiceAccount } from '@cdktf/provider-google/lib/service-account/index.js';
import type { ArtifactRegistryRepository } from '@cdktf/provider-google/lib/artifact-registry-repository/index.js';
import { FUNCTIONS, type FunctionName } from '../core/stages.js';
import type { InfraConfig } from './config.js';
import type { Database } from './database.js';
import type { FunctionSource } from './function-source.js';
import { resourceNames } from './names.js';

/** The functions run this long at most; the workflow's HTTP calls wait exactly as long. */
export const FUNCTION_TIMEOUT_SECONDS = 1800;
export const FUNCTION_RUNTIME = 'nodejs22';
/**
 * Set by the platform on every 2nd-gen function (execution ids in the logs); ignored, or each
 * plan after the first would propose to remove it.
 */
export const PLATFORM_ENV_IGNORED = ['service_config[0].environment_variables["LOG_EXECUTION_ID"]'] as const;

export interface FunctionsProps {
  readonly config: InfraConfig;
  readonly source: FunctionSource;
  readonly database: Database;
  readonly runtimeAccount: ServiceAccount;
  readonly buildAccount: ServiceAccount;
  /** Where the builds push the images. */
  readonly imageRepository: ArtifactRegistryRepository;
  /** The only principal allowed to invoke the functions. */
  readonly invoker: ServiceAccount;
  readonly dependsOn: readonly ITerraformDependable[];
}

/**
 * One 2nd-gen HTTP function per name in FUNCTIONS, all from the same source, each with its own
 * entry point. Ingress stays open because Cloud Workflows calls from outside any VPC; every call
 * must carry an ID token of the workflow's account, the only holder of roles/run.invoker.
 */
export class Functions extends Construct {
  readonly functions: Readonly<Record<FunctionName, Cloudfunctions2Function>>;
  readonly invokerBindings: readonly ITerraformDependable[];

  constructor(scope: Construct, id: string, props: FunctionsProps) {
    super(scope, id);
    const { config, source, database, runtimeAccount, buildAccount, imageRepository, invoker } = props;
    const names = resourceNames(config);
    const functions = {} as Record<FunctionName, Cloudfunctions2Function>;
    const bindings: CloudRunV2ServiceIamMember[] = [];

    for (const fn of FUNCTIONS) {
      const fnResource = new Cloudfunctions2Function(this, fn, {
        project: config.projectId,
        location: config.region,
        name: names.functions[fn],
        description: `customer_360 pipeline: ${fn}`,
        buildConfig: {
          runtime: FUNCTION_RUNTIME,
          entryPoint: fn,
          serviceAccount: buildAccount.id,
          dockerRepository: imageRepository.id,
          source: { storageSource: { bucket: source.bucket.name, object: source.object.name } },
        },
        serviceConfig: {
          serviceAccountEmail: runtimeAccount.email,
          timeoutSeconds: FUNCTION_TIMEOUT_SECONDS,
          availableMemory: '512Mi',
          availableCpu: '1',
          minInstanceCount: 0,
          maxInstanceCount: 3,
          maxInstanceRequestConcurrency: 1,
          ingressSettings: 'ALLOW_ALL',
          allTrafficOnLatestRevision: true,
          environmentVariables: {
            INSTANCE_CONNECTION_NAME: database.instance.connectionName,
            DB_NAME: database.database.name,
            DB_USER: database.iamUserName,
            CDP_TIME_ZONE: config.timeZone,
          },
        },
        dependsOn: [...props.dependsOn, database.iamUser],
        lifecycle: { ignoreChanges: [...PLATFORM_ENV_IGNORED] },
      });
      functions[fn] = fnResource;

      // 2nd-gen functions are served by a Cloud Run service of the same name: invoking one needs
      // roles/run.invoker there (roles/cloudfunctions.invoker only governs 1st gen).
      bindings.push(
        new CloudRunV2ServiceIamMember(this, `${fn}-invoker`, {
          project: config.projectId,
          location: config.region,
          name: fnResource.name,
          role: 'roles/run.invoker',
          member: invoker.member,
        }),
      );
    }
    this.functions = functions;
    this.invokerBindings = bindings;
  }
}
