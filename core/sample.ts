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

// customer_info and product_catalog first: the activity tables are drawn from them. Each
// generator's parameters: the customer count and the anchor date, the anchor date, or none.
const SAMPLE_TABLES = [
  ['customer_info', 'sized'],
  ['product_catalog', 'fixed'],
  ['purchase_transactions', 'dated'],
  ['customer_service', 'dated'],
  ['campaign_responses', 'dated'],
  ['website_behavior', 'dated'],
] as const;

/**
 * Replaces the six source tables with generated data: set-based inserts, then the keys and the
 * customer_id indexes an operational database has (and incremental runs need), then ANALYZE.
 */
export async function loadSample(db: Database, options: SampleOptions, onTable?: (table: string) => void): Promise<SampleCounts> {
  const counts: Record<string, number> = {};
  try {
    await db.transaction(async (tx) => {
      await tx.exec(sql('source/drop_tables').text);
      await tx.exec(sql('source/create_tables').text);
      for (const [table, takes] of SAMPLE_TABLES) {
        onTable?.(table);
        const params = { sized: [options.customers, options.anchorDate], dated: [options.anchorDate], fixed: [] }[takes];
        const { rowCount } = await tx.query(sql(`sample/${table}`).text, params);
        counts[table] = rowCount;
      }
      await tx.exec(sql('source/add_keys').text);
    });
    await db.exec(sql('source/analyze').text);
  } catch (error) {
    throw translateDatabaseError(error, 'loading sample data');
  }
  return counts;
}
