/** Calling the served functions the way the workflow does, and reading what they log. */
import type { Logger, LogFields, Severity } from '../../functions/log.js';

export interface FunctionAnswer {
  readonly status: number;
  readonly contentType: string;
  /** The parsed JSON body, or the raw text when it is not JSON. */
  readonly body: any;
  readonly text: string;
}

export async function call(url: string, init: RequestInit): Promise<FunctionAnswer> {
  const response = await fetch(url, init);
  const text = await response.text();
  const contentType = response.headers.get('content-type') ?? '';
  let body: unknown = text;
  if (contentType.includes('json')) body = JSON.parse(text);
  return { status: response.status, contentType, body, text };
}

/** POST with a JSON body, as `http.post` in the workflow sends it. */
export function post(url: string, body: unknown): Promise<FunctionAnswer> {
  return call(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

export interface LogEntry extends LogFields {
  readonly severity: Severity;
  readonly message: string;
}

/** A Logger keeping each line as the JSON text stdoutLogger would write, parsed back for assertions. */
export function capturingLogger(): { readonly log: Logger; readonly lines: string[]; entries(): LogEntry[] } {
  const lines: string[] = [];
  return {
    lines,
    log: (severity, message, fields = {}) => {
      lines.push(JSON.stringify({ severity, message, ...fields }));
    },
    entries: () => lines.map((line) => JSON.parse(line) as LogEntry),
  };
}
