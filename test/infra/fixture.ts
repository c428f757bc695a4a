import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { Testing } from 'cdktf';
import { FUNCTIONS } from '../../core/stages.js';
import { parseInfraConfig, type InfraConfig } from '../../infra/config.js';
import { PipelineStack, WORKFLOW_SOURCE } from '../../infra/stack.js';

/** The repository root (this file lives in test/infra/). */
export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const REAL_WORKFLOW = join(REPO_ROOT, WORKFLOW_SOURCE);

export const BASE_ENV = { CDP_PROJECT_ID: 'acme-cdp-test', CDP_REGION: 'europe-west1', CDP_STATE_BUCKET: 'acme-cdp-tfstate' } as const;

/** A scratch project root: the real package files and sql/, a stub dist/, a workflow YAML. */
export function makeProjectRoot(workflowYaml?: string): string {
  const root = mkdtempSync(join(tmpdir(), 'cdp-infra-test-'));
  for (const file of ['package.json', 'package-lock.json']) cpSync(join(REPO_ROOT, file), join(root, file));
  cpSync(join(REPO_ROOT, 'sql'), join(root, 'sql'), { recursive: true });
  const stub: Record<string, string> = {
    'dist/core/stages.js': 'export const STAGES = [];\n',
    'dist/functions/index.js': FUNCTIONS.map((fn) => `export function ${fn}() {}`).join('\n'),
    'dist/core/stages.js.map': '{}\n',
    'dist/infra/main.js': '// must not be deployed\n',
    'dist/cli/main.js': '// must not be deployed\n',
    'dist/bin/cdp.js': '// must not be deployed\n',
    'dist/tools/bench/command.js': '// must not be deployed\n',
    'dist/workflows/check.js': '// must not be deployed\n',
    'cdktf.json': '{"app": "node dist/infra/main.js"}\n',
  };
  stub[WORKFLOW_SOURCE] = workflowYaml ?? readFileSync(REAL_WORKFLOW, 'utf8');
  for (const [path, text] of Object.entries(stub)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

export function testConfig(env: Record<string, string> = {}): InfraConfig {
  return parseInfraConfig({ ...BASE_ENV, ...env });
}

export interface Synthesized {
  readonly stack: PipelineStack;
  readonly projectRoot: string;
  /** The Terraform JSON: resource type -> logical id -> arguments. */
  readonly json: TerraformJson;
  readonly config: InfraConfig;
  readonly cleanup: () => void;
}

export interface TerraformJson {
  readonly resource: Record<string, Record<string, Record<string, any>>>;
  readonly output: Record<string, { value: unknown }>;
  readonly provider: Record<string, unknown>;
  readonly terraform: { backend: Record<string, Record<string, unknown>>; required_providers: Record<string, unknown> };
  readonly data: Record<string, Record<string, Record<string, any>>>;
}

/** Builds the stack in a scratch project and returns its synthesized Terraform JSON. */
export function synthesize(options: { env?: Record<string, string>; workflowYaml?: string } = {}): Synthesized {
  const projectRoot = makeProjectRoot(options.workflowYaml);
  const stagingDir = join(projectRoot, '.staging');
  const config = testConfig(options.env);
  const app = Testing.app();
  const stack = new PipelineStack(app, 'test', { config, projectRoot, stagingDir });
  const json = JSON.parse(Testing.synth(stack)) as TerraformJson;
  return { stack, projectRoot, json, config, cleanup: () => rmSync(projectRoot, { recursive: true, force: true }) };
}

/** The arguments of the one resource of `type`; throws unless there is exactly one. */
export function onlyResource(json: TerraformJson, type: string): Record<string, any> {
  const list = resources(json, type);
  if (list.length !== 1) throw new Error(`expected one ${type}, found ${list.length}`);
  return list[0]![1];
}

/** The resources of one type, as a list of [logical id, arguments]. */
export function resources(json: TerraformJson, type: string): [string, Record<string, any>][] {
  return Object.entries(json.resource[type] ?? {});
}

/** `${google_x.id.attr}` -> the referenced resource's arguments (for asserting on references). */
export function dereference(json: TerraformJson, expression: string): { type: string; id: string; attr: string; args: Record<string, any> } {
  const match = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z0-9_]+)\}$/.exec(expression);
  if (!match) throw new Error(`not a single reference: ${expression}`);
  const [, type = '', id = '', attr = ''] = match;
  const args = json.resource[type]?.[id];
  if (!args) throw new Error(`no resource ${type}.${id}`);
  return { type, id, attr, args };
}

/** What Terraform makes of a JSON string: `$${` and `%%{` are literals, `${` and `%{` are not allowed here. */
export function terraformLiteral(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; ) {
    if (text.startsWith('$${', i) || text.startsWith('%%{', i)) {
      out += `${text[i]}{`;
      i += 3;
    } else if (text.startsWith('${', i) || text.startsWith('%{', i)) {
      throw new Error(`Terraform would evaluate the template sequence at ${i}: ${text.slice(i, i + 40)}`);
    } else {
      out += text[i];
      i += 1;
    }
  }
  return out;
}
