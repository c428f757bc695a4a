/**
 * Structural check of a pipeline definition, for tests and for infra/: the rules that keep
 * `customer_360.yaml` deployable and safe, checked on the YAML itself rather than by reading it.
 * - every HTTP call's url is `${sys.get_env("URL_<FUNCTION>")}` for one of FUNCTIONS;
 * - every HTTP call has `auth: { type: OIDC }`, a `timeout` and a `retry` around it;
 * - the six STAGES are the branches of exactly one parallel step, each calling its own function;
 * - prepare is called before that step and publish after it.
 * It also lists the environment keys the YAML reads, so infra can assert it sets them all.
 */
import { parse as parseYaml } from 'yaml';
import { FUNCTIONS, STAGES, urlEnvKey } from '../core/stages.js';
import type { Step } from '../tools/workflows-emulator/definition.js';
import { invalid } from '../tools/workflows-emulator/errors.js';
import { dottedName, expressionSource, parseExpression, walkNodes, type Node } from '../tools/workflows-emulator/expression.js';
import { parseWorkflow } from '../tools/workflows-emulator/parse.js';
import { isMap } from '../tools/workflows-emulator/values.js';

export interface HttpCallSite {
  readonly path: string;
  readonly step: string;
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
  readonly httpCalls: readonly HttpCallSite[];
}

interface Context {
  readonly retried: boolean;
  readonly branch?: string;
  readonly mainStep?: number;
}

export function checkWorkflowDefinition(yamlText: string): WorkflowCheckReport {
  const workflow = parseWorkflow(yamlText);
  const problems: string[] = [];
  const calls: HttpCallSite[] = [];
  const parallels: { path: string; mainStep?: number; branches: string[] }[] = [];

  const visit = (step: Step, ctx: Context): void => {
    switch (step.kind) {
      case 'call':
        if (step.call.startsWith('http.')) calls.push(callSite(step, ctx));
        break;
      case 'try':
        visit(step.body, { ...ctx, retried: ctx.retried || step.retry !== undefined });
        step.except?.steps.forEach((inner) => visit(inner, ctx));
        break;
      case 'steps':
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
  for (const [name, sub] of workflow.subworkflows) {
    sub.steps.forEach((step, i) => visit(step, { retried: false, ...(name === 'main' ? { mainStep: i } : {}) }));
  }

  const allowedKeys = new Set(FUNCTIONS.map(urlEnvKey));
  for (const call of calls) {
    if (!call.urlEnvKey || !allowedKeys.has(call.urlEnvKey)) {
      problems.push(`${call.path}: url must be \${sys.get_env("URL_<FUNCTION>")} for one of ${FUNCTIONS.join(', ')}`);
    }
    if (!call.hasOidcAuth) problems.push(`${call.path}: http call without auth: { type: OIDC }`);
    if (!call.hasTimeout) problems.push(`${call.path}: http call without a timeout`);
    if (!call.hasRetry) problems.push(`${call.path}: http call without a retry policy`);
  }
  for (const key of allowedKeys) {
    if (!calls.some((call) => call.urlEnvKey === key)) problems.push(`no http call reads ${key}`);
  }

  const stageParallels = parallels.filter((p) => p.branches.some((b) => (STAGES as readonly string[]).includes(b)));
  const stageStep = stageParallels[0];
  if (stageParallels.length !== 1 || !stageStep) {
    problems.push(`the stages must be the branches of exactly one parallel step, found ${stageParallels.length}`);
  } else {
    const expected = [...STAGES].sort().join(',');
    if ([...stageStep.branches].sort().join(',') !== expected) {
      problems.push(`${stageStep.path}: branches must be exactly ${STAGES.join(', ')}`);
    }
    for (const stage of STAGES) {
      const own = calls.filter((call) => call.branch === stage);
      if (own.length === 0 || own.some((call) => call.urlEnvKey !== urlEnvKey(stage))) {
        problems.push(`${stageStep.path}: branch ${stage} must call ${urlEnvKey(stage)} and nothing else`);
      }
    }
    problems.push(...orderProblems(calls, stageStep.mainStep));
  }

  const { envKeys, builtinEnvKeys, envProblems } = readEnvKeys(yamlText);
  problems.push(...envProblems);
  return { problems, envKeys, builtinEnvKeys, httpCalls: calls };
}

/** Throws a `WorkflowDefinitionError` listing every problem; returns the report otherwise. */
export function assertWorkflowDefinition(yamlText: string): WorkflowCheckReport {
  const report = checkWorkflowDefinition(yamlText);
  if (report.problems.length > 0) throw invalid('(check)', report.problems.join('; '));
  return report;
}

function callSite(step: Extract<Step, { kind: 'call' }>, ctx: Context): HttpCallSite {
  const url = step.args['url'];
  const auth = step.args['auth'];
  const key = typeof url === 'string' ? envKeyOf(url) : undefined;
  return {
    path: step.path,
    step: step.name,
    ...(key === undefined ? {} : { urlEnvKey: key }),
    hasOidcAuth: isMap(auth) && auth['type'] === 'OIDC',
    hasTimeout: step.args['timeout'] !== undefined,
    ...(typeof step.args['timeout'] === 'number' ? { timeout: step.args['timeout'] } : {}),
    hasRetry: ctx.retried,
    ...(ctx.branch === undefined ? {} : { branch: ctx.branch }),
    ...(ctx.mainStep === undefined ? {} : { mainStep: ctx.mainStep }),
  };
}

/** `${sys.get_env("X")}` -> "X"; anything else (a literal url, a computed name) -> undefined. */
function envKeyOf(value: string): string | undefined {
  const source = expressionSource(value);
  if (source === undefined) return undefined;
  const node = parseExpression(source);
  return envCall(node);
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
