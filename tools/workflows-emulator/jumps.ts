/**
 * Where a step's `next` may go, checked once the definition is parsed: a step of the same list
 * or of an enclosing one (jumping out of nested steps, never into them), `end`, and inside a for
 * loop `break` and `continue`. A parallel branch is a list of its own (the caller checks each
 * branch alone), so nothing jumps out of it. Leaving a for loop by a jump to an outer step is
 * refused as unsupported: the Workflows documentation leaves a loop by break, end or return.
 */
import type { Step } from './definition.js';
import { invalid, unsupported } from './errors.js';

interface Reach {
  /** Step names a jump may target from here. */
  readonly visible: readonly string[];
  /** Inside a for loop: the names outside it, which a jump must not target. */
  readonly beyondLoop?: readonly string[];
}

export function checkJumps(steps: readonly Step[], outer: Reach = { visible: [] }): void {
  const reach: Reach = { ...outer, visible: [...outer.visible, ...steps.map((step) => step.name)] };
  for (const step of steps) checkStep(step, reach);
}

function checkStep(step: Step, reach: Reach): void {
  checkTarget(step, step.next, reach);
  switch (step.kind) {
    case 'steps':
      checkJumps(step.steps, reach);
      break;
    case 'switch':
      for (const c of step.cases) checkStep(c.body, reach);
      break;
    case 'try':
      checkStep(step.body, reach);
      if (step.except) checkJumps(step.except.steps, reach);
      break;
    case 'for':
      checkJumps(step.steps, { visible: [], beyondLoop: [...(reach.beyondLoop ?? []), ...reach.visible] });
      break;
    default:
      break;
  }
}

function checkTarget(step: Step, target: string | undefined, reach: Reach): void {
  if (target === undefined || target === 'end') return;
  const path = `${step.path}.next`;
  if (target === 'break' || target === 'continue') {
    if (!reach.beyondLoop) throw invalid(path, `"${target}" is only allowed inside a for loop`);
    return;
  }
  if (reach.visible.includes(target)) return;
  if (reach.beyondLoop?.includes(target)) throw unsupported(path, `a jump out of a for loop to "${target}" (use break)`);
  throw invalid(path, `no step named "${target}" in reach`);
}
