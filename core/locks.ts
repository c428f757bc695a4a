/** Advisory lock keys (pg_advisory_xact_lock): one per thing that must not run twice at once. */
export const LOCKS = {
  /** Creating the ledger schema: concurrent `create ... if not exists` can collide. */
  ledger: 4_339_001,
  /** Publishing: swaps of customer_360 happen one at a time. */
  publish: 4_339_002,
} as const;
