/** Configuration from the environment, parsed once: no database needed. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, isTimeZone, parseDatabaseConfig, parsePipelineSettings } from '../../core/config.js';

const CLOUD_SQL = { INSTANCE_CONNECTION_NAME: 'acme-cdp:europe-west1:cdp-pg', DB_USER: 'cdp-fn@acme-cdp.iam', DB_NAME: 'cdp' };

describe('parseDatabaseConfig', () => {
  it.each([
    ['nothing set: embedded PGlite in memory', {}, { mode: 'embedded' }],
    ['PGLITE_DATA_DIR: embedded PGlite on disk', { PGLITE_DATA_DIR: '/var/cdp' }, { mode: 'embedded', dataDir: '/var/cdp' }],
    ['DATABASE_URL: that server', { DATABASE_URL: 'postgres://u@h:5432/d' }, { mode: 'url', url: 'postgres://u@h:5432/d' }],
    ['postgresql:// URLs too', { DATABASE_URL: 'postgresql://u@h/d' }, { mode: 'url', url: 'postgresql://u@h/d' }],
    ['INSTANCE_CONNECTION_NAME: Cloud SQL, public IP by default', CLOUD_SQL,
      { mode: 'cloudsql', instanceConnectionName: CLOUD_SQL.INSTANCE_CONNECTION_NAME, user: CLOUD_SQL.DB_USER, database: 'cdp', ipType: 'PUBLIC' }],
    ['Cloud SQL wins over DATABASE_URL', { ...CLOUD_SQL, DATABASE_URL: 'postgres://u@h/d', DB_IP_TYPE: 'PRIVATE' },
      { mode: 'cloudsql', instanceConnectionName: CLOUD_SQL.INSTANCE_CONNECTION_NAME, user: CLOUD_SQL.DB_USER, database: 'cdp', ipType: 'PRIVATE' }],
    ['blank values count as unset', { DATABASE_URL: '', INSTANCE_CONNECTION_NAME: '', PGLITE_DATA_DIR: '' }, { mode: 'embedded' }],
  ])('%s', (_case, env, expected) => {
    const config = parseDatabaseConfig(env);
    expect(config).toEqual(expected);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it.each([
    ['DATABASE_URL', { DATABASE_URL: 'mysql://u@h/d' }],
    ['INSTANCE_CONNECTION_NAME', { INSTANCE_CONNECTION_NAME: 'just-an-instance' }],
    ['DB_IP_TYPE', { ...CLOUD_SQL, DB_IP_TYPE: 'public' }],
    ['DB_USER', { ...CLOUD_SQL, DB_USER: '' }],
    ['DB_NAME', { ...CLOUD_SQL, DB_NAME: undefined }],
  ])('refuses a bad or missing %s with BAD_CONFIG naming it', (variable, env) => {
    expect(() => parseDatabaseConfig(env)).toThrow(expect.objectContaining({
      code: 'BAD_CONFIG', details: { field: variable }, message: expect.stringMatching(new RegExp(`^${variable} `)),
    }));
  });
});

describe('parsePipelineSettings', () => {
  it('defaults: 64MB work_mem, a 1,700,000 ms statement timeout, UTC, 24 hours, 10 connections, incremental up to 20% changed', () => {
    expect(parsePipelineSettings({})).toEqual({
      workMem: '64MB', statementTimeoutMs: 1_700_000, timeZone: 'UTC', abandonedAfterHours: 24, maxConnections: 10, incrementalMaxChangedPercent: 20,
    });
    expect(DEFAULT_SETTINGS).toEqual(parsePipelineSettings({}));
  });

  it('reads a blank variable as unset, so a stray space cannot turn the statement timeout off', () => {
    expect(parsePipelineSettings({ CDP_STATEMENT_TIMEOUT_MS: ' ', CDP_MAX_CONNECTIONS: '\t' })).toEqual(DEFAULT_SETTINGS);
  });

  it('reads each variable, converting numbers, into a frozen value', () => {
    const settings = parsePipelineSettings({
      CDP_WORK_MEM: '256MB', CDP_STATEMENT_TIMEOUT_MS: '0', CDP_TIME_ZONE: 'Europe/Paris', CDP_ABANDONED_AFTER_HOURS: '1.5', CDP_MAX_CONNECTIONS: '3',
      CDP_INCREMENTAL_MAX_CHANGED_PERCENT: '5.5',
    });
    expect(settings).toEqual({
      workMem: '256MB', statementTimeoutMs: 0, timeZone: 'Europe/Paris', abandonedAfterHours: 1.5, maxConnections: 3, incrementalMaxChangedPercent: 5.5,
    });
    expect(Object.isFrozen(settings)).toBe(true);
  });

  it.each([
    ['CDP_WORK_MEM', '64'],
    ['CDP_WORK_MEM', '64 MB'],
    ['CDP_STATEMENT_TIMEOUT_MS', '-1'],
    ['CDP_STATEMENT_TIMEOUT_MS', 'ten'],
    ['CDP_STATEMENT_TIMEOUT_MS', '1.5'],
    ['CDP_INCREMENTAL_MAX_CHANGED_PERCENT', '101'],
    ['CDP_TIME_ZONE', 'Mars/Olympus_Mons'],
    ['CDP_ABANDONED_AFTER_HOURS', '0'],
    ['CDP_MAX_CONNECTIONS', '0'],
    ['CDP_MAX_CONNECTIONS', '101'],
  ])('refuses %s=%j with BAD_CONFIG naming the variable', (variable, value) => {
    expect(() => parsePipelineSettings({ [variable]: value })).toThrow(expect.objectContaining({
      code: 'BAD_CONFIG', details: { field: variable }, message: expect.stringMatching(new RegExp(`^${variable} `)),
    }));
  });
});

describe('isTimeZone', () => {
  it.each([['UTC', true], ['Etc/UTC', true], ['America/New_York', true], ['Europe/Paris', true], ['Mars/Olympus_Mons', false], ['', false]])(
    '%j: %s',
    (zone, valid) => {
      expect(isTimeZone(zone)).toBe(valid);
    },
  );
});
