import { z } from 'zod';
import { CdpError } from './errors.js';

/** Where the pipeline's database is, decided once from the environment. */
export type DatabaseConfig =
  | { readonly mode: 'cloudsql'; readonly instanceConnectionName: string; readonly user: string; readonly database: string; readonly ipType: 'PUBLIC' | 'PRIVATE' | 'PSC' }
  | { readonly mode: 'url'; readonly url: string }
  | { readonly mode: 'embedded'; readonly dataDir?: string };

/** How stage and publish sessions run. */
export interface PipelineSettings {
  /** `work_mem` for each stage and publish session (SET LOCAL), e.g. '64MB'. */
  readonly workMem: string;
  /** Statement timeout of stage and publish work in ms; 0 disables it. */
  readonly statementTimeoutMs: number;
  /** Time zone of the default as-of date ("today"). */
  readonly timeZone: string;
  /** Run schemas older than this are removed by prepare (a crashed run leaves no litter). */
  readonly abandonedAfterHours: number;
  readonly maxConnections: number;
  /**
   * An incremental run falls back to a full one when more than this share of the customers
   * (in percent) changed: recomputing them one by one through indexes would cost more.
   */
  readonly incrementalMaxChangedPercent: number;
}

// An empty or all-blank variable counts as unset (" " must not coerce to 0 and turn a timeout off).
const blankAsUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const optionalString = z.preprocess(blankAsUndefined, z.string().optional());

/** The time zone of the schedule and of "today" when none is configured, for the functions and infra alike. */
export const DEFAULT_TIME_ZONE = 'UTC';

const envSchema = z.object({
  DATABASE_URL: z.preprocess(blankAsUndefined, z.string().regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://').optional()),
  INSTANCE_CONNECTION_NAME: z.preprocess(blankAsUndefined, z.string().regex(/^[a-z0-9:.-]+:[a-z0-9-]+:[a-z0-9-]+$/, 'must be project:region:instance').optional()),
  DB_USER: optionalString,
  DB_NAME: optionalString,
  DB_IP_TYPE: z.preprocess(blankAsUndefined, z.enum(['PUBLIC', 'PRIVATE', 'PSC']).default('PUBLIC')),
  PGLITE_DATA_DIR: optionalString,
  CDP_WORK_MEM: z.preprocess(blankAsUndefined, z.string().regex(/^\d+(kB|MB|GB)$/, "must be a size such as '64MB'").default('64MB')),
  CDP_STATEMENT_TIMEOUT_MS: z.preprocess(blankAsUndefined, z.coerce.number().int().min(0).default(1_700_000)),
  CDP_TIME_ZONE: z.preprocess(blankAsUndefined, z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/Paris').default(DEFAULT_TIME_ZONE)),
  CDP_ABANDONED_AFTER_HOURS: z.preprocess(blankAsUndefined, z.coerce.number().positive().default(24)),
  CDP_MAX_CONNECTIONS: z.preprocess(blankAsUndefined, z.coerce.number().int().min(1).max(100).default(10)),
  CDP_INCREMENTAL_MAX_CHANGED_PERCENT: z.preprocess(blankAsUndefined, z.coerce.number().min(0).max(100).default(20)),
});

/** Whether `value` is an IANA time zone this runtime knows (the one check config and infra share). */
export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

function parseEnv(env: Readonly<Record<string, string | undefined>>) {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0]);
    throw new CdpError('BAD_CONFIG', `${name} ${issue.message}`, { field: name });
  }
  return parsed.data;
}

/** Cloud SQL when INSTANCE_CONNECTION_NAME is set, else DATABASE_URL, else embedded PGlite. */
export function parseDatabaseConfig(env: Readonly<Record<string, string | undefined>>): DatabaseConfig {
  const e = parseEnv(env);
  if (e.INSTANCE_CONNECTION_NAME) {
    for (const [name, value] of [['DB_USER', e.DB_USER], ['DB_NAME', e.DB_NAME]] as const) {
      if (!value) throw new CdpError('BAD_CONFIG', `${name} is required with INSTANCE_CONNECTION_NAME`, { field: name });
    }
    return Object.freeze({ mode: 'cloudsql', instanceConnectionName: e.INSTANCE_CONNECTION_NAME, user: e.DB_USER!, database: e.DB_NAME!, ipType: e.DB_IP_TYPE });
  }
  if (e.DATABASE_URL) return Object.freeze({ mode: 'url', url: e.DATABASE_URL });
  return Object.freeze({ mode: 'embedded', ...(e.PGLITE_DATA_DIR ? { dataDir: e.PGLITE_DATA_DIR } : {}) });
}

export function parsePipelineSettings(env: Readonly<Record<string, string | undefined>>): PipelineSettings {
  const e = parseEnv(env);
  return Object.freeze({
    workMem: e.CDP_WORK_MEM,
    statementTimeoutMs: e.CDP_STATEMENT_TIMEOUT_MS,
    timeZone: e.CDP_TIME_ZONE,
    abandonedAfterHours: e.CDP_ABANDONED_AFTER_HOURS,
    maxConnections: e.CDP_MAX_CONNECTIONS,
    incrementalMaxChangedPercent: e.CDP_INCREMENTAL_MAX_CHANGED_PERCENT,
  });
}

export const DEFAULT_SETTINGS: PipelineSettings = parsePipelineSettings({});
