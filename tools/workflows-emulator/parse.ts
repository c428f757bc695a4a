/**
 * YAML text -> validated `Workflow`. Every key the executor does not implement is reported by
 * its path (`unsupported Workflows construct "main.steps[3].foo"`), every expression is parsed
 * and every function it calls is checked, so a definition fails here, before any HTTP call,
 * instead of half-way through a run.
 */
import { parse as parseYaml } from 'yaml';
import type { Assignment, Branch, Param, RetryPolicySpec, Step, Subworkflow, Workflow } from './definition.js';
import { invalid, unsupported } from './errors.js';
import { ExpressionSyntaxError, type Node, dottedName, expressionSource, parseExpression, walkNodes } from './expression.js';
import { checkJumps } from './jumps.js';
import { isBlocking, isStdFunction } from './stdlib.js';
import { isMap } from './values.js';

/** Keys allowed beside each step's main key. */
const STEP_KEYS = {
  assign: ['assign', 'next'],
  call: ['call', 'args', 'result', 'next'],
  switch: ['switch', 'next'],
  return: ['return'],
  raise: ['raise'],
  steps: ['steps', 'next'],
  try: ['try', 'retry', 'except', 'next'],
  parallel: ['parallel', 'next'],
  for: ['for', 'next'],
  next: ['next'],
} as const;
type Kind = keyof typeof STEP_KEYS;
const KIND_ORDER: Kind[] = ['try', 'parallel', 'for', 'switch', 'call', 'assign', 'steps', 'return', 'raise', 'next'];

export function parseWorkflow(yamlText: string): Workflow {
  let raw: unknown;
  try {
    raw = parseYaml(yamlText);
  } catch (error) {
    throw invalid('(yaml)', (error as Error).message);
  }
  const parser = new DefinitionParser(raw);
  return parser.workflow();
}

class DefinitionParser {
  private readonly names: Set<string>;

  constructor(private readonly raw: unknown) {
    // A bare list of steps is the `main` workflow; a map holds `main` and subworkflows.
    this.names = new Set(Array.isArray(raw) ? ['main'] : isMap(raw) ? Object.keys(raw) : []);
  }

  workflow(): Workflow {
    const raw = this.raw;
    if (Array.isArray(raw)) return { subworkflows: new Map([['main', this.subworkflow('main', { steps: raw })]]) };
    if (!isMap(raw)) throw invalid('(root)', 'expected a list of steps or a map of subworkflows');
    if (!('main' in raw)) throw invalid('(root)', 'no "main" workflow');
    const subworkflows = new Map<string, Subworkflow>();
    for (const [name, body] of Object.entries(raw)) subworkflows.set(name, this.subworkflow(name, body));
    return { subworkflows };
  }

  private subworkflow(name: string, body: unknown): Subworkflow {
    if (!isMap(body)) throw invalid(name, 'a subworkflow is a map with "steps"');
    this.onlyKeys(body, name, ['params', 'steps']);
    const params = this.params(body['params'], `${name}.params`);
    if (name === 'main' && params.length > 1) throw invalid(`${name}.params`, 'main takes at most one parameter');
    const steps = this.steps(body['steps'], `${name}.steps`);
    checkJumps(steps);
    return { name, params, steps };
  }

  private params(raw: unknown, path: string): Param[] {
    if (raw === undefined) return [];
    if (!Array.isArray(raw)) throw invalid(path, 'params is a list');
    return raw.map((item, i) => {
      if (typeof item === 'string') return { name: item, required: true };
      if (isMap(item) && Object.keys(item).length === 1) {
        const [name, value] = Object.entries(item)[0] as [string, unknown];
        return { name, required: false, default: value };
      }
      throw invalid(`${path}[${i}]`, 'a param is a name or { name: default }');
    });
  }

  private steps(raw: unknown, path: string): Step[] {
    if (!Array.isArray(raw) || raw.length === 0) throw invalid(path, 'expected a non-empty list of steps');
    return raw.map((item, i) => {
      const stepPath = `${path}[${i}]`;
      if (!isMap(item) || Object.keys(item).length !== 1) throw invalid(stepPath, 'a step is a map with one key, its name');
      const [name, body] = Object.entries(item)[0] as [string, unknown];
      if (!isMap(body)) throw invalid(stepPath, `step "${name}" has no body`);
      return this.step(name, body, stepPath);
    });
  }

  private step(name: string, body: Record<string, unknown>, path: string): Step {
    const kind = KIND_ORDER.find((candidate) => candidate in body);
    if (!kind) throw unsupported(`${path}.${Object.keys(body)[0] ?? '(empty)'}`, `step "${name}"`);
    this.onlyKeys(body, path, STEP_KEYS[kind]);
    const next = body['next'] === undefined ? undefined : this.name(body['next'], `${path}.next`);
    const base = { name, path, ...(next === undefined ? {} : { next }) };
    switch (kind) {
      case 'assign': return { ...base, kind, assignments: this.assignments(body['assign'], `${path}.assign`) };
      case 'call': return this.call(base, body, path);
      case 'switch': return { ...base, kind, cases: this.cases(name, body['switch'], `${path}.switch`) };
      case 'return': this.value(body['return'], `${path}.return`); return { ...base, kind, value: body['return'] };
      case 'raise': this.value(body['raise'], `${path}.raise`); return { ...base, kind, value: body['raise'] };
      case 'steps': return { ...base, kind, steps: this.steps(body['steps'], `${path}.steps`) };
      case 'try': return this.tryStep(base, body, path);
      case 'parallel': return this.parallel(base, body['parallel'], `${path}.parallel`);
      case 'for': return this.forStep(base, body['for'], `${path}.for`);
      case 'next': return { ...base, kind };
    }
  }

  private call(base: { name: string; path: string; next?: string }, body: Record<string, unknown>, path: string): Step {
    const call = this.name(body['call'], `${path}.call`);
    if (!this.names.has(call) && !isStdFunction(call)) throw unsupported(`${path}.call`, `function ${call}`);
    const args = body['args'] ?? {};
    if (!isMap(args)) throw invalid(`${path}.args`, 'args is a map');
    this.value(args, `${path}.args`);
    const result = body['result'] === undefined ? undefined : this.name(body['result'], `${path}.result`);
    return { ...base, kind: 'call', call, args, ...(result === undefined ? {} : { result }) };
  }

  private assignments(raw: unknown, path: string): Assignment[] {
    if (!Array.isArray(raw) || raw.length === 0) throw invalid(path, 'assign is a non-empty list of { target: value }');
    return raw.map((item, i) => {
      const itemPath = `${path}[${i}]`;
      if (!isMap(item) || Object.keys(item).length !== 1) throw invalid(itemPath, 'each assignment is { target: value }');
      const [target, value] = Object.entries(item)[0] as [string, unknown];
      const node = this.expression(target, itemPath);
      if (!isTarget(node)) throw invalid(itemPath, `"${target}" cannot be assigned to`);
      this.value(value, itemPath);
      return { target: node, value };
    });
  }

  private cases(stepName: string, raw: unknown, path: string): { condition: unknown; body: Step }[] {
    if (!Array.isArray(raw) || raw.length === 0) throw invalid(path, 'switch is a non-empty list of conditions');
    return raw.map((item, i) => {
      const casePath = `${path}[${i}]`;
      if (!isMap(item) || !('condition' in item)) throw invalid(casePath, 'each case has a condition');
      const { condition, ...rest } = item;
      this.value(condition, `${casePath}.condition`);
      if (Object.keys(rest).length === 0) throw invalid(casePath, 'a case needs next, steps, assign, return or raise');
      if ('call' in rest || 'try' in rest || 'parallel' in rest || 'switch' in rest || 'for' in rest) {
        throw unsupported(`${casePath}.${Object.keys(rest)[0] ?? ''}`, 'only next, steps, assign, return and raise in a case');
      }
      return { condition, body: this.step(stepName, rest, casePath) };
    });
  }

  private tryStep(base: { name: string; path: string; next?: string }, body: Record<string, unknown>, path: string): Step {
    const tryBody = body['try'];
    if (!isMap(tryBody)) throw invalid(`${path}.try`, 'try holds a call or steps');
    const inner = this.step(base.name, tryBody, `${path}.try`);
    if (inner.kind !== 'call' && inner.kind !== 'steps') throw unsupported(`${path}.try.${inner.kind}`, 'try holds a call or steps');
    if (inner.next !== undefined) throw unsupported(`${path}.try.next`);
    const retry = body['retry'] === undefined ? undefined : this.retry(body['retry'], `${path}.retry`);
    let except: { as?: string; steps: Step[] } | undefined;
    if (body['except'] !== undefined) {
      const raw = body['except'];
      if (!isMap(raw)) throw invalid(`${path}.except`, 'except is a map with "as" and "steps"');
      this.onlyKeys(raw, `${path}.except`, ['as', 'steps']);
      const as = raw['as'] === undefined ? undefined : this.name(raw['as'], `${path}.except.as`);
      except = { ...(as === undefined ? {} : { as }), steps: this.steps(raw['steps'], `${path}.except.steps`) };
    }
    if (!retry && !except) throw invalid(path, 'try needs retry or except');
    return { ...base, kind: 'try', body: inner, ...(retry ? { retry } : {}), ...(except ? { except } : {}) };
  }

  private retry(raw: unknown, path: string): { expression: string } | RetryPolicySpec {
    if (typeof raw === 'string') {
      this.value(raw, path);
      return { expression: raw };
    }
    if (!isMap(raw)) throw invalid(path, 'retry is an expression or a policy map');
    this.onlyKeys(raw, path, ['predicate', 'max_retries', 'backoff']);
    const backoff = raw['backoff'] ?? {};
    if (!isMap(backoff)) throw invalid(`${path}.backoff`, 'backoff is a map');
    this.onlyKeys(backoff, `${path}.backoff`, ['initial_delay', 'max_delay', 'multiplier']);
    this.value(raw, path);
    if (raw['predicate'] === undefined) throw invalid(`${path}.predicate`, 'a retry policy needs a predicate');
    return {
      predicate: raw['predicate'],
      maxRetries: raw['max_retries'],
      initialDelay: backoff['initial_delay'],
      maxDelay: backoff['max_delay'],
      multiplier: backoff['multiplier'],
    };
  }

  private parallel(base: { name: string; path: string; next?: string }, raw: unknown, path: string): Step {
    if (!isMap(raw)) throw invalid(path, 'parallel is a map');
    this.onlyKeys(raw, path, ['shared', 'branches', 'exception_policy', 'concurrency_limit']);
    if (raw['exception_policy'] !== undefined && raw['exception_policy'] !== 'continueAll') {
      throw unsupported(`${path}.exception_policy`, String(raw['exception_policy']));
    }
    const shared = raw['shared'] ?? [];
    if (!Array.isArray(shared) || !shared.every((item) => typeof item === 'string')) throw invalid(`${path}.shared`, 'a list of names');
    const limit = raw['concurrency_limit'];
    if (limit !== undefined && (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1)) {
      throw invalid(`${path}.concurrency_limit`, 'a positive integer');
    }
    const rawBranches = raw['branches'];
    if (!Array.isArray(rawBranches) || rawBranches.length < 2) throw invalid(`${path}.branches`, 'at least two branches');
    const branches: Branch[] = rawBranches.map((item, i) => {
      const branchPath = `${path}.branches[${i}]`;
      if (!isMap(item) || Object.keys(item).length !== 1) throw invalid(branchPath, 'a branch is { name: { steps } }');
      const [name, body] = Object.entries(item)[0] as [string, unknown];
      if (!isMap(body)) throw invalid(branchPath, 'a branch has steps');
      this.onlyKeys(body, branchPath, ['steps']);
      const steps = this.steps(body['steps'], `${branchPath}.steps`);
      checkJumps(steps);
      return { name, path: branchPath, steps };
    });
    return { ...base, kind: 'parallel', shared: shared as string[], branches, ...(limit === undefined ? {} : { concurrencyLimit: limit as number }) };
  }

  /**
   * `for: { value, index?, in | range, steps }`. `in` is a list or an expression giving one (a
   * map's keys come from `keys(map)`); `range: [begin, end]` counts by 1, both ends included.
   */
  private forStep(base: { name: string; path: string; next?: string }, raw: unknown, path: string): Step {
    if (!isMap(raw)) throw invalid(path, 'for is a map with value, in or range, and steps');
    this.onlyKeys(raw, path, ['value', 'index', 'in', 'range', 'steps']);
    const value = this.name(raw['value'], `${path}.value`);
    const index = raw['index'] === undefined ? undefined : this.name(raw['index'], `${path}.index`);
    if (index === value) throw invalid(`${path}.index`, 'the index and the value need different names');
    if (('in' in raw) === ('range' in raw)) throw invalid(path, 'a for loop needs exactly one of "in" and "range"');
    let source: Extract<Step, { kind: 'for' }>['source'];
    if ('in' in raw) {
      this.value(raw['in'], `${path}.in`);
      source = { in: raw['in'] };
    } else {
      const range = raw['range'];
      if (!Array.isArray(range) || range.length !== 2) throw invalid(`${path}.range`, 'range is [begin, end]');
      if (index !== undefined) throw unsupported(`${path}.index`, 'an index with range');
      this.value(range, `${path}.range`);
      source = { range: [range[0], range[1]] };
    }
    const steps = this.steps(raw['steps'], `${path}.steps`);
    return { ...base, kind: 'for', value, ...(index === undefined ? {} : { index }), source, steps };
  }

  /** Parses every expression inside a value and checks the functions it calls. */
  private value(value: unknown, path: string): void {
    if (typeof value === 'string') {
      if (expressionSource(value) !== undefined) this.expression(expressionSource(value) as string, path);
      else if (value.includes('${')) throw unsupported(path, 'string interpolation (an expression must be the whole value)');
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => this.value(item, `${path}[${i}]`));
    } else if (isMap(value)) {
      for (const [key, item] of Object.entries(value)) {
        this.value(key, path);
        this.value(item, `${path}.${key}`);
      }
    }
  }

  private expression(source: string, path: string): Node {
    let node: Node;
    try {
      node = parseExpression(source);
    } catch (error) {
      if (error instanceof ExpressionSyntaxError) throw invalid(path, `expression "${source}": ${error.message}`);
      throw error;
    }
    for (const sub of walkNodes(node)) {
      if (sub.type !== 'call') continue;
      const name = dottedName(sub.callee) ?? '(computed)';
      if (this.names.has(name)) throw unsupported(path, `calling subworkflow ${name} inside an expression`);
      if (!isStdFunction(name) || isBlocking(name)) throw unsupported(path, `function ${name}`);
    }
    return node;
  }

  private onlyKeys(map: Record<string, unknown>, path: string, allowed: readonly string[]): void {
    for (const key of Object.keys(map)) if (!allowed.includes(key)) throw unsupported(`${path}.${key}`);
  }

  private name(value: unknown, path: string): string {
    if (typeof value !== 'string' || value === '') throw invalid(path, 'expected a name');
    return value;
  }
}

function isTarget(node: Node): boolean {
  if (node.type === 'name') return true;
  if (node.type === 'member' || node.type === 'index') return isTarget(node.object);
  return false;
}
