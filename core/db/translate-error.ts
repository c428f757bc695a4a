import { CdpError, isCdpError } from '../errors.js';

const UNREACHABLE_NODE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'EAI_AGAIN']);

// The server ended the session under the statement (pg_terminate_backend, a failover, a restart):
// the work was rolled back and a retry on a new connection can succeed, so these answer 503.
const SESSION_LOST_SQL_STATES = new Set(['57P01', '57P02', '57P03']);

function field(error: unknown, key: string): string | undefined {
  if (typeof error !== 'object' || error === null || !(key in error)) return undefined;
  const value = (error as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : undefined;
}

/** The driver error's SQLSTATE (or Node's system error code), when it has one. */
export function sqlState(error: unknown): string | undefined {
  return field(error, 'code');
}

/**
 * Turns a driver error into a CdpError with a stable code. The message is the server's own
 * (which names objects, never the statement text); `sqlState` is kept for the ledger and logs.
 */
export function translateDatabaseError(error: unknown, doing: string): CdpError {
  if (isCdpError(error)) return error;
  const code = sqlState(error);
  const message = error instanceof Error ? error.message : String(error);
  const details = { doing, sqlState: code };
  if (code && (UNREACHABLE_NODE_CODES.has(code) || /^(08|28|3D)/.test(code) || SESSION_LOST_SQL_STATES.has(code))) {
    return new CdpError('UNREACHABLE', `database unreachable while ${doing}: ${message}`, details, { cause: error });
  }
  if (code === '57014') {
    return new CdpError('TIMEOUT', `${doing} ran past its statement timeout`, details, { cause: error });
  }
  return new CdpError('SQL_FAILURE', `${doing} failed: ${message}`, details, { cause: error });
}
