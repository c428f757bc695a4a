/**
 * Completing the quality report counted beside publish's join with what the keyed customer_360
 * tells: the unknown customers of the sources it counts are the rows with a customer_id that its
 * customers do not have, and its key proves customer_info's ids unique and not null.
 */
import { describe, expect, it } from 'vitest';
import { completeQuality, QUALITY_CHECKS, type QualityBesideTable, type TableCounts } from '../../core/quality.js';

const TAKEN_FROM_TABLE = [
  'customer_info.null_customer_id',
  'customer_info.duplicate_customer_id',
  'customer_info.registered_after_as_of_date',
  'purchase_transactions.unknown_customer',
  'customer_service.unknown_customer',
  'website_behavior.unknown_customer',
];

/** A report counted aside: every count 7, but the three the table gives (null). */
function aside(overrides: Partial<QualityBesideTable> = {}): QualityBesideTable {
  const counts = Object.fromEntries(QUALITY_CHECKS.map((check) => [check, TAKEN_FROM_TABLE.includes(check) ? null : 7]));
  return {
    counts: counts as QualityBesideTable['counts'],
    rowsWithCustomerId: { purchase_transactions: 100, customer_service: 20, website_behavior: 300 },
    purchasesCountedAsOne: false,
    ...overrides,
  };
}

const TABLE: TableCounts = {
  customerRows: { purchase_transactions: 97, customer_service: 20, website_behavior: 290 },
  registeredAfterAsOfDate: 4,
};

describe('completeQuality', () => {
  it('takes each source\'s unknown customers as its rows with an id that the keyed table does not count', () => {
    expect(completeQuality(aside(), true, TABLE)).toEqual({
      ...Object.fromEntries(QUALITY_CHECKS.map((check) => [check, 7])),
      'customer_info.null_customer_id': 0,
      'customer_info.duplicate_customer_id': 0,
      'customer_info.registered_after_as_of_date': 4,
      'purchase_transactions.unknown_customer': 3,
      'customer_service.unknown_customer': 0,
      'website_behavior.unknown_customer': 10,
    });
  });

  it('gives nothing for a table without its key, whose rows may repeat a customer', () => {
    expect(completeQuality(aside(), false, TABLE)).toBeUndefined();
  });

  it('gives nothing when total_purchases counted a repeated transaction once', () => {
    expect(completeQuality(aside({ purchasesCountedAsOne: true }), true, TABLE)).toBeUndefined();
  });

  it('fails loudly when the table counts more rows than the source has with an id', () => {
    expect(() => completeQuality(aside(), true, { ...TABLE, customerRows: { ...TABLE.customerRows, customer_service: 21 } })).toThrow(/counts 20 customer_service rows with a customer_id, customer_360 21/);
  });

  it('fails loudly when the report left out a count the table does not give', () => {
    const counts = { ...aside().counts, 'campaign_responses.unknown_customer': null };
    expect(() => completeQuality(aside({ counts }), true, TABLE)).toThrow(/no count for campaign_responses.unknown_customer/);
  });
});
