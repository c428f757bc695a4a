import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CdpError } from '../core/errors.js';
import { SQL_DIR } from '../core/sql.js';
import { CONFIG_FIELDS } from './config.js';
import { iamDatabaseUser } from './names.js';

/**
 * `sql/grants.sql` made concrete for one service account: the psql-style placeholders
 * `:"iam_user"` and `:"db_name"` become quoted Postgres identifiers and `:'iam_user'` a quoted
 * literal, so the text runs as is in Cloud SQL Studio or any client.
 */
export const GRANTS_FILE = join(SQL_DIR, 'grants.sql');
export const PLACEHOLDERS = { iamUser: ':"iam_user"', iamUserLiteral: ":'iam_user'", dbName: ':"db_name"' } as const;

const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]@[a-z0-9.:-]+\.iam\.gserviceaccount\.com$/, 'must be a service account email (NAME@PROJECT.iam.gserviceaccount.com)');
const dbNameSchema = z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lowercase Postgres identifier');

export interface RenderGrantsOptions {
  /** The pipeline's database; defaults to the deployment default (CDP_DB_NAME's). */
  readonly databaseName?: string;
  /** The text to fill in; sql/grants.sql of this package when absent. */
  readonly template?: string;
}

/** A Postgres quoted identifier: wrapped in double quotes, inner double quotes doubled. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A Postgres string literal: wrapped in single quotes, inner single quotes doubled. */
export function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** The grants for the IAM database user of `serviceAccountEmail`. Throws CdpError('BAD_CONFIG'). */
export function renderGrants(serviceAccountEmail: string, options: RenderGrantsOptions = {}): string {
  const email = emailSchema.safeParse(serviceAccountEmail);
  if (!email.success) {
    throw new CdpError('BAD_CONFIG', `service account ${email.error.issues[0]?.message ?? 'is invalid'} (got "${serviceAccountEmail}")`, {
      field: 'serviceAccountEmail',
    });
  }
  const dbName = dbNameSchema.safeParse(options.databaseName ?? CONFIG_FIELDS.databaseName.default);
  if (!dbName.success) {
    throw new CdpError('BAD_CONFIG', `database name ${dbName.error.issues[0]?.message ?? 'is invalid'} (got "${options.databaseName}")`, {
      field: 'databaseName',
    });
  }
  const template = options.template ?? readFileSync(GRANTS_FILE, 'utf8');
  return template
    .replaceAll(PLACEHOLDERS.iamUser, () => quoteIdentifier(iamDatabaseUser(email.data)))
    .replaceAll(PLACEHOLDERS.iamUserLiteral, () => quoteLiteral(iamDatabaseUser(email.data)))
    .replaceAll(PLACEHOLDERS.dbName, () => quoteIdentifier(dbName.data));
}
