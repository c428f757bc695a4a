/**
 * Follows an execution to its end by polling: its state (the official client's getExecution)
 * and its step entries (oldest first; entries already finished are not read again). Each step
 * entry is reported once when first seen and once when it ends, so a step that started and
 * finished between two polls is still reported, in order.
 */
import { CdpError } from '../core/errors.js';
import type { Execution, ExecutionsApi, StepEntry } from './executions-api.js';

export type StepPhase = 'start' | 'end' | 'error';

export interface FollowOptions {
  readonly intervalMs: number;
  readonly onStep: (entry: StepEntry, phase: StepPhase) => void;
  /** Said once if the step entries cannot be read (the execution is still followed to its end). */
  readonly onWarning?: (message: string) => void;
  readonly sleep?: (ms: number) => Promise<void>;
}

const FINISHED_STEP = new Set(['STATE_SUCCEEDED', 'STATE_FAILED']);
const RUNNING_EXECUTION = new Set(['ACTIVE', 'QUEUED']);
/** Consecutive failed polls tolerated before giving up (a network blip must not end a 30-minute wait). */
const MAX_POLL_FAILURES = 5;

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function reason(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}

/** Resolves with the execution in its final state. */
export async function followExecution(api: ExecutionsApi, name: string, options: FollowOptions): Promise<Execution> {
  const sleep = options.sleep ?? pause;
  const reported = new Map<number, string>();
  let skip = 0;
  let failures = 0;
  let stepsReadable = true;
  for (;;) {
    let execution: Execution;
    try {
      execution = await api.get(name);
      failures = 0;
    } catch (error) {
      if (++failures >= MAX_POLL_FAILURES) {
        throw new CdpError('UNREACHABLE', `lost track of execution ${name} (it may still be running): ${reason(error)}`, { execution: name }, { cause: error });
      }
      await sleep(options.intervalMs);
      continue;
    }
    // Read after the state, so a finished execution's entries are complete.
    if (stepsReadable) {
      try {
        const entries = await api.stepEntries(name, skip);
        for (const event of changes(entries, reported)) options.onStep(event.entry, event.phase);
        const open = entries.findIndex((entry) => !FINISHED_STEP.has(entry.state));
        skip += open === -1 ? entries.length : open;
      } catch (error) {
        stepsReadable = false;
        options.onWarning?.(`cannot read the execution's step entries (${reason(error)}); following its state only`);
      }
    }
    if (!RUNNING_EXECUTION.has(execution.state)) return execution;
    await sleep(options.intervalMs);
  }
}

interface Change {
  readonly entry: StepEntry;
  readonly phase: StepPhase;
  readonly at: number;
}

/**
 * What changed since the last poll: each entry's start when first seen, its end when it finished,
 * in the order they happened (a stable sort by time keeps an entry's start before its end).
 */
function changes(entries: readonly StepEntry[], reported: Map<number, string>): Change[] {
  const found: Change[] = [];
  for (const entry of entries) {
    const before = reported.get(entry.entryId);
    if (before === entry.state) continue;
    if (before === undefined) found.push({ entry, phase: 'start', at: entry.createTime.getTime() });
    if (FINISHED_STEP.has(entry.state)) {
      found.push({ entry, phase: entry.state === 'STATE_SUCCEEDED' ? 'end' : 'error', at: entry.updateTime.getTime() });
    }
    reported.set(entry.entryId, entry.state);
  }
  return found.sort((a, b) => a.at - b.at);
}
