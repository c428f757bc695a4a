/**
 * Executions of one workflow definition on this machine, kept as the Workflow Executions API (v1)
 * shows them: `state`, `argument` and `result` as JSON strings, `error {payload, context,
 * stackTrace}`, `status.currentSteps`, and step entries recorded from the executor's step events
 * (the v1 REST resource `executions/*\/stepEntries`). The HTTP side is `executions-server.ts`.
 */
import { randomUUID } from 'node:crypto';
import { executeWorkflow, type StepEvent } from './executor.js';
import { WorkflowExecutionError } from './errors.js';

export const EXECUTION_STATES = ['ACTIVE', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const;
export type ExecutionState = (typeof EXECUTION_STATES)[number];

export const STEP_ENTRY_STATES = ['STATE_IN_PROGRESS', 'STATE_SUCCEEDED', 'STATE_FAILED'] as const;
export type StepEntryState = (typeof STEP_ENTRY_STATES)[number];

export interface StepEntryResource {
  name: string;
  entryId: string;
  createTime: string;
  updateTime: string;
  routine: string;
  step: string;
  state: StepEntryState;
  exception?: { payload: string };
}

export interface ExecutionResource {
  name: string;
  startTime: string;
  endTime?: string;
  duration?: string;
  state: ExecutionState;
  argument: string;
  result?: string;
  error?: { payload: string; context: string; stackTrace: { elements: { step: string; routine: string }[] } };
  workflowRevisionId: string;
  callLogLevel: string;
  status: { currentSteps: { routine: string; step: string }[] };
  labels: Record<string, string>;
}

export interface LocalExecutionsOptions {
  /** The workflow's YAML. */
  readonly definition: string;
  /** The workflow's environment (`sys.get_env`): the functions' URLs, TIME_ZONE. */
  readonly env: Readonly<Record<string, string>>;
  /** Multiplies the YAML's retry delays; tests pass 0.001. */
  readonly backoffScale?: number;
}

interface Tracked {
  readonly resource: ExecutionResource;
  readonly entries: StepEntryResource[];
  /** Open entries by where the step is (`routine|branch|path`), innermost last. */
  readonly open: Map<string, StepEntryResource[]>;
  readonly abort: AbortController;
  done: Promise<void>;
}

const REVISION = '000001-local';

export class LocalExecutions {
  private readonly executions = new Map<string, Tracked>();

  constructor(private readonly options: LocalExecutionsOptions) {}

  /** Starts an execution of `workflow` (`projects/P/locations/L/workflows/W`) with a JSON argument (or none). */
  create(workflow: string, argument: unknown, argumentText: string, labels: Record<string, string> = {}): ExecutionResource {
    const id = randomUUID();
    const name = `${workflow}/executions/${id}`;
    const [, project, , location, , workflowId] = workflow.split('/');
    const tracked: Tracked = {
      resource: {
        name,
        startTime: new Date().toISOString(),
        state: 'ACTIVE',
        argument: argumentText,
        workflowRevisionId: REVISION,
        callLogLevel: 'CALL_LOG_LEVEL_UNSPECIFIED',
        status: { currentSteps: [] },
        labels,
      },
      entries: [],
      open: new Map(),
      abort: new AbortController(),
      done: Promise.resolve(),
    };
    this.executions.set(name, tracked);
    tracked.done = executeWorkflow(this.options.definition, {
      argument,
      env: {
        ...this.options.env,
        GOOGLE_CLOUD_PROJECT_ID: project!,
        GOOGLE_CLOUD_LOCATION: location!,
        GOOGLE_CLOUD_WORKFLOW_ID: workflowId!,
        GOOGLE_CLOUD_WORKFLOW_REVISION_ID: REVISION,
        GOOGLE_CLOUD_WORKFLOW_EXECUTION_ID: id,
      },
      onStep: (event) => record(tracked, event),
      signal: tracked.abort.signal,
      ...(this.options.backoffScale !== undefined ? { backoffScale: this.options.backoffScale } : {}),
    }).then(
      (result) => finish(tracked, 'SUCCEEDED', { result: JSON.stringify(result ?? null) }),
      (error: unknown) => finish(tracked, tracked.abort.signal.aborted ? 'CANCELLED' : 'FAILED', { error: errorOf(tracked, error) }),
    );
    return snapshot(tracked.resource);
  }

  get(name: string): ExecutionResource | undefined {
    const tracked = this.executions.get(name);
    return tracked && snapshot(tracked.resource);
  }

  /** Step entries from `skip` on, at most `pageSize`, in the order they were created. */
  stepEntries(name: string, skip: number, pageSize: number): { entries: StepEntryResource[]; total: number } | undefined {
    const tracked = this.executions.get(name);
    if (!tracked) return undefined;
    return { entries: tracked.entries.slice(skip, skip + pageSize).map((entry) => ({ ...entry })), total: tracked.entries.length };
  }

  /** Resolves when `name` has ended (tests, and a server that stops). */
  async settled(name: string): Promise<void> {
    await this.executions.get(name)?.done;
  }

  /** Cancels every active execution (at its next step or retry delay) and waits for them to end. */
  async close(): Promise<void> {
    const active = [...this.executions.values()].filter((t) => t.resource.state === 'ACTIVE');
    for (const tracked of active) tracked.abort.abort(new Error('the local Workflow Executions server stopped'));
    await Promise.all(active.map((tracked) => tracked.done));
  }
}

function record(tracked: Tracked, event: StepEvent): void {
  const at = event.at.toISOString();
  const key = `${event.routine}|${event.branch ?? ''}|${event.path}`;
  const stack = tracked.open.get(key) ?? [];
  if (event.event === 'start') {
    const entryId = String(tracked.entries.length + 1);
    const entry: StepEntryResource = {
      name: `${tracked.resource.name}/stepEntries/${entryId}`,
      entryId,
      createTime: at,
      updateTime: at,
      routine: event.routine,
      step: event.step,
      state: 'STATE_IN_PROGRESS',
    };
    tracked.entries.push(entry);
    stack.push(entry);
    tracked.open.set(key, stack);
  } else {
    const entry = stack.pop();
    if (!entry) return;
    entry.updateTime = at;
    entry.state = event.event === 'end' ? 'STATE_SUCCEEDED' : 'STATE_FAILED';
    if (event.event === 'error') entry.exception = { payload: JSON.stringify(event.error ?? null) };
  }
  const running = tracked.entries.filter((entry) => entry.state === 'STATE_IN_PROGRESS');
  tracked.resource.status = { currentSteps: running.map((entry) => ({ routine: entry.routine, step: entry.step })) };
}

function finish(tracked: Tracked, state: ExecutionState, outcome: Pick<ExecutionResource, 'result' | 'error'>): void {
  const resource = tracked.resource;
  const end = new Date();
  resource.state = state;
  resource.endTime = end.toISOString();
  resource.duration = `${((end.getTime() - Date.parse(resource.startTime)) / 1000).toFixed(3)}s`;
  Object.assign(resource, outcome);
  for (const entry of tracked.entries) {
    if (entry.state !== 'STATE_IN_PROGRESS') continue;
    entry.state = 'STATE_FAILED'; // cut short by the execution's end (cancelled)
    entry.updateTime = resource.endTime;
  }
  const last = tracked.entries.at(-1);
  resource.status = { currentSteps: last ? [{ routine: last.routine, step: last.step }] : [] };
}

/** The execution's `error` as the API shows it: the raised value as JSON, and where it escaped. */
function errorOf(tracked: Tracked, error: unknown): NonNullable<ExecutionResource['error']> {
  const payload = error instanceof WorkflowExecutionError ? error.payload : { message: error instanceof Error ? error.message : String(error), tags: ['InternalError'] };
  const step = error instanceof WorkflowExecutionError ? error.step : (tracked.entries.at(-1)?.step ?? 'main');
  const routine = [...tracked.entries].reverse().find((entry) => entry.step === step)?.routine ?? 'main';
  const payloadText = JSON.stringify(payload);
  return {
    payload: payloadText,
    context: `RuntimeError: ${payloadText}\nin step "${step}", routine "${routine}"`,
    stackTrace: { elements: [{ step, routine }] },
  };
}

function snapshot(resource: ExecutionResource): ExecutionResource {
  return structuredClone(resource);
}
