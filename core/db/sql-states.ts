import type { ErrorCode } from '../errors.js';

/**
 * What a database error means for the caller, by SQLSTATE (PostgreSQL's Appendix A): the exact
 * state first, else its two-character class, else SQL_FAILURE. The HTTP layer gives transient
 * codes (UNREACHABLE, BUSY) a 503, which the workflow retries; permanent ones a 4xx (the request
 * or the data must change) or a 500 (the pipeline or its configuration must change), which it
 * does not. docs/reliability.md lists the same table.
 */
export const SQL_STATE_CODES: Readonly<Record<string, ErrorCode>> = {
  '57014': 'TIMEOUT', // query_canceled: statement_timeout; asking again would time out again
  '57P04': 'BAD_CONFIG', // database_dropped
  '42P01': 'MISSING_SOURCE', // undefined_table: a source dropped or renamed after prepare
  '42703': 'MISSING_SOURCE', // undefined_column
  '42883': 'MISSING_SOURCE', // undefined_function: a column changed type (sum(text))
  '42804': 'MISSING_SOURCE', // datatype_mismatch: likewise
  '42501': 'BAD_CONFIG', // insufficient_privilege: sql/grants.sql not (fully) run
  '53100': 'SQL_FAILURE', // disk_full: an operator must act; retries would fail the same way
  '55P03': 'BUSY', // lock_not_available (lock_timeout)
  '55006': 'BUSY', // object_in_use
};

export const SQL_STATE_CLASS_CODES: Readonly<Record<string, ErrorCode>> = {
  '08': 'UNREACHABLE', // connection exception
  '57': 'UNREACHABLE', // operator intervention: admin or crash shutdown, cannot connect now
  '28': 'BAD_CONFIG', // invalid authorization: the login (IAM user, password) is refused
  '0P': 'BAD_CONFIG', // invalid role specification
  '3D': 'BAD_CONFIG', // invalid catalog name: the database does not exist
  '3F': 'RUN_CONFLICT', // invalid schema name: the run's schema was dropped (the run ended meanwhile)
  '40': 'BUSY', // transaction rollback: serialization failure, deadlock
  '53': 'BUSY', // insufficient resources: out of memory, too many connections
  '22': 'BAD_DATA', // data exception: a value the statement cannot take (overflow, division by zero)
  '23': 'BAD_DATA', // integrity constraint violation
};

/** A SQLSTATE is five digits or upper-case letters; Node's system codes (EPIPE) are told apart first. */
export function codeForSqlState(state: string): ErrorCode {
  return SQL_STATE_CODES[state] ?? SQL_STATE_CLASS_CODES[state.slice(0, 2)] ?? 'SQL_FAILURE';
}
