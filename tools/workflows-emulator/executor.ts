/**
 * Runs a Cloud Workflows definition on this machine: the same YAML that is deployed, against
 * the functions served on localhost, so the order of work, the retries and the failure path
 * are tested rather than assumed. Semantics follow Cloud Workflows; where this executor is
 * narrower, `parse.ts` refuses the definition by naming the construct.
 */
import { randomUUID } from 'node:crypto';
import type { Branch, Step, Subworkflow, Workflow } from './definition.js';
import { RaisedError, WorkflowExecutionError, invalid, unsupported } from './errors.js';
import { type EvalContext, evaluate, evaluateValue } from './evaluate.js';
import type { FetchLike } from './http.js';
import { loopValues } from './iteration.js';
import { parseWorkflow } from './parse.js';
import { DEFAULT_HTTP_RETRY, backoffSeconds, normalizePolicy, policyFromValue, type RetryPolicy } from './retry.js';
import { settleAll, sleep } from './concurrency.js';
import { Scope } from './scope.js';
import { type StdContext, callNamed, callPositional, isStdFunction, isStdNamespace } from './stdlib.js';
import { clone, typeName } from './values.js';

export interface StepEvent {
  /** The step's name, as the Executions API's step entries show it. */
  readonly step: string;
  /** Where it is in the YAML, e.g. `main.steps[2].parallel.branches[0].steps[0]`. */
  readonly path: string;
  /** The subworkflow running it (`main`, or a subworkflow's name). */
  readonly routine: string;
  /** The parallel branch running it, if any. */
  readonly branch?: string;
  readonly event: 'start' | 'end' | 'error';
  readonly at: Date;
  /** For `error`: the Workflows error value. */
  readonly error?: unknown;
}

export interface ExecuteOptions {
  /** The execution argument, bound to `main`'s parameter (Cloud Workflows' `argument`). */
  readonly argument?: unknown;
  /** What `sys.get_env` reads. `GOOGLE_CLOUD_WORKFLOW_EXECUTION_ID` is a fresh uuid unless given. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly onStep?: (event: StepEvent) => void;
  /** Multiplies every retry delay; 0.001 turns seconds into milliseconds for local runs and tests. */
  readonly backoffScale?: number;
  readonly fetch?: FetchLike;
  /** Milliseconds since the epoch for `sys.now`; defaults to the clock. */
  readonly now?: () => number;
  /** Aborting it stops the execution at its next step or retry delay, rejecting with the signal's reason. */
  readonly signal?: AbortSignal;
}

type Flow =
  | { readonly kind: 'next' }
  | { readonly kind: 'jump'; readonly target: string }
  | { readonly kind: 'end' }
  | { readonly kind: 'break' }
  | { readonly kind: 'continue' }
  | { readonly kind: 'return'; readonly value: unknown };

interface Frame {
  readonly routine: string;
  readonly branch?: string;
}

const NEXT: Flow = { kind: 'next' };

/**
 * Executes `definition` (YAML text or a parsed `Workflow`) and resolves to `main`'s return value.
 * Rejects with `WorkflowExecutionError` when an error escapes `main`, and with
 * `WorkflowDefinitionError` when the definition is invalid or uses an unsupported construct.
 */
export async function executeWorkflow(definition: string | Workflow, options: ExecuteOptions = {}): Promise<unknown> {
  const workflow = typeof definition === 'string' ? parseWorkflow(definition) : definition;
  return new Execution(workflow, options).run();
}

class Execution {
  private readonly std: StdContext;

  constructor(private readonly workflow: Workflow, private readonly options: ExecuteOptions) {
    this.std = {
      env: { GOOGLE_CLOUD_WORKFLOW_EXECUTION_ID: randomUUID(), ...options.env },
      now: options.now ?? Date.now,
      fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    };
  }

  async run(): Promise<unknown> {
    const main = this.subworkflow('main');
    const param = main.params[0];
    const args = param ? { [param.name]: this.options.argument ?? null } : {};
    try {
      return await this.runSubworkflow(main, args);
    } catch (error) {
      if (error instanceof RaisedError) throw new WorkflowExecutionError(error.step ?? 'main', error.message, error.payload);
      throw error;
    }
  }

  private subworkflow(name: string): Subworkflow {
    const sub = this.workflow.subworkflows.get(name);
    if (!sub) throw invalid(name, `no subworkflow named "${name}"`);
    return sub;
  }

  private context(scope: Scope): EvalContext {
    return {
      lookup: (name) => scope.lookup(name),
      constant: (name) => (name === 'http.default_retry' ? { value: clone(DEFAULT_HTTP_RETRY) } : undefined),
      isFunction: (name) => this.workflow.subworkflows.has(name) || isStdFunction(name),
      isNamespace: (prefix) => isStdNamespace(prefix),
      call: (name, args) => callPositional(name, args, this.std),
    };
  }

  private value(raw: unknown, scope: Scope): unknown {
    return evaluateValue(raw, this.context(scope));
  }

  /** `branch`: the parallel branch of the caller, whose thread the subworkflow runs in. */
  private async runSubworkflow(sub: Subworkflow, args: Record<string, unknown>, branch?: string): Promise<unknown> {
    const scope = new Scope();
    const unknown = Object.keys(args).filter((key) => !sub.params.some((param) => param.name === key));
    if (unknown.length > 0) throw invalid(sub.name, `unknown argument(s) ${unknown.join(', ')} for ${sub.name}`);
    for (const param of sub.params) {
      if (param.name in args) scope.set(param.name, clone(args[param.name]));
      else if (!param.required) scope.set(param.name, this.value(param.default, scope));
      else throw invalid(sub.name, `missing argument "${param.name}" for ${sub.name}`);
    }
    const flow = await this.runSteps(sub.steps, scope, { routine: sub.name, ...(branch === undefined ? {} : { branch }) });
    return flow.kind === 'return' ? flow.value : null;
  }

  private async runSteps(steps: readonly Step[], scope: Scope, frame: Frame): Promise<Flow> {
    let i = 0;
    while (i < steps.length) {
      const flow = await this.runStep(steps[i] as Step, scope, frame);
      if (flow.kind === 'next') {
        i++;
        continue;
      }
      if (flow.kind === 'jump') {
        const target = steps.findIndex((step) => step.name === flow.target);
        if (target >= 0) {
          i = target;
          continue;
        }
      }
      return flow; // return, end, break, continue, or a jump to a step of an enclosing list
    }
    return NEXT;
  }

  private async runStep(step: Step, scope: Scope, frame: Frame): Promise<Flow> {
    this.options.signal?.throwIfAborted();
    this.emit(step, frame, 'start');
    try {
      const flow = after(step, await this.body(step, scope, frame));
      this.emit(step, frame, 'end');
      return flow;
    } catch (error) {
      if (error instanceof RaisedError) {
        error.step ??= step.name;
        this.emit(step, frame, 'error', error.payload);
      }
      throw error;
    }
  }

  /** Runs what the step does; `undefined` means "carry on as the step's `next` says". */
  private async body(step: Step, scope: Scope, frame: Frame): Promise<Flow | undefined> {
    switch (step.kind) {
      case 'assign':
        for (const assignment of step.assignments) {
          const value = this.value(assignment.value, scope);
          scope.assign(assignment.target, value, (node) => evaluate(node, this.context(scope)));
        }
        return undefined;
      case 'call': {
        const args = this.value(step.args, scope) as Record<string, unknown>;
        const result = this.workflow.subworkflows.has(step.call)
          ? await this.runSubworkflow(this.subworkflow(step.call), args, frame.branch)
          : await callNamed(step.call, args, this.std);
        if (step.result !== undefined) scope.set(step.result, result);
        return undefined;
      }
      case 'switch':
        for (const c of step.cases) {
          const condition = this.value(c.condition, scope);
          if (typeof condition !== 'boolean') {
            throw new RaisedError({ message: `switch condition must be a boolean, got ${typeName(condition)}`, tags: ['TypeError'] });
          }
          if (!condition) continue;
          // A case's own `next` wins; a case that just runs steps falls through to the switch's.
          const flow = await this.body(c.body, scope, frame);
          return flow ?? (c.body.next === undefined ? undefined : after(c.body, undefined));
        }
        return undefined;
      case 'return':
        return { kind: 'return', value: this.value(step.value, scope) };
      case 'raise':
        throw new RaisedError(this.value(step.value, scope));
      case 'steps': {
        const flow = await this.runSteps(step.steps, scope, frame);
        return flow.kind === 'next' ? undefined : flow;
      }
      case 'try':
        return this.runTry(step, scope, frame);
      case 'parallel':
        await this.runParallel(step, scope, frame);
        return undefined;
      case 'for':
        return this.runFor(step, scope, frame);
      case 'next':
        return undefined;
    }
  }

  private async runTry(step: Extract<Step, { kind: 'try' }>, scope: Scope, frame: Frame): Promise<Flow | undefined> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.body(step.body, scope, frame);
      } catch (error) {
        if (!(error instanceof RaisedError)) throw error;
        // The policy is evaluated when needed, so the predicate sees the variables of this moment.
        const policy = step.retry ? this.policy(step.retry, scope) : undefined;
        if (policy && attempt < policy.maxRetries && (await this.shouldRetry(policy, error.payload, frame))) {
          await sleep(backoffSeconds(policy, attempt) * 1000 * (this.options.backoffScale ?? 1), this.options.signal);
          continue;
        }
        if (!step.except) throw error;
        if (step.except.as !== undefined) scope.set(step.except.as, clone(error.payload));
        const flow = await this.runSteps(step.except.steps, scope, frame);
        return flow.kind === 'next' ? undefined : flow;
      }
    }
  }

  private policy(retry: NonNullable<Extract<Step, { kind: 'try' }>['retry']>, scope: Scope): RetryPolicy {
    if ('expression' in retry) return policyFromValue(this.value(retry.expression, scope));
    return normalizePolicy({
      predicate: this.value(retry.predicate, scope),
      maxRetries: this.value(retry.maxRetries, scope),
      initialDelay: this.value(retry.initialDelay, scope),
      maxDelay: this.value(retry.maxDelay, scope),
      multiplier: this.value(retry.multiplier, scope),
    });
  }

  private async shouldRetry(policy: RetryPolicy, payload: unknown, frame: Frame): Promise<boolean> {
    const name = policy.predicate.name;
    let verdict: unknown;
    if (this.workflow.subworkflows.has(name)) {
      const sub = this.subworkflow(name);
      const param = sub.params[0];
      if (!param || sub.params.filter((p) => p.required).length > 1) throw invalid(name, 'a retry predicate takes one parameter');
      verdict = await this.runSubworkflow(sub, { [param.name]: payload }, frame.branch);
    } else {
      verdict = callPositional(name, [payload], this.std);
    }
    if (typeof verdict !== 'boolean') {
      throw new RaisedError({ message: `retry predicate ${name} returned ${typeName(verdict)}, not a boolean`, tags: ['TypeError'] });
    }
    return verdict;
  }

  /**
   * The loop's list (or range) is evaluated once, before the first iteration. `break` ends the
   * loop, `continue` the iteration; `return` and `end` leave the loop and the routine with it.
   */
  private async runFor(step: Extract<Step, { kind: 'for' }>, scope: Scope, frame: Frame): Promise<Flow | undefined> {
    const source = 'in' in step.source
      ? { in: this.value(step.source.in, scope) }
      : { range: [this.value(step.source.range[0], scope), this.value(step.source.range[1], scope)] as const };
    const loopScope = Scope.forLoop(scope);
    for (const [i, value] of loopValues(source).entries()) {
      loopScope.declare(step.value, clone(value));
      if (step.index !== undefined) loopScope.declare(step.index, i);
      const flow = await this.runSteps(step.steps, loopScope, frame);
      if (flow.kind === 'break') break;
      if (flow.kind !== 'next' && flow.kind !== 'continue') return flow;
    }
    return undefined;
  }

  /**
   * Branches run concurrently (each awaits its own HTTP calls). As with the only policy Cloud
   * Workflows offers (`continueAll`), the other branches finish before an unhandled branch error
   * fails the step, as `UnhandledBranchError` listing each failed branch.
   */
  private async runParallel(step: Extract<Step, { kind: 'parallel' }>, scope: Scope, frame: Frame): Promise<void> {
    const shared = new Set(step.shared);
    for (const name of shared) {
      if (!scope.lookup(name)) throw invalid(`${step.path}.shared`, `shared variable "${name}" must be assigned before the parallel step`);
    }
    const runBranch = async (branch: Branch): Promise<void> => {
      const branchScope = new Scope(scope, shared, branch.path);
      const flow = await this.runSteps(branch.steps, branchScope, { routine: frame.routine, branch: branch.name });
      if (flow.kind === 'return' || flow.kind === 'jump') throw unsupported(branch.path, `${flow.kind} out of a parallel branch`);
    };
    const outcomes = await settleAll(step.branches, step.concurrencyLimit ?? step.branches.length, runBranch);
    const failures: { id: string; error: unknown }[] = [];
    for (const [i, outcome] of outcomes.entries()) {
      if (outcome.status === 'fulfilled') continue;
      if (!(outcome.reason instanceof RaisedError)) throw outcome.reason;
      failures.push({ id: (step.branches[i] as Branch).name, error: outcome.reason.payload });
    }
    if (failures.length > 0) {
      throw new RaisedError({
        message: 'UnhandledBranchError: One or more branches or iterations encountered an unhandled runtime error',
        tags: ['UnhandledBranchError'],
        branches: failures,
      });
    }
  }

  private emit(step: Step, frame: Frame, event: StepEvent['event'], error?: unknown): void {
    if (!this.options.onStep) return;
    const branch = frame.branch === undefined ? {} : { branch: frame.branch };
    this.options.onStep({ step: step.name, path: step.path, routine: frame.routine, ...branch, event, at: new Date(), ...(error === undefined ? {} : { error }) });
  }
}

/** A step's own `next` applies when its body did not already decide where to go. */
function after(step: Step, flow: Flow | undefined): Flow {
  if (flow) return flow;
  if (step.next === undefined) return NEXT;
  if (step.next === 'end' || step.next === 'break' || step.next === 'continue') return { kind: step.next };
  return { kind: 'jump', target: step.next };
}
