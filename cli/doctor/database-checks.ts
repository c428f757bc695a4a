/**
 * `cdp doctor`'s checks of the database, made as the functions' IAM database user: that it can
 * log in, holds what sql/grants.sql gives it, and finds the six source tables and their columns.
 */
import type { Database } from '../../core/db/database.js';
import { isCdpError } from '../../core/errors.js';
import { assertSourcesReadable, missingSources } from '../../core/sources.js';
import { sql } from '../../core/sql.js';
import { fail, pass, reason, skip, type CheckResult } from './report.js';
import type { DoctorNames, DoctorTarget } from './target.js';

interface GrantRow {
  readonly connect_database: boolean;
  readonly create_schemas: boolean;
  readonly use_public: boolean;
  readonly create_in_public: boolean;
  readonly owns_customer_360: boolean;
  readonly owns_cdp_meta: boolean;
}

const GRANT_NAMES: Readonly<Record<keyof GrantRow, string>> = {
  connect_database: 'CONNECT on the database',
  create_schemas: 'CREATE on the database',
  use_public: 'USAGE on schema public',
  create_in_public: 'CREATE on schema public',
  owns_customer_360: 'ownership of public.customer_360',
  owns_cdp_meta: 'ownership of schema cdp_meta',
};

export function grantsFix(target: DoctorTarget): string {
  return `cdp grants --project ${target.projectId} --name-prefix ${target.namePrefix} --database ${target.databaseName}  (run its output as postgres: Cloud SQL Studio, or psql through the Auth Proxy)`;
}

export async function databaseChecks(connect: () => Promise<Database>, target: DoctorTarget, names: DoctorNames): Promise<CheckResult[]> {
  let db: Database;
  try {
    db = await connect();
  } catch (error) {
    return [
      fail(
        'database login',
        `cannot log in to ${names.instanceConnectionName}/${target.databaseName} as ${names.iamUser}: ${reason(error)}`,
        `gcloud iam service-accounts add-iam-policy-binding ${names.functionsAccount} --member=user:$(gcloud config get account) --role=roles/iam.serviceAccountTokenCreator  (doctor logs in as that account through the connector)`,
      ),
      skip('database grants', 'needs a login'),
      skip('source tables', 'needs a login'),
    ];
  }
  try {
    const login = pass('database login', `${names.iamUser} logged in to ${names.instanceConnectionName}/${target.databaseName} through the connector`);
    return [login, await checkGrants(db, target), await checkSources(db, target)];
  } finally {
    await db.close();
  }
}

async function checkGrants(db: Database, target: DoctorTarget): Promise<CheckResult> {
  const { rows } = await db.query<GrantRow>(sql('doctor/grants').text);
  const row = rows[0]!;
  const { rows: unreadable } = await db.query<{ table_name: string }>(sql('source/unreadable').text, ['public']);
  const lacking = [
    ...(Object.keys(GRANT_NAMES) as (keyof GrantRow)[]).filter((key) => !row[key]).map((key) => GRANT_NAMES[key]),
    ...unreadable.map((r) => `SELECT on public.${r.table_name}`),
  ];
  if (lacking.length > 0) return fail('database grants', `lacks ${lacking.join(', ')}`, grantsFix(target));
  return pass('database grants', 'those of sql/grants.sql are in place');
}

async function checkSources(db: Database, target: DoctorTarget): Promise<CheckResult> {
  try {
    await assertSourcesReadable(db);
  } catch (error) {
    if (isCdpError(error)) return fail('source tables', error.message.replace(/; run the grants.*$/, ''), grantsFix(target));
    throw error;
  }
  const { rows } = await db.query<{ table_name: string; column_name: string }>(sql('source/columns').text, ['public']);
  const missing = missingSources(rows);
  if (missing.length > 0) {
    return fail('source tables', `missing ${missing.join(', ')}`, 'cdp sources create --database-url postgres://postgres:PASSWORD@127.0.0.1:5432/DB  (through the Cloud SQL Auth Proxy), then load the data');
  }
  return pass('source tables', 'the six tables and every column the stages read are present');
}
