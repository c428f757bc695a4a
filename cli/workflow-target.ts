/**
 * Which workflow `cdp trigger` starts: `projects/P/locations/R/workflows/W`, from its flags, else
 * from the deployment's own configuration variables (CDP_PROJECT_ID, CDP_REGION, CDP_NAME_PREFIX),
 * checked by the same rules as infra/, so the name is the one `cdktf deploy` gave the workflow.
 */
import { z } from 'zod';
import { CdpError } from '../core/errors.js';
import { CONFIG_FIELDS, infraConfigSchema } from '../infra/config.js';
import { workflowName } from '../infra/names.js';

export const projectFlag = infraConfigSchema.shape.projectId.optional();
export const regionFlag = infraConfigSchema.shape.region.optional();
/** Cloud Workflows names: a letter, then letters, digits, "-" or "_"; at most 64. */
export const workflowFlag = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, 'must be a workflow name: a letter, then up to 63 letters, digits, "-" or "_"')
  .optional();

export interface WorkflowTargetFlags {
  readonly project?: string | undefined;
  readonly region?: string | undefined;
  readonly workflow?: string | undefined;
  /** A local API (`cdp serve`): project and region may then be left out. */
  readonly local: boolean;
}

/** What a local API is asked for when no project or region is configured (it serves any). */
export const LOCAL_PLACEHOLDER = { project: 'local', region: 'local' } as const;

function fromEnv(env: Readonly<Record<string, string | undefined>>, field: 'projectId' | 'region' | 'namePrefix'): string | undefined {
  const name = CONFIG_FIELDS[field].env;
  const value = env[name]?.trim();
  if (!value) return undefined;
  const parsed = infraConfigSchema.shape[field].safeParse(value);
  if (!parsed.success) throw new CdpError('BAD_CONFIG', `${name} ${parsed.error.issues[0]!.message} (got "${value}")`, { field: name });
  return parsed.data;
}

export function resolveWorkflow(command: string, flags: WorkflowTargetFlags, env: Readonly<Record<string, string | undefined>>): string {
  const project = flags.project ?? fromEnv(env, 'projectId') ?? (flags.local ? LOCAL_PLACEHOLDER.project : undefined);
  const region = flags.region ?? fromEnv(env, 'region') ?? (flags.local ? LOCAL_PLACEHOLDER.region : undefined);
  if (!project) throw new CdpError('BAD_INPUT', `cdp ${command}: give --project or set ${CONFIG_FIELDS.projectId.env}`, { field: '--project' });
  if (!region) throw new CdpError('BAD_INPUT', `cdp ${command}: give --region or set ${CONFIG_FIELDS.region.env}`, { field: '--region' });
  const workflow = flags.workflow ?? workflowName({ namePrefix: fromEnv(env, 'namePrefix') ?? CONFIG_FIELDS.namePrefix.default });
  return `projects/${project}/locations/${region}/workflows/${workflow}`;
}

/** The workflow id a local API answers for: the deployed name, from CDP_NAME_PREFIX. */
export function localWorkflowId(env: Readonly<Record<string, string | undefined>>): string {
  return workflowName({ namePrefix: fromEnv(env, 'namePrefix') ?? CONFIG_FIELDS.namePrefix.default });
}
