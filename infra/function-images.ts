import { Construct } from 'constructs';
import type { ITerraformDependable } from 'cdktf';
import { ArtifactRegistryRepository } from '@cdktf/provider-google/lib/artifact-registry-repository/index.js';
import type { InfraConfig } from './config.js';
import { resourceNames } from './names.js';

/** Images kept per function beyond the cleanup: the running one and a few to roll back to. */
export const KEEP_RECENT_IMAGES = 5;
/** Older images (and the buildpacks' cache images) are deleted after 30 days. */
export const DELETE_OLDER_THAN = `${30 * 24 * 3600}s`;

export interface FunctionImagesProps {
  readonly config: InfraConfig;
  readonly dependsOn: readonly ITerraformDependable[];
}

/**
 * The Docker repository the functions' builds push to. Named by the stack rather than left to
 * Cloud Functions' default `gcf-artifacts`, so the build account can be a writer of this one
 * repository only, and so its images are cleaned up instead of piling up with every deploy.
 */
export class FunctionImages extends Construct {
  readonly repository: ArtifactRegistryRepository;

  constructor(scope: Construct, id: string, { config, dependsOn }: FunctionImagesProps) {
    super(scope, id);
    this.repository = new ArtifactRegistryRepository(this, 'repository', {
      project: config.projectId,
      location: config.region,
      repositoryId: resourceNames(config).imageRepository,
      format: 'DOCKER',
      description: 'customer_360 function images, built by Cloud Build',
      cleanupPolicyDryRun: false,
      cleanupPolicies: [
        { id: 'keep-recent', action: 'KEEP', mostRecentVersions: { keepCount: KEEP_RECENT_IMAGES } },
        { id: 'delete-old', action: 'DELETE', condition: { olderThan: DELETE_OLDER_THAN } },
      ],
      dependsOn: [...dependsOn],
    });
  }
}
