import type { Queryable } from './database.js';
import { sqlState } from './translate-error.js';

/** The statements of one savepoint: setting it, and rolling back to it (each an sql/ file's text). */
export interface Savepoint {
  readonly set: string;
  readonly rollback: string;
}

/**
 * Runs `statement` after `savepoint`, inside the caller's transaction. True when it succeeded;
 * false when it failed with one of `expected` SQLSTATEs, after rolling back to the savepoint so
 * that the transaction goes on as before the statement. Any other failure is thrown.
 */
export async function attemptInSavepoint(
  tx: Queryable, savepoint: Savepoint, statement: string, expected: ReadonlySet<string>,
): Promise<boolean> {
  await tx.query(savepoint.set);
  try {
    await tx.query(statement);
    return true;
  } catch (error) {
    const code = sqlState(error);
    if (code === undefined || !expected.has(code)) throw error;
    await tx.query(savepoint.rollback);
    return false;
  }
}
