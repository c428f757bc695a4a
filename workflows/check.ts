/**
 * Structural check of a pipeline definition, for tests and for infra/: the rules that keep
 * `customer_360.yaml` deployable and safe, checked on the YAML itself rather than by running it.
 * A function is called by an `http.*` step, directly or through a subworkflow that takes the url
 * as an argument (`call_function`): each call is followed from `main` into the subworkflows it
 * calls, with their parameters bound to the caller's arguments, down to the request it makes.
 * - every call's url is `${sys.get_env("URL_<FUNCTION>")}` for one of FUNCTIONS, and each of
 *   those urls is called;
 * - every request has `auth: { type: OIDC }`, a `timeout` of the functions' 1800 s and a `retry`
 *   around it;
 * - the six STAGES are the branches of exactly one parallel step, each calling its own function
 *   and nothing else;
 * - prepare is called in main before that step and publish after it.
 * It also lists the environment keys the YAML reads, so infra can assert it sets them all.
 */
import { parse as parseYaml } from 'yaml';
import { FUNCTIONS, STAGES, urlEnvKey } from '../core/stages.js';
import type { Step, Workflow } from '../tools/workflows-emulator/definition.js';
import { invalid } from '../tools/workflows-emulator/errors.js';
import { dottedName, expressionSource, parseExpression, walkNodes, type Node } from '../tools/workflows-emulator/expression.js';
import { parseWorkflow } from '../tools/workflows-emulator/parse.js';
import { isMap } from '../tools/workflows-emulator/values.js';

/** The longest a Workflows HTTP call may wait, which the functions' own timeout matches. */
export const CALL_TIMEOUT_SECONDS = 1800;

/** One function call: where the workflow makes it, and the request that carries it out. */
export interface HttpCallSite {
  /** The step that calls: the `http.*` step itself, or the step of `main` (or of a branch) calling the subworkflow that makes the request. */
  readonly path: string;
  readonly step: string;
  /** The `http.*` step making the request (the same as `path` for a direct call). */
  readonly requestPath: string;
  /** The `URL_...` key its url reads, when the url is `${sys.get_env("URL_...")}`. */
  readonly urlEnvKey?: string;
  readonly hasOidcAuth: boolean;
  readonly hasTimeout: boolean;
  /** `args.timeout` when it is a literal number of seconds (infra checks it against the functions'). */
  readonly timeout?: number;
  readonly hasRetry: boolean;
  /** The parallel branch it runs in, if any. */
  readonly branch?: string;
  /** Index of the top-level `main` step that contains it, for ordering rules. */
  readonly mainStep?: number;
}

export interface WorkflowCheckReport {
  /** Empty when the definition passes. */
  readonly problems: readonly string[];
  /** User-defined environment keys read with `sys.get_env` (sorted): what infra must set. */
  readonly envKeys: readonly string[];
  /** Built-in `GOOGLE_CLOUD_*` keys it reads, which Cloud Workflows provides itself. */
  readonly builtinEnvKeys: readonly string[];
  /** Every function call, in the order of the definition (main first). */
  readonly httpCalls: readonly HttpCallSite[];
}

interface Context {
  readonly retried: boolean;
  readonly branch?: string;
  readonly mainStep?: number;
  /** The calling step, once the walk has gone into a subworkflow. */
  readonly site?: { readonly path: string; readonly step: string };
  /** The current subworkflow's parameters, as the caller wrote their values. */
  readonly bindings: ReadonlyMap<string, unknown>;
  /** Subworkflows being walked, to stop at recursion. */
  readonly stack: readonly string[];
}

export function checkWorkflowDefinition(yamlText: string): WorkflowCheckReport {
  const workflow = parseWorkflow(yamlText);
  const { calls, parallels } = findCalls(workflow);
  const problems = new Set<string>();

  const allowedKeys = new Set(FUNCTIONS.map(urlEnvKey));
  for (const call of calls) {
    if (!call.urlEnvKey || !allowedKeys.has(call.urlEnvKey)) {
      problems.add(`${call.path}: url must be \${sys.get_env("URL_<FUNCTION>")} for one of ${FUNCTIONS.join(', ')}`);
    }
    if (!call.hasOidcAuth) problems.add(`${call.requestPath}: http call without auth: { type: OIDC }`);
    if (!call.hasTimeout) problems.add(`${call.requestPath}: http call without a timeout`);
    else if (call.timeout !== CALL_TIMEOUT_SECONDS) problems.add(`${call.requestPath}: http call must wait ${CALL_TIMEOUT_SECONDS} s, the functions' timeout`);
    if (!call.hasRetry) problems.add(`${call.requestPath}: http call without a retry policy`);
  }
  for (const key of allowedKeys) {
    if (!calls.some((call) => call.urlEnvKey === key)) problems.add(`no http call reads ${key}`);
  }

  const stageParallels = parallels.filter((p) => p.branches.some((b) => (STAGES as readonly string[]).includes(b)));
  const stageStep = stageParallels[0];
  if (stageParallels.length !== 1 || !stageStep) {
    problems.add(`the stages must be the branches of exactly one parallel step, found ${stageParallels.length}`);
  } else {
    if ([...stageStep.branches].sort().join(',') !== [...STAGES].sort().join(',')) {
      problems.add(`${stageStep.path}: branches must be exactly ${STAGES.join(', ')}`);
    }
    for (const stage of STAGES) {
      const own = calls.filter((call) => call.branch === stage);
      if (own.length === 0 || own.some((call) => call.urlEnvKey !== urlEnvKey(stage))) {
        problems.add(`${stageStep.path}: branch ${stage} must call ${urlEnvKey(stage)} and nothing else`);
      }
    }
    for (const problem of orderProblems(calls, stageStep.mainStep)) problems.add(problem);
  }

  const { envKeys, builtinEnvKeys, envProblems } = readEnvKeys(yamlText);
  for (const problem of envProblems) problems.add(problem);
  return { problems: [...problems], envKeys, builtinEnvKeys, httpCalls: calls };
}

/** Throws a `WorkflowDefinitionError` listing every problem; returns the report otherwise. */
export function assertWorkflowDefinition(yamlText: string): WorkflowCheckReport {
  const report = checkWorkflowDefinition(yamlText);
  if (report.problems.length > 0) throw invalid('(check)', report.problems.join('; '));
  return report;
}

interface Parallel {
  readonly path: string;
  readonly mainStep?: number;
  readonly branches: readonly string[];
}

/** Walks main, then any subworkflow main never reaches, collecting function calls and parallel steps. */
function findCalls(workflow: Workflow): { calls: HttpCallSite[]; parallels: Parallel[] } {
  const calls: HttpCallSite[] = [];
  const parallels: Parallel[] = [];
  const reached = new Set<string>(['main']);

  const visit = (step: Step, ctx: Context): void => {
    switch (step.kind) {
      case 'call': {
        if (step.call.startsWith('http.')) {
          calls.push(callSite(step, ctx));
          break;
        }
        const sub = workflow.subworkflows.get(step.call);
        if (!sub || ctx.stack.includes(sub.name)) break;
        reached.add(sub.name);
        const bindings = new Map<string, unknown>();
        for (const param of sub.params) {
          const given = param.name in step.args ? step.args[param.name] : param.default;
          bindings.set(param.name, bound(given, ctx.bindings));
        }
        const inner: Context = { ...ctx, site: ctx.site ?? { path: step.path, step: step.name }, bindings, stack: [...ctx.stack, sub.name] };
        sub.steps.forEach((s) => visit(s, inner));
        break;
      }
      case 'try':
        visit(step.body, { ...ctx, retried: ctx.retried || step.retry !== undefined });
        step.except?.steps.forEach((inner) => visit(inner, ctx));
        break;
      case 'steps':
      case 'for':
        step.steps.forEach((inner) => visit(inner, ctx));
        break;
      case 'switch':
        step.cases.forEach((c) => visit(c.body, ctx));
        break;
      case 'parallel':
        parallels.push({ path: step.path, ...(ctx.mainStep === undefined ? {} : { mainStep: ctx.mainStep }), branches: step.branches.map((b) => b.name) });
        for (const branch of step.branches) branch.steps.forEach((inner) => visit(inner, { ...ctx, branch: branch.name }));
        break;
      default:
        break;
    }
  };
  const main = workflow.subworkflows.get('main');
  main?.steps.forEach((step, i) => visit(step, { retried: false, mainStep: i, bindings: new Map(), stack: ['main'] }));
  for (const [name, sub] of workflow.subworkflows) {
    if (!reached.has(name)) sub.steps.forEach((step) => visit(step, { retried: false, bindings: new Map(), stack: [name] }));
  }
  return { calls, parallels };
}

/** `${param}` of the subworkflow being walked becomes the value its caller gave; anything else stays. */
function bound(value: unknown, bindings: ReadonlyMap<string, unknown>): unknown {
  const source = typeof value === 'string' ? expressionSource(value) : undefined;
  if (source === undefined) return value;
  const node = parseExpression(source);
  return node.type === 'name' && bindings.has(node.name) ? bindings.get(node.name) : value;
}

function callSite(step: Extract<Step, { kind: 'call' }>, ctx: Context): HttpCallSite {
  const url = bound(step.args['url'], ctx.bindings);
  const auth = bound(step.args['auth'], ctx.bindings);
  const timeout = bound(step.args['timeout'], ctx.bindings);
  const key = typeof url === 'string' ? envKeyOf(url) : undefined;
  return {
    path: ctx.site?.path ?? step.path,
    step: ctx.site?.step ?? step.name,
    requestPath: step.path,
    ...(key === undefined ? {} : { urlEnvKey: key }),
    hasOidcAuth: isMap(auth) && auth['type'] === 'OIDC',
    hasTimeout: timeout !== undefined,
    ...(typeof timeout === 'number' ? { timeout } : {}),
    hasRetry: ctx.retried,
    ...(ctx.branch === undefined ? {} : { branch: ctx.branch }),
    ...(ctx.mainStep === undefined ? {} : { mainStep: ctx.mainStep }),
  };
}

/** `${sys.get_env("X")}` -> "X"; anything else (a literal url, a computed name) -> undefined. */
function envKeyOf(value: string): string | undefined {
  const source = expressionSource(value);
  if (source === undefined) return undefined;
  return envCall(parseExpression(source));
}

function envCall(node: Node): string | undefined {
  if (node.type !== 'call' || dottedName(node.callee) !== 'sys.get_env') return undefined;
  const first = node.args[0];
  return first?.type === 'literal' && typeof first.value === 'string' ? first.value : undefined;
}

/** prepare runs in `main` before the stages' parallel step, publish after it. */
function orderProblems(calls: readonly HttpCallSite[], parallelStep: number | undefined): string[] {
  if (parallelStep === undefined) return ['the stages\' parallel step must be a top-level step of main'];
  const problems: string[] = [];
  const prepare = calls.filter((call) => call.urlEnvKey === urlEnvKey('prepare'));
  const publish = calls.filter((call) => call.urlEnvKey === urlEnvKey('publish'));
  if (prepare.some((call) => call.mainStep === undefined || call.mainStep >= parallelStep)) {
    problems.push('prepare must be called in main before the stages');
  }
  if (publish.some((call) => call.mainStep === undefined || call.mainStep <= parallelStep)) {
    problems.push('publish must be called in main after the stages');
  }
  return problems;
}

function readEnvKeys(yamlText: string): { envKeys: string[]; builtinEnvKeys: string[]; envProblems: string[] } {
  const keys = new Set<string>();
  const envProblems: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') {
      const source = expressionSource(value);
      if (source === undefined) return;
      for (const node of walkNodes(parseExpression(source))) {
        if (node.type !== 'call' || dottedName(node.callee) !== 'sys.get_env') continue;
        const key = envCall(node);
        if (key === undefined) envProblems.push(`sys.get_env with a computed name in "${value}"`);
        else keys.add(key);
      }
    } else if (Array.isArray(value)) {
      value.forEach(walk);
    } else if (isMap(value)) {
      for (const [key, item] of Object.entries(value)) {
        walk(key);
        walk(item);
      }
    }
  };
  walk(parseYaml(yamlText));
  const all = [...keys].sort();
  return {
    envKeys: all.filter((key) => !key.startsWith('GOOGLE_CLOUD_')),
    builtinEnvKeys: all.filter((key) => key.startsWith('GOOGLE_CLOUD_')),
    envProblems,
  };
}
