/** Stable error codes: tests, the HTTP layer and the CLI branch on these, never on wording. */
export const ERROR_CODES = [
  'BAD_INPUT', // a request body or CLI flag is invalid
  'BAD_CONFIG', // configuration (environment, cdktf context) is invalid
  'UNREACHABLE', // the database cannot be reached
  'MISSING_SOURCE', // a source table or column is missing
  'RUN_UNKNOWN', // no ledger row for this run id
  'RUN_PUBLISHED', // the run is already published
  'RUN_CONFLICT', // the run exists with other parameters, or its stages are incomplete
  'SUPERSEDED', // a newer as-of date is already published
  'GATE_FAILED', // a quality gate refused the new table
  'TIMEOUT', // a statement ran past its timeout
  'SQL_FAILURE', // any other database error
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export class CdpError extends Error {
  override readonly name = 'CdpError';
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
