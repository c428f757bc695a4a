/**
 * The deployed path, on this machine: the eight functions served on localhost by the Functions
 * Framework, and `workflows/customer_360.yaml` run by the local executor against them. Only
 * authentication differs from the cloud (the executor sends no OIDC token; nothing checks one).
 */
import type { PipelineSettings } from '../core/config.js';
import type { Database } from '../core/db/database.js';
import type { StepResult } from '../core/prepare.js';
import { serveFunctions, type ServedFunctions } from '../functions/serve.js';
import { silentLogger, type Logger } from '../functions/log.js';
import { useRuntime } from '../functions/runtime.js';
import { executeWorkflow, type StepEvent } from '../tools/workflows-emulator/index.js';
import { readCustomer360Yaml } from '../workflows/source.js';
import type { FetchLike } from '../tools/workflows-emulator/http.js';

/** What the workflow returns (its `summarize` step). */
export interface WorkflowSummary {
  readonly runId: string;
  readonly asOfDate: string;
  readonly rows: number;
  readonly segments: Record<string, number>;
  readonly statuses: Record<string, number>;
  readonly prepare: StepResult;
  /** Each stage function's reply, by stage name. */
  readonly stages: Record<string, StepResult>;
  /** Publish's reply; `quality` counts the dirty source rows by kind (`<table>.<kind>`). */
  readonly publish: StepResult & { readonly quality?: Readonly<Record<string, number>> | null };
}

export interface LocalStackOptions {
  readonly db: Database;
  readonly settings: PipelineSettings;
  /** Where the functions' structured log lines go; silent by default. */
  readonly log?: Logger;
}

export interface LocalStack {
  readonly functions: ServedFunctions;
  /** The workflow's environment: the functions' URLs and the time zone. */
  readonly env: Readonly<Record<string, string>>;
  close(): Promise<void>;
}

/** Serves the eight functions over `db`; one stack at a time per process (the runtime is shared). */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  useRuntime({ db: options.db, settings: options.settings, log: options.log ?? silentLogger });
  const functions = await serveFunctions();
  return {
    functions,
    env: { ...functions.env, TIME_ZONE: options.settings.timeZone },
    async close() {
      await functions.close();
      useRuntime(undefined);
    },
  };
}

export interface WorkflowRunOptions {
  readonly argument?: { readonly runId?: string; readonly asOfDate?: string };
  readonly onStep?: (event: StepEvent) => void;
  /** Multiplies the YAML's retry delays (seconds); tests pass 0.001. */
  readonly backoffScale?: number;
  readonly fetch?: FetchLike;
}

export async function runWorkflow(stack: LocalStack, options: WorkflowRunOptions = {}): Promise<WorkflowSummary> {
  return (await executeWorkflow(readCustomer360Yaml(), {
    argument: options.argument ?? {},
    env: stack.env,
    ...(options.onStep ? { onStep: options.onStep } : {}),
    ...(options.backoffScale !== undefined ? { backoffScale: options.backoffScale } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  })) as WorkflowSummary;
}

/** Serves the functions, runs one execution of the workflow, and stops serving. */
export async function runLocalPipeline(options: LocalStackOptions & WorkflowRunOptions): Promise<WorkflowSummary> {
  const stack = await startLocalStack(options);
  try {
    return await runWorkflow(stack, options);
  } finally {
    await stack.close();
  }
}
