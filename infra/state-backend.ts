import { join } from 'node:path';
import { GcsBackend, LocalBackend, type TerraformStack } from 'cdktf';
import type { InfraConfig } from './config.js';

/**
 * Where Terraform keeps the deployment's state. A GCS bucket (CDP_STATE_BUCKET) is the default
 * and the only choice for a team: every engineer and CI job sees one state, and GCS locks it
 * during an apply. Local state is an explicit choice (CDP_LOCAL_STATE=true) for a trial project,
 * and synth says so loudly: a second engineer would start from nothing and create everything again.
 */
export type StateLocation = { readonly kind: 'gcs'; readonly bucket: string; readonly prefix: string } | { readonly kind: 'local'; readonly path: string };

export function stateLocation(config: InfraConfig, projectRoot: string, stackName: string): StateLocation {
  if (config.stateBucket !== undefined) return { kind: 'gcs', bucket: config.stateBucket, prefix: config.statePrefix };
  return { kind: 'local', path: join(projectRoot, `terraform.${stackName}.tfstate`) };
}

export function addStateBackend(stack: TerraformStack, location: StateLocation): void {
  if (location.kind === 'gcs') new GcsBackend(stack, { bucket: location.bucket, prefix: location.prefix });
  else new LocalBackend(stack, { path: location.path });
}

/** The synth-time warning for local state; undefined for a shared backend. */
export function stateWarning(location: StateLocation): string | undefined {
  if (location.kind !== 'local') return undefined;
  return [
    '',
    '*** WARNING: LOCAL TERRAFORM STATE (CDP_LOCAL_STATE=true) ***',
    `*** The state of every resource lives only in ${location.path}.`,
    '*** Another engineer or a CI job would not see it and would try to create everything again.',
    '*** Use it for a trial project only; for a team, set CDP_STATE_BUCKET (docs/deploy.md, "State bucket").',
    '',
  ].join('\n');
}
