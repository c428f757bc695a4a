import type { Queryable } from './db/database.js';
import { CdpError } from './errors.js';
import { sql } from './sql.js';

/** Every source table and column the stages read: what prepare checks before a run starts. */
export const SOURCE_COLUMNS = {
  customer_info: ['customer_id', 'first_name', 'last_name', 'email', 'phone_number', 'date_of_birth', 'registration_date'],
  purchase_transactions: ['transaction_id', 'customer_id', 'product_id', 'purchase_date', 'total_amount'],
  product_catalog: ['product_id', 'category', 'brand'],
  customer_service: ['customer_id', 'satisfaction_score', 'resolution_status'],
  campaign_responses: ['customer_id', 'campaign_id', 'response_type'],
  website_behavior: ['customer_id', 'pages_viewed', 'time_spent', 'visit_date'],
} as const satisfies Record<string, readonly string[]>;

export type SourceTable = keyof typeof SOURCE_COLUMNS;

export const SOURCE_TABLES = Object.keys(SOURCE_COLUMNS) as SourceTable[];

/** Names what is missing, e.g. `table customer_service` or `column purchase_transactions.total_amount`. */
export function missingSources(present: ReadonlyArray<{ table_name: string; column_name: string }>): string[] {
  const have = new Set(present.map((row) => `${row.table_name}.${row.column_name}`));
  const tables = new Set(present.map((row) => row.table_name));
  const missing: string[] = [];
  for (const table of SOURCE_TABLES) {
    if (!tables.has(table)) {
      missing.push(`table ${table}`);
      continue;
    }
    for (const column of SOURCE_COLUMNS[table]) {
      if (!have.has(`${table}.${column}`)) missing.push(`column ${table}.${column}`);
    }
  }
  return missing;
}

/**
 * Throws MISSING_SOURCE naming the source tables that exist but that the current user may not
 * read, so that a missing grant is not reported as a missing table. Returns when there are none.
 */
export async function assertSourcesReadable(db: Queryable, schema = 'public'): Promise<void> {
  const { rows } = await db.query<{ table_name: string }>(sql('source/unreadable').text, [schema]);
  if (rows.length === 0) return;
  const tables = rows.map((row) => `${schema}.${row.table_name}`);
  throw new CdpError('MISSING_SOURCE', `no privilege on ${tables.join(', ')}; run the grants (sql/grants.sql, printed by \`cdp grants\`)`, {
    unreadable: tables,
  });
}
