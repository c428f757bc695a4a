/**
 * `for` loops as the Workflows syntax reference describes them: over a list (or a map's keys) with
 * an optional index, over a range that includes both ends, with break and continue, return from a
 * loop inside a subworkflow, and the variables a loop creates ending with it.
 */
import { describe, expect, it } from 'vitest';
import { WorkflowDefinitionError, WorkflowExecutionError } from '../../../tools/workflows-emulator/errors.js';
import { executeWorkflow } from '../../../tools/workflows-emulator/executor.js';

/** `main` with `trail: ""` and `ages` assigned, then `steps` (indented as main's steps), then `return: result`. */
function program(steps: string, result = '${trail}'): string {
  return `
main:
  steps:
    - init:
        assign:
          - trail: ""
          - ages: { ada: 36, alan: 41 }
${steps}
    - done:
        return: ${result}
`;
}

/** A loop whose body appends `<index>:<value>` (or `<value>` without an index) to `trail`. */
function walk(head: string, withIndex = true): string {
  const item = withIndex ? '${trail + string(i) + ":" + string(v) + " "}' : '${trail + string(v) + " "}';
  return `    - loop:
        for:
          ${head}
          steps:
            - note:
                assign:
                  - trail: '${item}'`;
}

async function definitionError(yaml: string): Promise<WorkflowDefinitionError> {
  const error = await executeWorkflow(yaml).catch((reason: unknown) => reason);
  if (!(error instanceof WorkflowDefinitionError)) throw new Error(`expected a WorkflowDefinitionError, got ${String(error)}`);
  return error;
}

async function executionError(yaml: string): Promise<WorkflowExecutionError> {
  const error = await executeWorkflow(yaml).catch((reason: unknown) => reason);
  if (!(error instanceof WorkflowExecutionError)) throw new Error(`expected a WorkflowExecutionError, got ${String(error)}`);
  return error;
}

describe('for loops on the local executor', () => {
  it.each<[string, string, boolean, string]>([
    ['a literal list, with its index', 'value: v\n          index: i\n          in: ["a", "b", "c"]', true, '0:a 1:b 2:c '],
    ['a map through keys()', 'value: v\n          index: i\n          in: ${keys(ages)}', true, '0:ada 1:alan '],
    ['an empty list', 'value: v\n          in: []', false, ''],
    ['a range, both ends included', 'value: v\n          range: [2, 4]', false, '2 3 4 '],
    ['a range given by expressions', 'value: v\n          range: ["${ages.ada - 1}", "${ages.ada}"]', false, '35 36 '],
    ['a range whose end is before its begin', 'value: v\n          range: [3, 2]', false, ''],
  ])('walks %s', async (_what, head, withIndex, expected) => {
    await expect(executeWorkflow(program(walk(head, withIndex)))).resolves.toBe(expected);
  });

  it('keeps what the loop assigns to variables that exist around it', async () => {
    const yaml = program(`${walk('value: v\n          in: [1, 2]', false)}
    - after:
        assign:
          - trail: '\${trail + "then"}'`);
    await expect(executeWorkflow(yaml)).resolves.toBe('1 2 then');
  });

  it.each([
    ['the loop variable', '${v}'],
    ['the index variable', '${i}'],
    ['a variable created in the loop', '${inner}'],
  ])('ends %s with the loop', async (_what, result) => {
    const yaml = program(`    - loop:
        for:
          value: v
          index: i
          in: [1]
          steps:
            - make:
                assign:
                  - inner: \${v}`, result);
    expect((await executionError(yaml)).payload).toMatchObject({ tags: ['KeyError'] });
  });

  it('hides a variable of the same name while the loop runs, and leaves it as it was', async () => {
    const yaml = program(`    - outer:
        assign:
          - v: outer
${walk('value: v\n          in: ["x"]', false)}`, '${trail + v}');
    await expect(executeWorkflow(yaml)).resolves.toBe('x outer');
  });

  it('evaluates the list once, before the first iteration', async () => {
    const yaml = program(`    - loop:
        for:
          value: v
          in: \${keys(ages)}
          steps:
            - grow:
                assign:
                  - ages[v + "2"]: 0
                  - trail: '\${trail + v + " "}'`);
    await expect(executeWorkflow(yaml)).resolves.toBe('ada alan ');
  });

  it('continue skips the rest of an iteration and break ends the loop, from inside a switch', async () => {
    const yaml = program(`    - loop:
        for:
          value: v
          range: [1, 9]
          steps:
            - decide:
                switch:
                  - condition: \${v == 2}
                    next: continue
                  - condition: \${v == 4}
                    next: break
            - note:
                assign:
                  - trail: '\${trail + string(v) + " "}'`);
    await expect(executeWorkflow(yaml)).resolves.toBe('1 3 ');
  });

  it('return inside a loop returns from the subworkflow running it', async () => {
    const yaml = `
main:
  steps:
    - find:
        call: first_over
        args: { limit: 38, ages: { ada: 36, alan: 41, grace: 85 } }
        result: name
    - done:
        return: \${name}
first_over:
  params: [limit, ages]
  steps:
    - search:
        for:
          value: name
          in: \${keys(ages)}
          steps:
            - check:
                switch:
                  - condition: \${ages[name] > limit}
                    return: \${name}
    - none:
        return: null
`;
    await expect(executeWorkflow(yaml)).resolves.toBe('alan');
  });

  it('next: end inside a loop ends the routine', async () => {
    const yaml = program(`${walk('value: v\n          in: [1, 2]', false)}
    - stop:
        for:
          value: v
          in: [1]
          steps:
            - leave:
                next: end`, '"not reached"');
    await expect(executeWorkflow(yaml)).resolves.toBeNull();
  });

  it.each([
    ['a map', '${ages}', /"in" must be a list, got map/],
    ['a string', 'abc', /"in" must be a list, got string/],
  ])('raises TypeError for a loop over %s', async (_what, source, message) => {
    const error = await executionError(program(walk(`value: v\n          in: ${source}`, false)));
    expect(error.payload).toMatchObject({ tags: ['TypeError'] });
    expect(error.message).toMatch(message);
  });

  it.each<[string, string, string, RegExp]>([
    ['break outside a loop', '- a:\n    next: break\n', 'INVALID_DEFINITION', /"break" is only allowed inside a for loop/],
    ['continue in a parallel branch inside a loop', `- l:
    for:
      value: v
      in: [1]
      steps:
        - p:
            parallel:
              branches:
                - a:
                    steps:
                      - s:
                          next: continue
                - b:
                    steps:
                      - t:
                          assign:
                            - x: 1
`, 'INVALID_DEFINITION', /"continue" is only allowed inside a for loop/],
    ['a jump out of a loop', '- l:\n    for:\n      value: v\n      in: [1]\n      steps:\n        - s:\n            next: after\n- after:\n    return: 1\n', 'UNSUPPORTED', /a jump out of a for loop to "after"/],
    ['a jump into a loop', '- s:\n    next: inside\n- l:\n    for:\n      value: v\n      in: [1]\n      steps:\n        - inside:\n            return: 1\n', 'INVALID_DEFINITION', /no step named "inside" in reach/],
    ['both in and range', '- l:\n    for:\n      value: v\n      in: [1]\n      range: [1, 2]\n      steps:\n        - s:\n            return: 1\n', 'INVALID_DEFINITION', /exactly one of "in" and "range"/],
    ['a loop without a value', '- l:\n    for:\n      in: [1]\n      steps:\n        - s:\n            return: 1\n', 'INVALID_DEFINITION', /for\.value/],
    ['a range of three', '- l:\n    for:\n      value: v\n      range: [1, 2, 3]\n      steps:\n        - s:\n            return: 1\n', 'INVALID_DEFINITION', /range is \[begin, end\]/],
    ['an index with a range', '- l:\n    for:\n      value: v\n      index: i\n      range: [1, 2]\n      steps:\n        - s:\n            return: 1\n', 'UNSUPPORTED', /an index with range/],
  ])('refuses %s before running anything', async (_what, yaml, code, message) => {
    const error = await definitionError(yaml);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });
});
