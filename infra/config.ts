import { z } from 'zod';
import { DEFAULT_TIME_ZONE, isTimeZone } from '../core/config.js';
import { CdpError } from '../core/errors.js';
import { cronProblem } from './cron.js';
import { maintenanceProblem, parseMaintenanceWindow } from './maintenance.js';

/**
 * The deployment's configuration: read once, from environment variables or the cdktf context
 * (`"context"` in cdktf.json), validated with zod, frozen. An environment variable wins over
 * the context key of the same field. Only `infra/main.ts` passes the real environment in.
 */

/** Every field once: its environment variable, and its default when a safe one exists. */
export const CONFIG_FIELDS = {
  projectId: { env: 'CDP_PROJECT_ID', default: undefined },
  region: { env: 'CDP_REGION', default: undefined },
  timeZone: { env: 'CDP_TIME_ZONE', default: DEFAULT_TIME_ZONE },
  schedule: { env: 'CDP_SCHEDULE', default: '0 2 * * *' },
  sqlTier: { env: 'CDP_SQL_TIER', default: 'db-custom-1-3840' },
  sqlEdition: { env: 'CDP_SQL_EDITION', default: 'ENTERPRISE' },
  postgresVersion: { env: 'CDP_POSTGRES_VERSION', default: 'POSTGRES_16' },
  databaseName: { env: 'CDP_DB_NAME', default: 'cdp' },
  deletionProtection: { env: 'CDP_DELETION_PROTECTION', default: 'true' },
  namePrefix: { env: 'CDP_NAME_PREFIX', default: 'cdp' },
  stateBucket: { env: 'CDP_STATE_BUCKET', default: undefined },
  statePrefix: { env: 'CDP_STATE_PREFIX', default: 'customer-360' },
  localState: { env: 'CDP_LOCAL_STATE', default: 'false' },
  maintenanceWindow: { env: 'CDP_MAINTENANCE_WINDOW', default: 'SUN:10' },
} as const;

/** Fields that may stay unset: the state bucket, when local state is chosen instead. */
const OPTIONAL_FIELDS: ReadonlySet<ConfigField> = new Set(['stateBucket']);

export type ConfigField = keyof typeof CONFIG_FIELDS;

export const SQL_EDITIONS = ['ENTERPRISE', 'ENTERPRISE_PLUS'] as const;

/** Cloud SQL tiers by edition: Enterprise Plus runs only on performance-optimized machines. */
const EDITION_TIERS: Readonly<Record<(typeof SQL_EDITIONS)[number], { pattern: RegExp; example: string }>> = {
  ENTERPRISE: { pattern: /^db-(custom-[0-9]+-[0-9]+|f1-micro|g1-small)$/, example: 'db-custom-1-3840' },
  ENTERPRISE_PLUS: { pattern: /^db-perf-optimized-N-[0-9]+$/, example: 'db-perf-optimized-N-2' },
};

/** Each field's rule; `cdp trigger` checks its --project and --region flags with the same ones. */
export const infraConfigSchema = z.object({
  projectId: z
    .string()
    .regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, 'must be a Google Cloud project id (6-30 of a-z, 0-9, -)'),
  region: z
    .string()
    .regex(/^[a-z]+-[a-z]+[0-9]+$/, 'must be a Google Cloud region such as us-central1 or europe-west1'),
  timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Etc/UTC or Europe/Paris'),
  schedule: z.string().superRefine((value, ctx) => {
    const problem = cronProblem(value);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: `must be a unix-cron schedule: ${problem}` });
  }),
  sqlTier: z.string().regex(/^db-[A-Za-z0-9-]+$/, 'must be a Cloud SQL machine tier such as db-custom-1-3840'),
  sqlEdition: z.enum(SQL_EDITIONS, { error: `must be one of ${SQL_EDITIONS.join(', ')}` }),
  postgresVersion: z.string().regex(/^POSTGRES_[0-9]{2}$/, 'must be a Cloud SQL PostgreSQL version such as POSTGRES_16'),
  databaseName: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lowercase Postgres identifier'),
  deletionProtection: z.enum(['true', 'false'], { error: 'must be true or false' }).transform((v) => v === 'true'),
  namePrefix: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,10}[a-z0-9]$/, 'must be 3-12 of a-z, 0-9, - (starting with a letter)'),
  stateBucket: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$/, 'must be a Cloud Storage bucket name (without gs://)')
    .optional(),
  statePrefix: z.string().regex(/^[A-Za-z0-9._/-]{1,200}$/, 'must be a path of letters, digits, ., _, -, /'),
  localState: z.enum(['true', 'false'], { error: 'must be true or false' }).transform((v) => v === 'true'),
  maintenanceWindow: z.string().transform((value, ctx) => {
    const window = parseMaintenanceWindow(value);
    if (window === undefined) ctx.addIssue({ code: 'custom', message: 'must be DAY:HOUR with the hour in UTC, such as SUN:10' });
    return window ?? { day: 0, hour: 0 };
  }),
}).superRefine((config, ctx) => {
  // Each check names the field whose change fixes it; one whose inputs failed their own rule is skipped.
  const tiers = EDITION_TIERS[config.sqlEdition] as (typeof EDITION_TIERS)[keyof typeof EDITION_TIERS] | undefined;
  if (tiers !== undefined && typeof config.sqlTier === 'string' && !tiers.pattern.test(config.sqlTier)) {
    ctx.addIssue({ code: 'custom', path: ['sqlTier'], message: `must be a tier of the ${config.sqlEdition} edition (CDP_SQL_EDITION), such as ${tiers.example}` });
  }
  if (config.stateBucket !== undefined && config.localState) {
    ctx.addIssue({ code: 'custom', path: ['localState'], message: 'cannot be true together with CDP_STATE_BUCKET: choose one place for the Terraform state' });
  }
  if (config.stateBucket === undefined && !config.localState) {
    ctx.addIssue({ code: 'custom', path: ['stateBucket'], message: 'is required: the Cloud Storage bucket that holds the shared Terraform state (or CDP_LOCAL_STATE=true, for a trial project only)' });
  }
  const checkable = isTimeZone(String(config.timeZone)) && cronProblem(String(config.schedule)) === undefined && config.maintenanceWindow?.day > 0;
  const clash = checkable ? maintenanceProblem(config.maintenanceWindow, config.schedule, config.timeZone) : undefined;
  if (clash !== undefined) ctx.addIssue({ code: 'custom', path: ['maintenanceWindow'], message: clash });
});

export type InfraConfig = Readonly<z.output<typeof infraConfigSchema>>;

/** Values from the cdktf context (cdktf.json "context"); anything not a string is stringified. */
export type ConfigContext = Readonly<Record<string, unknown>>;

/**
 * Parse the deployment configuration. Throws CdpError('BAD_CONFIG') naming every bad field, as
 * its environment variable and context key, with `details.field` the first of them.
 */
export function parseInfraConfig(
  env: Readonly<Record<string, string | undefined>>,
  context: ConfigContext = {},
): InfraConfig {
  const raw: Record<string, string | undefined> = {};
  for (const [field, spec] of Object.entries(CONFIG_FIELDS)) {
    raw[field] = pick(env[spec.env]) ?? pick(context[field]) ?? spec.default;
  }
  const result = infraConfigSchema.safeParse(raw);
  if (result.success) return Object.freeze(result.data);

  const problems = result.error.issues.map((issue) => {
    const field = String(issue.path[0]) as ConfigField;
    const spec = CONFIG_FIELDS[field];
    const message =
      raw[field] === undefined ? (OPTIONAL_FIELDS.has(field) ? issue.message : 'is required') : `${issue.message} (got "${raw[field]}")`;
    return { field, text: `${spec.env} (context key "${field}") ${message}` };
  });
  throw new CdpError('BAD_CONFIG', `invalid deployment configuration: ${problems.map((p) => p.text).join('; ')}`, {
    field: problems[0]?.field,
    fields: problems.map((p) => p.field),
  });
}

function pick(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = String(value).trim();
  return text === '' ? undefined : text;
}
