/** Driving runs step by step, as the workflow does, so a test can act between the steps. */
import type { PipelineSettings } from '../../../core/config.js';
import { DEFAULT_SETTINGS } from '../../../core/config.js';
import type { Database } from '../../../core/db/database.js';
import { prepare, type RunRequest } from '../../../core/prepare.js';
import { publish, type PublishResult } from '../../../core/publish.js';
import { runStage } from '../../../core/run-stage.js';
import { STAGES } from '../../../core/stages.js';

/** Settings for tests: the defaults, but a small pool's worth of work memory. */
export const SETTINGS: PipelineSettings = { ...DEFAULT_SETTINGS, workMem: '8MB' };

/** prepare, then the six stages at once; the run is left ready to publish. */
export async function prepareAndStage(db: Database, request: RunRequest, settings: PipelineSettings = SETTINGS): Promise<void> {
  await prepare(db, request, settings);
  await Promise.all(STAGES.map((stage) => runStage(db, stage, request, settings)));
}

export async function runToPublish(db: Database, request: RunRequest, settings: PipelineSettings = SETTINGS): Promise<PublishResult> {
  await prepareAndStage(db, request, settings);
  return publish(db, request, settings);
}

/** The promise's rejection, for asserting on codes; fails the test if it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<Error & { code?: string; details?: Record<string, unknown> }> {
  return promise.then(
    (value) => { throw new Error(`expected a rejection, got ${JSON.stringify(value)}`); },
    (error: Error) => error,
  );
}
