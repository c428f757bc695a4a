/**
 * Structured log lines in Cloud Logging's JSON format: one JSON object per line on stdout, with
 * `severity` and `message` read by the logging agent; `runId` and `stage` are for filtering.
 */
export type Severity = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR';

export interface LogFields {
  readonly runId?: string;
  readonly stage?: string;
  readonly [key: string]: unknown;
}

export type Logger = (severity: Severity, message: string, fields?: LogFields) => void;

export const stdoutLogger: Logger = (severity, message, fields = {}) => {
  process.stdout.write(`${JSON.stringify({ severity, message, ...fields, time: new Date().toISOString() })}\n`);
};

export const silentLogger: Logger = () => {};
