import { Construct } from 'constructs';
import type { ITerraformDependable } from 'cdktf';
import { ArtifactRegistryRepositoryIamMember } from '@cdktf/provider-google/lib/artifact-registry-repository-iam-member/index.js';
import { DataGoogleProject } from '@cdktf/provider-google/lib/data-google-project/index.js';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member/index.js';
import type { ServiceAccount } from '@cdktf/provider-google/lib/service-account/index.js';
import { StorageBucketIamMember } from '@cdktf/provider-google/lib/storage-bucket-iam-member/index.js';
import type { ArtifactRegistryRepository } from '@cdktf/provider-google/lib/artifact-registry-repository/index.js';
import type { StorageBucket } from '@cdktf/provider-google/lib/storage-bucket/index.js';
import type { InfraConfig } from './config.js';

export interface BuildAccessProps {
  readonly config: InfraConfig;
  readonly account: ServiceAccount;
  readonly sourceBucket: StorageBucket;
  readonly repository: ArtifactRegistryRepository;
  /** The project lookup waits for the APIs (Resource Manager may not be on in a new project). */
  readonly dependsOn: readonly ITerraformDependable[];
}

/**
 * What the build account may touch beyond writing logs, each grant scoped to one resource
 * (Google's documented minimum for a user-specified Cloud Build account of 2nd-gen functions is
 * Logs Writer, Artifact Registry Writer and Storage Object Admin, all project-wide):
 * - read the uploaded archive in the source bucket;
 * - Storage Object Admin only on Cloud Functions' own staging bucket,
 *   `gcf-v2-sources-<project number>-<region>`, from which the build fetches the source. The
 *   service creates that bucket on the first deploy, so the grant is a project binding with an
 *   IAM condition on the bucket's name rather than a binding on a bucket that may not exist yet;
 * - push images to the stack's own image repository.
 */
export class BuildAccess extends Construct {
  readonly bindings: readonly (StorageBucketIamMember | ProjectIamMember | ArtifactRegistryRepositoryIamMember)[];

  constructor(scope: Construct, id: string, { config, account, sourceBucket, repository, dependsOn }: BuildAccessProps) {
    super(scope, id);
    const project = new DataGoogleProject(this, 'project', { projectId: config.projectId, dependsOn: [...dependsOn] });
    const stagingBucket = `gcf-v2-sources-${project.number}-${config.region}`;
    this.bindings = [
      new StorageBucketIamMember(this, 'source-reader', {
        bucket: sourceBucket.name,
        role: 'roles/storage.objectViewer',
        member: account.member,
      }),
      new ProjectIamMember(this, 'staging-object-admin', {
        project: config.projectId,
        role: 'roles/storage.objectAdmin',
        member: account.member,
        condition: {
          title: 'gcf-v2-sources bucket only',
          description: "Cloud Functions' staging bucket of this region, which the builds read the source from",
          expression: `resource.name.startsWith("projects/_/buckets/${stagingBucket}")`,
        },
      }),
      new ArtifactRegistryRepositoryIamMember(this, 'image-writer', {
        project: config.projectId,
        location: repository.location,
        repository: repository.name,
        role: 'roles/artifactregistry.writer',
        member: account.member,
      }),
    ];
  }
}
