import type { TraceContext } from './trace-context.js';

/**
 * Structured log lines in Cloud Logging's JSON format, one object per line on stdout, which the
 * platform's agent turns into log entries: `severity` and `message`; `runId` and `stage` both as
 * fields (jsonPayload.runId) and as labels (labels.runId); the request's trace
 * (`logging.googleapis.com/trace`), so a line shows under its request; and, on an ERROR line
 * given a `stack_trace`, what Error Reporting needs to group it (`@type`, `serviceContext`).
 * Hand-written rather than pino with @google-cloud/pino-logging-gcp-config: that brings
 * @google-cloud/logging and gRPC into every function for what is one JSON.stringify here, and
 * reads the trace only from OpenTelemetry, which these functions do not run.
 */
export type Severity = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR';

export interface LogFields {
  readonly runId?: string;
  readonly stage?: string;
  /** The request's trace; written as Cloud Logging's trace fields, not as a field of its own. */
  readonly trace?: TraceContext;
  /** `CODE: message` and the frames: makes an ERROR line an Error Reporting event. */
  readonly stack_trace?: string;
  readonly [key: string]: unknown;
}

export type Logger = (severity: Severity, message: string, fields?: LogFields) => void;

/** What the lines say of where they come from; read from the environment once. */
export interface LogSettings {
  /** Needed to name a trace (`projects/P/traces/T`): CDP_PROJECT_ID, else GOOGLE_CLOUD_PROJECT. */
  readonly projectId?: string;
  /** Error Reporting's service and version: Cloud Run's K_SERVICE and K_REVISION. */
  readonly service?: string;
  readonly version?: string;
}

export function logSettingsFrom(env: Readonly<Record<string, string | undefined>>): LogSettings {
  const projectId = env.CDP_PROJECT_ID?.trim() || env.GOOGLE_CLOUD_PROJECT?.trim();
  return {
    ...(projectId ? { projectId } : {}),
    ...(env.K_SERVICE ? { service: env.K_SERVICE } : {}),
    ...(env.K_REVISION ? { version: env.K_REVISION } : {}),
  };
}

const REPORTED_ERROR_EVENT = 'type.googleapis.com/google.devtools.clouderrorreporting.v1beta1.ReportedErrorEvent';

/** The JSON object of one line. */
export function cloudLogEntry(severity: Severity, message: string, fields: LogFields, settings: LogSettings, now = new Date()): Record<string, unknown> {
  const { trace, ...rest } = fields;
  const labels = Object.fromEntries(
    (['runId', 'stage'] as const).filter((key) => typeof fields[key] === 'string').map((key) => [key, fields[key] as string]),
  );
  const entry: Record<string, unknown> = { severity, message, ...rest, time: now.toISOString() };
  if (Object.keys(labels).length > 0) entry['logging.googleapis.com/labels'] = labels;
  if (trace && settings.projectId) {
    entry['logging.googleapis.com/trace'] = `projects/${settings.projectId}/traces/${trace.traceId}`;
    if (trace.spanId) entry['logging.googleapis.com/spanId'] = trace.spanId;
    entry['logging.googleapis.com/trace_sampled'] = trace.sampled;
  }
  if (severity === 'ERROR' && typeof fields.stack_trace === 'string') {
    entry['@type'] = REPORTED_ERROR_EVENT;
    entry.serviceContext = { service: settings.service ?? (typeof fields.stage === 'string' ? fields.stage : 'customer-360'), ...(settings.version ? { version: settings.version } : {}) };
  }
  return entry;
}

export function createStdoutLogger(settings: LogSettings, write: (line: string) => void = (line) => process.stdout.write(line)): Logger {
  return (severity, message, fields = {}) => write(`${JSON.stringify(cloudLogEntry(severity, message, fields, settings))}\n`);
}

export const stdoutLogger: Logger = createStdoutLogger(logSettingsFrom(process.env));

export const silentLogger: Logger = () => {};

/** A logger adding `extra` to every line (the request's trace, say). */
export function withFields(log: Logger, extra: LogFields): Logger {
  return (severity, message, fields = {}) => log(severity, message, { ...extra, ...fields });
}
