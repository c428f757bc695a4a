/** The follower against a scripted Executions API: what the cloud can do that the local one does not. */
import { describe, expect, it } from 'vitest';
import type { Execution, ExecutionsApi, StepEntry } from '../../cli/executions-api.js';
import { followExecution, type StepPhase } from '../../cli/follow-execution.js';
import { CdpError } from '../../core/errors.js';

const NAME = 'projects/p/locations/l/workflows/w/executions/e';

function entry(entryId: number, step: string, state: string, from = 0, to = from): StepEntry {
  return { entryId, routine: 'main', step, state, createTime: new Date(from), updateTime: new Date(to) };
}

/** Answers poll i with states[i] and steps[i] (the last one repeats); a thrown value fails that poll. */
function scripted(states: (string | Error)[], steps: (StepEntry[] | Error)[]): ExecutionsApi & { skips: number[] } {
  let polls = 0;
  const skips: number[] = [];
  return {
    skips,
    create: async () => { throw new Error('not used'); },
    async get(): Promise<Execution> {
      const state = states[Math.min(polls++, states.length - 1)]!;
      if (state instanceof Error) throw state;
      return { name: NAME, state, argument: '{}' };
    },
    async stepEntries(_name, skip) {
      skips.push(skip);
      const page = steps[Math.min(polls - 1, steps.length - 1)]!;
      if (page instanceof Error) throw page;
      return page.filter((e) => e.entryId > skip);
    },
    close: async () => {},
  };
}

async function follow(api: ExecutionsApi) {
  const seen: string[] = [];
  const warnings: string[] = [];
  const execution = await followExecution(api, NAME, {
    intervalMs: 0,
    sleep: async () => {},
    onStep: (e: StepEntry, phase: StepPhase) => seen.push(`${e.step} ${phase}`),
    onWarning: (message) => warnings.push(message),
  });
  return { execution, seen, warnings };
}

describe('followExecution', () => {
  it('reports each step once as it starts and once as it ends, and reads finished entries only once', async () => {
    const api = scripted(
      ['ACTIVE', 'ACTIVE', 'SUCCEEDED'],
      [
        [entry(1, 'a', 'STATE_SUCCEEDED', 1, 2), entry(2, 'b', 'STATE_IN_PROGRESS', 3)],
        [entry(1, 'a', 'STATE_SUCCEEDED', 1, 2), entry(2, 'b', 'STATE_FAILED', 3, 5), entry(3, 'c', 'STATE_SUCCEEDED', 4, 4)],
        [entry(1, 'a', 'STATE_SUCCEEDED', 1, 2), entry(2, 'b', 'STATE_FAILED', 3, 5), entry(3, 'c', 'STATE_SUCCEEDED', 4, 4)],
      ],
    );
    const { execution, seen } = await follow(api);
    expect(execution.state).toBe('SUCCEEDED');
    expect(seen).toEqual(['a start', 'a end', 'b start', 'c start', 'c end', 'b error']);
    expect(api.skips).toEqual([0, 1, 3]);
  });

  it('carries on with the state alone when step entries cannot be read (a missing permission)', async () => {
    const { execution, seen, warnings } = await follow(scripted(['ACTIVE', 'FAILED'], [new Error('7 PERMISSION_DENIED: workflows.stepEntries.list')]));
    expect(execution.state).toBe('FAILED');
    expect(seen).toEqual([]);
    expect(warnings).toEqual(["cannot read the execution's step entries (7 PERMISSION_DENIED: workflows.stepEntries.list); following its state only"]);
  });

  it('rides out a few failed polls, then gives up naming the execution', async () => {
    const blip = new Error('14 UNAVAILABLE: try again');
    expect((await follow(scripted([blip, blip, 'SUCCEEDED'], [[]]))).execution.state).toBe('SUCCEEDED');
    const lost = await follow(scripted([blip], [[]])).catch((error: unknown) => error);
    expect(lost).toBeInstanceOf(CdpError);
    expect(lost).toMatchObject({ code: 'UNREACHABLE', message: `lost track of execution ${NAME} (it may still be running): 14 UNAVAILABLE: try again` });
  });
});
