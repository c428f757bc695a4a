import { describe, expect, it } from 'vitest';
import { isCdpError } from '../../core/errors.js';
import { DEFAULT_TIME_ZONE, isTimeZone as coreIsTimeZone } from '../../core/config.js';
import { CONFIG_FIELDS, parseInfraConfig, type ConfigField } from '../../infra/config.js';
import * as infraConfig from '../../infra/config.js';
import { cronProblem } from '../../infra/cron.js';
import { main } from '../../infra/main.js';
import { BASE_ENV } from './fixture.js';

function configError(env: Record<string, string | undefined>, context: Record<string, unknown> = {}) {
  try {
    parseInfraConfig(env, context);
  } catch (error) {
    if (isCdpError(error)) return error;
    throw error;
  }
  throw new Error('expected a BAD_CONFIG error');
}

describe('parseInfraConfig', () => {
  it('applies the safe defaults when only the project, region and state bucket are given', () => {
    expect(parseInfraConfig(BASE_ENV)).toEqual({
      projectId: 'acme-cdp-test',
      region: 'europe-west1',
      timeZone: DEFAULT_TIME_ZONE,
      schedule: '0 2 * * *',
      sqlTier: 'db-custom-1-3840',
      sqlEdition: 'ENTERPRISE',
      postgresVersion: 'POSTGRES_16',
      databaseName: 'cdp',
      deletionProtection: true,
      namePrefix: 'cdp',
      stateBucket: 'acme-cdp-tfstate',
      statePrefix: 'customer-360',
      localState: false,
      maintenanceWindow: { day: 7, hour: 10 },
    });
  });

  it('takes the default time zone and the time zone check from core/config.ts, as the functions do', () => {
    expect([CONFIG_FIELDS.timeZone.default, 'isTimeZone' in infraConfig]).toEqual([DEFAULT_TIME_ZONE, false]);
    expect(coreIsTimeZone(DEFAULT_TIME_ZONE)).toBe(true);
  });

  it('returns a frozen object', () => {
    expect(Object.isFrozen(parseInfraConfig(BASE_ENV))).toBe(true);
  });

  it('reads fields from the cdktf context when the environment lacks them', () => {
    const config = parseInfraConfig({}, { projectId: 'ctx-project', region: 'us-east1', deletionProtection: false, localState: true });
    expect([config.projectId, config.region, config.deletionProtection]).toEqual(['ctx-project', 'us-east1', false]);
  });

  it('prefers the environment variable over the context key', () => {
    expect(parseInfraConfig({ ...BASE_ENV, CDP_SCHEDULE: '30 1 * * *' }, { schedule: '0 5 * * *' }).schedule).toBe('30 1 * * *');
  });

  it('treats an empty environment variable as unset', () => {
    expect(parseInfraConfig({ ...BASE_ENV, CDP_TIME_ZONE: '' }).timeZone).toBe(DEFAULT_TIME_ZONE);
  });

  it.each<[string, Record<string, string | undefined>, ConfigField]>([
    ['missing project id', { CDP_REGION: 'us-central1' }, 'projectId'],
    ['project id with capitals', { ...BASE_ENV, CDP_PROJECT_ID: 'Acme-Project' }, 'projectId'],
    ['missing region', { CDP_PROJECT_ID: 'acme-cdp-test' }, 'region'],
    ['unknown region format', { ...BASE_ENV, CDP_REGION: 'europe west' }, 'region'],
    ['zone instead of region', { ...BASE_ENV, CDP_REGION: 'us-central1-a' }, 'region'],
    ['invalid cron (4 fields)', { ...BASE_ENV, CDP_SCHEDULE: '0 2 * *' }, 'schedule'],
    ['invalid cron (hour 24)', { ...BASE_ENV, CDP_SCHEDULE: '0 24 * * *' }, 'schedule'],
    ['unknown time zone', { ...BASE_ENV, CDP_TIME_ZONE: 'Mars/Olympus' }, 'timeZone'],
    ['bad tier', { ...BASE_ENV, CDP_SQL_TIER: 'n1-standard-1' }, 'sqlTier'],
    ['bad edition', { ...BASE_ENV, CDP_SQL_EDITION: 'STANDARD' }, 'sqlEdition'],
    ['MySQL version', { ...BASE_ENV, CDP_POSTGRES_VERSION: 'MYSQL_8_0' }, 'postgresVersion'],
    ['deletion protection not a boolean', { ...BASE_ENV, CDP_DELETION_PROTECTION: 'maybe' }, 'deletionProtection'],
    ['name prefix too long', { ...BASE_ENV, CDP_NAME_PREFIX: 'customer-three-sixty' }, 'namePrefix'],
    ['database name with a hyphen', { ...BASE_ENV, CDP_DB_NAME: 'cdp-db' }, 'databaseName'],
    ['state bucket with gs://', { ...BASE_ENV, CDP_STATE_BUCKET: 'gs://acme-tfstate' }, 'stateBucket'],
    ['neither a state bucket nor local state', { CDP_PROJECT_ID: 'acme-cdp-test', CDP_REGION: 'europe-west1' }, 'stateBucket'],
    ['a state bucket and local state at once', { ...BASE_ENV, CDP_LOCAL_STATE: 'true' }, 'localState'],
    ['Enterprise Plus on the default db-custom tier', { ...BASE_ENV, CDP_SQL_EDITION: 'ENTERPRISE_PLUS' }, 'sqlTier'],
    ['Enterprise on a performance-optimized tier', { ...BASE_ENV, CDP_SQL_TIER: 'db-perf-optimized-N-2' }, 'sqlTier'],
    ['maintenance window not DAY:HOUR', { ...BASE_ENV, CDP_MAINTENANCE_WINDOW: 'sunday 10' }, 'maintenanceWindow'],
    ['maintenance hour 24', { ...BASE_ENV, CDP_MAINTENANCE_WINDOW: 'SUN:24' }, 'maintenanceWindow'],
    ['maintenance during the nightly run', { ...BASE_ENV, CDP_MAINTENANCE_WINDOW: 'SUN:2' }, 'maintenanceWindow'],
    ['maintenance during a nightly run at 2:00 in Paris (1:00 UTC in winter)', { ...BASE_ENV, CDP_TIME_ZONE: 'Europe/Paris', CDP_MAINTENANCE_WINDOW: 'WED:0' }, 'maintenanceWindow'],
  ])('rejects a %s with BAD_CONFIG naming the field', (_case, env, field) => {
    const error = configError(env);
    expect(error.code).toBe('BAD_CONFIG');
    expect(error.details.field).toBe(field);
    expect(error.message).toContain(CONFIG_FIELDS[field].env);
  });

  it('names every bad field at once', () => {
    expect(configError({ CDP_SCHEDULE: 'nightly', CDP_LOCAL_STATE: 'true' }).details.fields).toEqual(['projectId', 'region', 'schedule']);
  });

  it.each([
    ['ENTERPRISE_PLUS', 'db-perf-optimized-N-2'],
    ['ENTERPRISE', 'db-custom-2-7680'],
    ['ENTERPRISE', 'db-f1-micro'],
  ])('accepts the %s edition on %s', (edition, tier) => {
    expect(parseInfraConfig({ ...BASE_ENV, CDP_SQL_EDITION: edition, CDP_SQL_TIER: tier }).sqlTier).toBe(tier);
  });

  it('says which tiers fit the edition', () => {
    expect(configError({ ...BASE_ENV, CDP_SQL_EDITION: 'ENTERPRISE_PLUS' }).message).toMatch(/CDP_SQL_TIER .*ENTERPRISE_PLUS edition .*db-perf-optimized-N-2/);
  });

  it('says how to choose a state bucket, or local state explicitly', () => {
    expect(configError({ CDP_PROJECT_ID: 'acme-cdp-test', CDP_REGION: 'europe-west1' }).message).toMatch(/CDP_STATE_BUCKET .*is required.*CDP_LOCAL_STATE=true/);
  });

  it('accepts local state alone, as an explicit choice', () => {
    const config = parseInfraConfig({ CDP_PROJECT_ID: 'acme-cdp-test', CDP_REGION: 'europe-west1', CDP_LOCAL_STATE: 'true' });
    expect([config.localState, config.stateBucket]).toEqual([true, undefined]);
  });

  it('accepts a maintenance window clear of the nightly run', () => {
    expect(parseInfraConfig({ ...BASE_ENV, CDP_MAINTENANCE_WINDOW: 'sat:14' }).maintenanceWindow).toEqual({ day: 6, hour: 14 });
  });

  it('says a missing field is required', () => {
    expect(configError({ CDP_REGION: 'us-central1' }).message).toMatch(/CDP_PROJECT_ID \(context key "projectId"\) is required/);
  });
});

describe('cronProblem', () => {
  it.each(['0 2 * * *', '*/15 * * * *', '0 3 1,15 * *', '30 4 * JAN-MAR MON-FRI', '0 0 * * 7', '5 1-5/2 * * sun'])(
    'accepts %s',
    (cron) => {
      expect(cronProblem(cron)).toBeUndefined();
    },
  );

  it.each(['', '0 2 * * * *', '60 2 * * *', '0 2 32 * *', '0 2 * 13 *', '0 2 * * 8', '5-1 * * * *', '*/0 * * * *', '@daily'])(
    'rejects "%s"',
    (cron) => {
      expect(cronProblem(cron)).toBeTypeOf('string');
    },
  );
});

describe('main', () => {
  it('fails synth with exit code 1 and one line naming the missing project id', () => {
    let written = '';
    const code = main({ CDP_REGION: 'us-central1' }, { write: (text: string) => ((written += text), true) });
    expect(code).toBe(1);
    expect(written).toMatch(/^error \[BAD_CONFIG\]: .*CDP_PROJECT_ID/);
  });
});
