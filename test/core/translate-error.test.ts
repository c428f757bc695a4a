/**
 * What a failure means for the caller: SQLSTATE class to error code to HTTP status, and whether
 * the workflow retries it (workflows/customer_360.yaml's retry_transient: 429, 502, 503).
 * Permanent failures are final at once; only what may pass is retried.
 */
import { describe, expect, it } from 'vitest';
import { SQL_STATE_CLASS_CODES, SQL_STATE_CODES } from '../../core/db/sql-states.js';
import { translateDatabaseError } from '../../core/db/translate-error.js';
import { asCdpError, CdpError } from '../../core/errors.js';
import { HTTP_STATUS } from '../../functions/http-status.js';
import { driverError } from '../support/faulty-database.js';

const RETRIED = new Set([429, 502, 503]);

function outcome(error: unknown) {
  const translated = translateDatabaseError(error, 'stage temp_purchase_stats');
  const status = HTTP_STATUS[translated.code];
  return { code: translated.code, status, retried: RETRIED.has(status) };
}

describe('a database error, by SQLSTATE', () => {
  it.each([
    ['08006', 'connection_failure', 'UNREACHABLE', 503, true],
    ['08001', 'sqlclient_unable_to_establish_sqlconnection', 'UNREACHABLE', 503, true],
    ['57P01', 'admin_shutdown (pg_terminate_backend, a failover)', 'UNREACHABLE', 503, true],
    ['57P02', 'crash_shutdown', 'UNREACHABLE', 503, true],
    ['57P03', 'cannot_connect_now', 'UNREACHABLE', 503, true],
    ['57014', 'query_canceled (statement_timeout)', 'TIMEOUT', 504, false],
    ['57P04', 'database_dropped', 'BAD_CONFIG', 500, false],
    ['40001', 'serialization_failure', 'BUSY', 503, true],
    ['40P01', 'deadlock_detected', 'BUSY', 503, true],
    ['53200', 'out_of_memory', 'BUSY', 503, true],
    ['53300', 'too_many_connections', 'BUSY', 503, true],
    ['53100', 'disk_full', 'SQL_FAILURE', 500, false],
    ['55P03', 'lock_not_available', 'BUSY', 503, true],
    ['55006', 'object_in_use', 'BUSY', 503, true],
    ['28000', 'invalid_authorization_specification', 'BAD_CONFIG', 500, false],
    ['28P01', 'invalid_password', 'BAD_CONFIG', 500, false],
    ['3D000', 'invalid_catalog_name (no such database)', 'BAD_CONFIG', 500, false],
    ['42501', 'insufficient_privilege (grants not run)', 'BAD_CONFIG', 500, false],
    ['42P01', 'undefined_table (a source dropped after prepare)', 'MISSING_SOURCE', 422, false],
    ['42703', 'undefined_column (a source column renamed after prepare)', 'MISSING_SOURCE', 422, false],
    ['42883', 'undefined_function (a column changed type: sum(text))', 'MISSING_SOURCE', 422, false],
    ['42804', 'datatype_mismatch', 'MISSING_SOURCE', 422, false],
    ['3F000', 'invalid_schema_name (the run\'s schema dropped meanwhile)', 'RUN_CONFLICT', 409, false],
    ['22012', 'division_by_zero', 'BAD_DATA', 422, false],
    ['22003', 'numeric_value_out_of_range', 'BAD_DATA', 422, false],
    ['22008', 'datetime_field_overflow', 'BAD_DATA', 422, false],
    ['23505', 'unique_violation', 'BAD_DATA', 422, false],
    ['42601', 'syntax_error (a bug in the pipeline\'s SQL)', 'SQL_FAILURE', 500, false],
    ['0A000', 'feature_not_supported', 'SQL_FAILURE', 500, false],
    ['XX000', 'internal_error', 'SQL_FAILURE', 500, false],
    ['58030', 'io_error', 'SQL_FAILURE', 500, false],
  ] as const)('%s (%s) is %s, HTTP %i, retried: %s', (state, _name, code, status, retried) => {
    expect(outcome(driverError(state, 'the server says why'))).toEqual({ code, status, retried });
  });

  it('keeps the SQLSTATE and what was being done, and the server\'s message', () => {
    const error = translateDatabaseError(driverError('42P01', 'relation "purchase_transactions" does not exist'), 'stage temp_purchase_stats');
    expect(error).toMatchObject({
      code: 'MISSING_SOURCE',
      message: 'stage temp_purchase_stats failed: relation "purchase_transactions" does not exist',
      details: { doing: 'stage temp_purchase_stats', sqlState: '42P01' },
    });
  });

  it('lists every class it names once, each state under a class it does not contradict by accident', () => {
    for (const state of Object.keys(SQL_STATE_CODES)) expect(state).toMatch(/^[0-9A-Z]{5}$/);
    for (const cls of Object.keys(SQL_STATE_CLASS_CODES)) expect(cls).toMatch(/^[0-9A-Z]{2}$/);
  });
});

describe('a failure without a SQLSTATE', () => {
  it.each([
    ['Connection terminated unexpectedly', 'the server or the network dropped the session mid-statement'],
    ['Connection terminated', 'the client ended under the statement'],
    ['Client has encountered a connection error and is not queryable', 'a session already broken'],
    ['Query read timeout', 'no answer in time'],
    ['timeout exceeded when trying to connect', 'the pool could not connect in time'],
  ])('"%s" (%s) is UNREACHABLE, HTTP 503, retried', (message) => {
    expect(outcome(new Error(message))).toEqual({ code: 'UNREACHABLE', status: 503, retried: true });
  });

  it.each(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH'])('Node\'s %s is UNREACHABLE, HTTP 503, retried', (code) => {
    expect(outcome(Object.assign(new Error(`connect ${code}`), { code }))).toEqual({ code: 'UNREACHABLE', status: 503, retried: true });
  });

  it('anything else is INTERNAL, HTTP 500, not retried: a bug, not the database', () => {
    expect(outcome(new TypeError("Cannot read properties of undefined (reading 'rows')"))).toEqual({ code: 'INTERNAL', status: 500, retried: false });
    expect(asCdpError(new RangeError('bad'), 'prepare')).toMatchObject({ code: 'INTERNAL', message: 'unexpected failure in prepare: bad' });
  });

  it('leaves a CdpError as it is, with its error id', () => {
    const error = new CdpError('GATE_FAILED', 'gate');
    expect(translateDatabaseError(error, 'publish')).toBe(error);
    expect(error.errorId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('configuration', () => {
  it('BAD_CONFIG answers 500 and is not retried', () => {
    expect(RETRIED.has(HTTP_STATUS.BAD_CONFIG)).toBe(false);
    expect(RETRIED.has(HTTP_STATUS.INTERNAL)).toBe(false);
  });
});
