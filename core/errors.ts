import { randomUUID } from 'node:crypto';

/** Stable error codes: tests, the HTTP layer and the CLI branch on these, never on wording. */
export const ERROR_CODES = [
  'BAD_INPUT', // a request body or CLI flag is invalid
  'UNSUPPORTED_MEDIA', // a request body that is not uncompressed JSON (Content-Type, Content-Encoding)
  'BAD_CONFIG', // configuration (environment, cdktf context, the database login or grants) is invalid
  'UNREACHABLE', // the database cannot be reached, or the session was lost under the statement
  'BUSY', // the database cannot do it now (deadlock, serialization, too many connections): a retry can succeed
  'MISSING_SOURCE', // a source table or column is missing, or changed after prepare
  'BAD_DATA', // the database refused a value in the data (SQLSTATE classes 22 and 23)
  'RUN_UNKNOWN', // no ledger row for this run id
  'RUN_PUBLISHED', // the run is already published
  'RUN_CONFLICT', // the run exists with other parameters, or its stages are incomplete
  'RUN_LEASED', // the run is being run by another execution (its owner)
  'SUPERSEDED', // a newer as-of date is already published
  'GATE_FAILED', // a quality gate refused the new table
  'TIMEOUT', // a statement ran past its timeout
  'SQL_FAILURE', // any other database error: a fault in the pipeline's SQL or the server
  'INTERNAL', // a failure outside the database: a bug
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export class CdpError extends Error {
  override readonly name = 'CdpError';
  /** Quoted to the caller, written in the log line and in the ledger, so the three can be matched. */
  readonly errorId: string = randomUUID();
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra facts a person needs to fix the cause (field, stage, gate, count). Never SQL or secrets. */
    readonly details: Readonly<Record<string, unknown>> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isCdpError(value: unknown): value is CdpError {
  return value instanceof CdpError;
}

/** Any thrown value as a CdpError: a CdpError as it is, anything else as INTERNAL. */
export function asCdpError(value: unknown, doing: string): CdpError {
  if (isCdpError(value)) return value;
  const message = value instanceof Error ? value.message : String(value);
  return new CdpError('INTERNAL', `unexpected failure in ${doing}: ${message}`, {}, { cause: value });
}
