/** Source data for the reliability suites: the dirty fixture, and small generated samples. */
import { readFileSync } from 'node:fs';
import type { Database } from '../../../core/db/database.js';
import type { DataQuality } from '../../../core/quality.js';
import { loadSample } from '../../../core/sample.js';
import { sql } from '../../../core/sql.js';

export const DIRTY_AS_OF = '2024-06-01';

const dirtySources = readFileSync(new URL('../fixtures/dirty_sources.sql', import.meta.url), 'utf8');

/** Replaces the six sources with fixtures/dirty_sources.sql (no keys, as a raw feed arrives). */
export async function loadDirtySources(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.exec(sql('source/drop_tables').text);
    await tx.exec(sql('source/create_tables').text);
    await tx.exec(dirtySources);
  });
}

/** What the quality report must say about the dirty fixture as of DIRTY_AS_OF. */
export const DIRTY_QUALITY: DataQuality = {
  'customer_info.null_customer_id': 0,
  'customer_info.duplicate_customer_id': 0,
  'customer_info.registered_after_as_of_date': 1,
  'purchase_transactions.null_customer_id': 1,
  'purchase_transactions.unknown_customer': 1,
  'purchase_transactions.unknown_product': 2,
  'purchase_transactions.negative_amount': 1,
  'purchase_transactions.after_as_of_date': 2,
  'purchase_transactions.duplicate_transaction_id': 0,
  'customer_service.null_customer_id': 1,
  'customer_service.unknown_customer': 1,
  'customer_service.satisfaction_out_of_range': 2,
  'customer_service.unknown_resolution_status': 2,
  'campaign_responses.null_customer_id': 1,
  'campaign_responses.unknown_customer': 1,
  'campaign_responses.unknown_response_type': 2,
  'campaign_responses.repeat_conversion': 1,
  'website_behavior.null_customer_id': 1,
  'website_behavior.unknown_customer': 1,
  'website_behavior.after_as_of_date': 1,
};

/** A small generated sample: enough rows for real work, little enough for a 2-core machine. */
export async function loadSmallSample(db: Database, customers = 300, anchorDate = '2024-06-01'): Promise<void> {
  await loadSample(db, { customers, anchorDate });
}
