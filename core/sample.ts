import type { Database } from './db/database.js';
import { translateDatabaseError } from './db/translate-error.js';
import { sql } from './sql.js';

export interface SampleOptions {
  readonly customers: number;
  /** The date the sample is made for: activity falls on or before it. */
  readonly anchorDate: string;
}

export interface SampleCounts {
  readonly [table: string]: number;
}

// customer_info and product_catalog first: the activity tables are drawn from them.
const SAMPLE_TABLES = [
  'customer_info',
  'product_catalog',
  'purchase_transactions',
  'customer_service',
  'campaign_responses',
  'website_behavior',
] as const;

/** Replaces the six source tables with generated data: set-based inserts, keys built after, then ANALYZE. */
export async function loadSample(db: Database, options: SampleOptions, onTable?: (table: string) => void): Promise<SampleCounts> {
  const counts: Record<string, number> = {};
  try {
    await db.transaction(async (tx) => {
      await tx.exec(sql('source/drop_tables').text);
      await tx.exec(sql('source/create_tables').text);
      for (const table of SAMPLE_TABLES) {
        onTable?.(table);
        const statement = sql(`sample/${table}`);
        const params = statement.paramCount === 2 ? [options.customers, options.anchorDate] : [options.anchorDate];
        const { rowCount } = await tx.query(statement.text, statement.paramCount === 0 ? [] : params);
        counts[table] = rowCount;
      }
      await tx.exec(sql('source/add_primary_keys').text);
    });
    await db.exec(sql('source/analyze').text);
  } catch (error) {
    throw translateDatabaseError(error, 'loading sample data');
  }
  return counts;
}
