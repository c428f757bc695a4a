import type { PipelineSettings } from './config.js';
import type { Database } from './db/database.js';
import { abortRun } from './abort.js';
import { prepare, type PrepareResult, type RunRequest, type StepResult } from './prepare.js';
import { publish, type PublishResult } from './publish.js';
import { runStage } from './run-stage.js';
import { STAGES } from './stages.js';

export type PipelineEvent =
  | { readonly step: string; readonly event: 'start' }
  | { readonly step: string; readonly event: 'end'; readonly result: StepResult }
  | { readonly step: string; readonly event: 'error'; readonly error: Error };

export interface PipelineResult {
  readonly prepare: PrepareResult;
  readonly stages: readonly StepResult[];
  readonly publish: PublishResult;
}

async function step<T extends StepResult>(name: string, work: () => Promise<T>, onEvent?: (e: PipelineEvent) => void): Promise<T> {
  onEvent?.({ step: name, event: 'start' });
  try {
    const result = await work();
    onEvent?.({ step: name, event: 'end', result });
    return result;
  } catch (error) {
    onEvent?.({ step: name, event: 'error', error: error as Error });
    throw error;
  }
}

/**
 * The whole run in this process: prepare, the six stages at once, publish. The deployed
 * pipeline runs the same steps through the workflow and the functions; this is the library form.
 */
export async function runPipeline(db: Database, request: RunRequest, settings: PipelineSettings, onEvent?: (e: PipelineEvent) => void): Promise<PipelineResult> {
  const prepared = await step('prepare', () => prepare(db, request, settings), onEvent);
  // Settled, not raced: the run is aborted only once no stage is still writing into its schema.
  const settled = await Promise.allSettled(STAGES.map((stage) => step(stage, () => runStage(db, stage, request, settings), onEvent)));
  const failed = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failed) {
    await abortRun(db, request.runId, (failed.reason as Error).message).catch(() => {});
    throw failed.reason;
  }
  const stages = settled.map((outcome) => (outcome as PromiseFulfilledResult<StepResult>).value);
  const published = await step('publish', () => publish(db, request, settings), onEvent);
  return { prepare: prepared, stages, publish: published };
}
