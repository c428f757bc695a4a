import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isCdpError } from '../../core/errors.js';
import { GRANTS_FILE, PLACEHOLDERS, quoteIdentifier, renderGrants } from '../../infra/grants.js';
import { serviceAccountEmail } from '../../infra/names.js';
import { REPO_ROOT, testConfig } from './fixture.js';

const EMAIL = 'cdp-fn@acme-cdp-test.iam.gserviceaccount.com';
const template = readFileSync(GRANTS_FILE, 'utf8');
const statements = (sql: string) => sql.replace(/--[^\n]*/g, '').toLowerCase();

function grantsError(email: string, databaseName?: string) {
  try {
    renderGrants(email, databaseName === undefined ? {} : { databaseName });
  } catch (error) {
    if (isCdpError(error)) return error;
    throw error;
  }
  throw new Error('expected a BAD_CONFIG error');
}

describe('sql/grants.sql', () => {
  const sourceTables = [...readFileSync(join(REPO_ROOT, 'sql/source/create_tables.sql'), 'utf8').matchAll(/create table if not exists ([a-z_]+)/g)].map((m) => m[1]!);
  it('reads six source tables from sql/source', () => {
    expect(sourceTables).toHaveLength(6);
  });

  it.each(sourceTables)('grants select on the source table %s', (table) => {
    expect(statements(template)).toMatch(new RegExp(`grant select on table[^;]*public\\.${table}\\b`));
  });

  it('grants create on the database, for run schemas', () => {
    expect(statements(template)).toContain(`grant connect, create on database ${PLACEHOLDERS.dbName} to ${PLACEHOLDERS.iamUser};`);
  });

  it('never grants the IAM role to anyone outside the hand-over block (PostgreSQL 16 refuses it without ADMIN OPTION)', () => {
    const outsideDo = statements(template).replace(/do \$\$[\s\S]*?\$\$;/g, '');
    expect(outsideDo).not.toMatch(/grant :"iam_user" to/);
    expect(outsideDo).not.toMatch(/owner to|authorization/);
  });

  it('is numbered in sections, so a later concern is appended as the next one', () => {
    const sections = [...template.matchAll(/^-- (\d+)\. /gm)].map((m) => Number(m[1]));
    expect(sections).toEqual(sections.map((_, i) => i + 1));
  });
});

describe('renderGrants', () => {
  it('quotes the IAM database user (the email without .gserviceaccount.com) as an identifier', () => {
    expect(renderGrants(EMAIL)).toContain('to "cdp-fn@acme-cdp-test.iam";');
  });

  it('quotes the database name', () => {
    expect(renderGrants(EMAIL, { databaseName: 'analytics' })).toContain('on database "analytics" to');
  });

  it('leaves no placeholder behind', () => {
    const sql = renderGrants(EMAIL);
    expect(Object.values(PLACEHOLDERS).filter((placeholder) => sql.includes(placeholder))).toEqual([]);
  });

  it('passes the IAM user to the hand-over block as a quoted literal', () => {
    expect(renderGrants(EMAIL)).toContain("set_config('cdp.iam_user', 'cdp-fn@acme-cdp-test.iam', false)");
  });

  it('renders the configured functions account', () => {
    expect(renderGrants(serviceAccountEmail(testConfig({ CDP_NAME_PREFIX: 'c360' }), 'functions'))).toContain('"c360-fn@acme-cdp-test.iam"');
  });

  it('accepts the email in any case and with surrounding spaces', () => {
    expect(renderGrants(`  ${EMAIL.toUpperCase()} `)).toBe(renderGrants(EMAIL));
  });

  it.each([
    ['a user account', 'alice@example.com'],
    ['an identifier-breaking quote', 'cdp-fn"; drop table customer_360; --@acme-cdp-test.iam.gserviceaccount.com'],
    ['an empty string', ''],
  ])('rejects %s with BAD_CONFIG', (_case, email) => {
    expect(grantsError(email).details.field).toBe('serviceAccountEmail');
  });

  it('rejects a database name that is not a plain identifier', () => {
    expect(grantsError(EMAIL, 'cdp"; drop').details.field).toBe('databaseName');
  });
});

describe('quoteIdentifier', () => {
  it('doubles embedded double quotes', () => {
    expect(quoteIdentifier('a"b')).toBe('"a""b"');
  });
});
