/**
 * Errors of the local Workflows executor.
 *
 * Three kinds, kept apart on purpose:
 * - `RaisedError` is a Workflows error *in flight*: what `raise`, a failed `http.post` or a bad
 *   expression produce. Only this kind is visible to `try/retry/except`, as in Cloud Workflows.
 * - `WorkflowDefinitionError` is a problem with the YAML itself (bad shape, or a construct this
 *   executor does not implement). It is never catchable by the workflow: running a definition we
 *   only half understand would test something other than what Cloud Workflows runs.
 * - `WorkflowExecutionError` is what `executeWorkflow` throws when a `RaisedError` escapes `main`,
 *   like a failed execution of the Executions API.
 */

export const WORKFLOW_ERROR_CODES = ['UNSUPPORTED', 'INVALID_DEFINITION', 'EXECUTION_FAILED'] as const;

export type WorkflowErrorCode = (typeof WORKFLOW_ERROR_CODES)[number];

export class WorkflowDefinitionError extends Error {
  override readonly name = 'WorkflowDefinitionError';
  constructor(
    readonly code: Exclude<WorkflowErrorCode, 'EXECUTION_FAILED'>,
    message: string,
    /** Where in the definition, e.g. `main.steps[3].foo`. */
    readonly path: string,
  ) {
    super(message);
  }
}

/** The construct at `path` exists in Cloud Workflows (or is a typo) but is not implemented here. */
export function unsupported(path: string, detail?: string): WorkflowDefinitionError {
  const suffix = detail ? `: ${detail}` : '';
  return new WorkflowDefinitionError('UNSUPPORTED', `unsupported Workflows construct "${path}"${suffix}`, path);
}

export function invalid(path: string, detail: string): WorkflowDefinitionError {
  return new WorkflowDefinitionError('INVALID_DEFINITION', `invalid workflow definition at "${path}": ${detail}`, path);
}

/** A Workflows error value (usually a map with `message` and `tags`) travelling up the steps. */
export class RaisedError extends Error {
  override readonly name = 'RaisedError';
  /** The step that raised it; set by the innermost step it passes through. */
  step: string | undefined;
  constructor(readonly payload: unknown) {
    super(messageOf(payload));
  }
}

/** A Workflows-shaped error map: `{ message, tags: [tag], ...extra }`. */
export function raised(tag: string, message: string, extra: Record<string, unknown> = {}): RaisedError {
  return new RaisedError({ message, tags: [tag], ...extra });
}

export class WorkflowExecutionError extends Error {
  override readonly name = 'WorkflowExecutionError';
  readonly code = 'EXECUTION_FAILED' as const;
  constructor(
    /** The step where the unhandled error was raised. */
    readonly step: string,
    message: string,
    /** The Workflows error value itself, as an execution's `error.payload` would hold it. */
    readonly payload: unknown,
  ) {
    super(message);
  }
}

export function messageOf(payload: unknown): string {
  if (typeof payload === 'string') return payload;
  if (payload !== null && typeof payload === 'object' && !Array.isArray(payload)) {
    const message = (payload as Record<string, unknown>)['message'];
    if (typeof message === 'string') return message;
  }
  return JSON.stringify(payload) ?? String(payload);
}
