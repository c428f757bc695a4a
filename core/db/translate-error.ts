import { CdpError, isCdpError, type ErrorCode } from '../errors.js';
import { codeForSqlState } from './sql-states.js';

// Node's codes for a connection that could not be made or broke: a retry can succeed.
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EAI_AGAIN']);

// The pg driver's own errors for a connection lost or never made; they carry no code at all.
const CONNECTION_LOST = /^(Connection terminated( unexpectedly| due to connection timeout)?|Client has encountered a connection error and is not queryable|Query read timeout|timeout expired|timeout exceeded when trying to connect)$/;

function field(error: unknown, key: string): string | undefined {
  if (typeof error !== 'object' || error === null || !(key in error)) return undefined;
  const value = (error as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : undefined;
}

/** The driver error's SQLSTATE (or Node's system error code), when it has one. */
export function sqlState(error: unknown): string | undefined {
  return field(error, 'code');
}

/** The error code for a thrown driver error: SQLSTATE table, network codes, lost connections; else INTERNAL. */
export function classifyDatabaseError(error: unknown): ErrorCode {
  const code = sqlState(error);
  if (code !== undefined && NETWORK_CODES.has(code)) return 'UNREACHABLE';
  if (code !== undefined && /^[0-9A-Z]{5}$/.test(code)) return codeForSqlState(code);
  if (error instanceof Error && CONNECTION_LOST.test(error.message)) return 'UNREACHABLE';
  return 'INTERNAL';
}

/**
 * Turns a driver error into a CdpError with a stable code. The message is the server's own
 * (which names objects, never the statement text); `sqlState` is kept for the ledger and logs.
 */
export function translateDatabaseError(error: unknown, doing: string): CdpError {
  if (isCdpError(error)) return error;
  const code = classifyDatabaseError(error);
  const message = error instanceof Error ? error.message : String(error);
  const details = { doing, sqlState: sqlState(error) };
  switch (code) {
    case 'UNREACHABLE':
      return new CdpError(code, `database unreachable while ${doing}: ${message}`, details, { cause: error });
    case 'TIMEOUT':
      return new CdpError(code, `${doing} ran past its statement timeout`, details, { cause: error });
    case 'INTERNAL':
      return new CdpError(code, `unexpected failure in ${doing}: ${message}`, details, { cause: error });
    default:
      return new CdpError(code, `${doing} failed: ${message}`, details, { cause: error });
  }
}
