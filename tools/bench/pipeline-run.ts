/**
 * (b) of each pair: the pipeline the production way. workflows/customer_360.yaml runs on the
 * local executor and calls the eight functions over HTTP in their own process
 * (functions-process.ts), which work on the real server.
 */
import { STAGES } from '../../core/stages.js';
import { executeWorkflow, WorkflowExecutionError, type StepEvent } from '../../tools/workflows-emulator/index.js';
import { readCustomer360Yaml } from '../../workflows/source.js';
import { CdpError } from '../../core/errors.js';
import type { PrepareResult, StepResult } from '../../core/prepare.js';
import type { RunMode } from '../../core/stages.js';
import type { TimedRun } from './seed-run.js';
import type { ServerCpu } from './server-cpu.js';

export interface PipelineRunOptions {
  /** The workflow's environment: the functions' URL_* and TIME_ZONE. */
  readonly env: Readonly<Record<string, string>>;
  readonly runId: string;
  readonly asOfDate: string;
  /** The workflow input's mode: a full rebuild, or an incremental run over the changes since. */
  readonly mode: RunMode;
  readonly cpu?: ServerCpu;
  /** Called as each function call starts and ends, for the progress line. */
  readonly onStep?: (step: string, event: 'start' | 'end') => void;
}

interface Summary {
  readonly prepare: PrepareResult;
  readonly stages: Readonly<Record<string, StepResult>>;
  readonly publish: StepResult;
}

/** Step names of the YAML's HTTP calls, mapped to the function they call. */
const CALLS: Readonly<Record<string, string>> = {
  prepare: 'prepare',
  publish: 'publish',
  ...Object.fromEntries(STAGES.map((stage) => [`post_${stage}`, stage])),
};

/**
 * Per step, the time the function itself reported (durationMs of its answer); total is the
 * execution's wall time. A run that did not get the mode asked for (an incremental run that fell
 * back to a full one) is an error: its time would be reported under the wrong name.
 */
export async function runPipeline(options: PipelineRunOptions): Promise<TimedRun> {
  const onStep = (event: StepEvent) => {
    const fn = CALLS[event.step];
    if (fn && event.event !== 'error') options.onStep?.(fn, event.event);
  };
  const meter = options.cpu?.start();
  const started = performance.now();
  let summary: Summary;
  try {
    summary = (await executeWorkflow(readCustomer360Yaml(), {
      argument: { runId: options.runId, asOfDate: options.asOfDate, mode: options.mode },
      env: options.env,
      onStep,
    })) as Summary;
  } catch (error) {
    meter?.stop();
    if (error instanceof WorkflowExecutionError) {
      throw new CdpError('INTERNAL', `the pipeline's run ${options.runId} failed at ${error.step}: ${error.message}`, {}, { cause: error });
    }
    throw error;
  }
  const totalMs = performance.now() - started;
  const cpuSeconds = meter?.stop();
  const steps: Record<string, number> = { prepare: summary.prepare.durationMs };
  for (const stage of STAGES) steps[stage] = summary.stages[stage]!.durationMs;
  steps.publish = summary.publish.durationMs;
  if (summary.prepare.mode !== options.mode) {
    throw new CdpError('INTERNAL', `the pipeline's run ${options.runId} ran ${summary.prepare.mode}, not ${options.mode}: ${summary.prepare.modeReason}`);
  }
  return { asOfDate: options.asOfDate, steps, totalMs, ...(cpuSeconds !== undefined ? { cpuSeconds } : {}) };
}
