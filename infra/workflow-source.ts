import { parse } from 'yaml';

/**
 * Facts about the workflow definition (workflows/customer_360.yaml) that the infrastructure must
 * agree with, and the one transformation its text needs on the way into Terraform.
 */

/**
 * Terraform reads every string of its JSON configuration as a template: `${...}` is an
 * interpolation and `%{...}` a directive. The workflow's own `${...}` expressions must reach
 * Cloud Workflows untouched, so each is written `$${` (and `%{` as `%%{`), which Terraform turns
 * back into the literal text.
 */
export function escapeTerraformTemplate(text: string): string {
  // A function replacement: in a replacement *string*, `$$` would mean a single `$`.
  return text.replaceAll('${', () => '$${').replaceAll('%{', () => '%%{');
}

/** The environment variable names the workflow reads with sys.get_env("..."), sorted, unique. */
export function envKeysRead(yamlText: string): string[] {
  const keys = new Set<string>();
  for (const match of yamlText.matchAll(/sys\.get_env\(\s*["']([^"']+)["']\s*[,)]/g)) {
    if (match[1] !== undefined) keys.add(match[1]);
  }
  return [...keys].sort();
}

export interface HttpCall {
  /** The step's name, or its path in the document when it has none. */
  readonly step: string;
  readonly call: string;
  /** args.timeout in seconds; undefined when the step leaves Workflows' 300 s default. */
  readonly timeout: number | undefined;
}

/** Every `call: http.*` step of the workflow, in document order. */
export function httpCalls(yamlText: string): HttpCall[] {
  const calls: HttpCall[] = [];
  visit(parse(yamlText) as unknown, 'workflow', calls);
  return calls;
}

function visit(node: unknown, name: string, calls: HttpCall[]): void {
  if (Array.isArray(node)) {
    node.forEach((item, index) => visit(item, `${name}[${index}]`, calls));
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const record = node as Record<string, unknown>;
  if (typeof record.call === 'string' && record.call.startsWith('http.')) {
    const args = record.args as Record<string, unknown> | undefined;
    const timeout = args?.timeout;
    calls.push({ step: name, call: record.call, timeout: typeof timeout === 'number' ? timeout : undefined });
  }
  // A `try:` block belongs to the step that holds it.
  for (const [key, value] of Object.entries(record)) visit(value, key === 'try' ? name : key, calls);
}
