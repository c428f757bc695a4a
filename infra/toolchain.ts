import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * What `cdktf deploy` needs beyond this repository, checked before it starts (`npm run deploy`):
 * without it cdktf only says "execvp(3) failed" and "terraform init failed with exit code 1".
 * Synth needs none of this: it is this package's own code (`node dist/infra/main.js`).
 * - Terraform 1.5+ on PATH, or OpenTofu with TERRAFORM_BINARY_NAME=tofu (cdktf runs that name);
 * - the providers the synthesized stack requires, which `terraform init` downloads from
 *   registry.terraform.io unless a plugin cache or mirror already holds them.
 */
export const MIN_TERRAFORM = [1, 5] as const;
export const STACK_JSON = join('cdktf.out', 'stacks', 'customer-360', 'cdk.tf.json');

export interface ToolchainDeps {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Runs `binary args`; undefined when the binary is not found. */
  readonly run: (binary: string, args: readonly string[]) => { status: number | null; stdout: string } | undefined;
  readonly exists: (path: string) => boolean;
  readonly readText: (path: string) => string | undefined;
  readonly home: string;
  readonly cwd: string;
}

export interface ToolchainLine {
  readonly status: 'ok' | 'fail' | 'note';
  readonly text: string;
}

const INSTALL =
  'install Terraform 1.5 or later (https://developer.hashicorp.com/terraform/install), or OpenTofu (https://opentofu.org/docs/intro/install/) and set TERRAFORM_BINARY_NAME=tofu';

export function checkToolchain(deps: ToolchainDeps): ToolchainLine[] {
  const binary = deps.env.TERRAFORM_BINARY_NAME?.trim() || 'terraform';
  const result = deps.run(binary, ['version', '-json']);
  if (result === undefined) return [{ status: 'fail', text: `${binary} is not on PATH: ${INSTALL}` }];
  let version: string | undefined;
  try {
    version = (JSON.parse(result.stdout) as { terraform_version?: string }).terraform_version;
  } catch {
    version = undefined;
  }
  if (result.status !== 0 || version === undefined) return [{ status: 'fail', text: `\`${binary} version -json\` did not answer with a version: ${INSTALL}` }];
  const [major = 0, minor = 0] = version.split('.').map(Number);
  if (major < MIN_TERRAFORM[0] || (major === MIN_TERRAFORM[0] && minor < MIN_TERRAFORM[1])) {
    return [{ status: 'fail', text: `${binary} ${version} is older than ${MIN_TERRAFORM.join('.')}: ${INSTALL}` }];
  }
  return [{ status: 'ok', text: `${binary} ${version}` }, ...checkProviders(deps)];
}

/** Each required provider: found where `terraform init` looks first, or a note that it will download it. */
function checkProviders(deps: ToolchainDeps): ToolchainLine[] {
  const text = deps.readText(join(deps.cwd, STACK_JSON));
  if (text === undefined) return [{ status: 'note', text: `no ${STACK_JSON}: run \`npm run synth\` first, then the providers can be checked` }];
  const required = (JSON.parse(text) as { terraform?: { required_providers?: Record<string, { source: string; version: string }> } }).terraform?.required_providers ?? {};
  const platform = `${process.platform}_${process.arch === 'x64' ? 'amd64' : process.arch}`;
  const mirrorConfigured = /provider_installation\s*\{/.test(deps.readText(deps.env.TF_CLI_CONFIG_FILE ?? join(deps.home, '.terraformrc')) ?? '');
  return Object.entries(required).map(([name, { source, version }]) => {
    const address = join('registry.terraform.io', source.includes('/') ? source : `hashicorp/${source}`);
    const places = [
      deps.env.TF_PLUGIN_CACHE_DIR,
      join(deps.home, '.terraform.d', 'plugins'),
      join(deps.cwd, 'cdktf.out', 'stacks', 'customer-360', '.terraform', 'providers'),
    ].filter((dir): dir is string => Boolean(dir));
    const found = places.map((dir) => join(dir, address, version, platform)).find((dir) => deps.exists(dir));
    if (found !== undefined) return { status: 'ok', text: `provider ${address} ${version} in ${found}` };
    if (mirrorConfigured) return { status: 'ok', text: `provider ${address} ${version} from the provider_installation of the Terraform CLI configuration` };
    return {
      status: 'note',
      text: `provider ${address} ${version} is not cached: terraform init will download it from registry.terraform.io; without access to it, fill TF_PLUGIN_CACHE_DIR or a mirror (\`terraform providers mirror\`, on a machine that has access)`,
    };
  });
}

export function processToolchainDeps(): ToolchainDeps {
  return {
    env: process.env,
    run: (binary, args) => {
      const onPath = (process.env.PATH ?? '').split(delimiter).some((dir) => dir !== '' && existsSync(join(dir, binary)));
      if (!onPath) return undefined;
      const result = spawnSync(binary, [...args], { encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' }, timeout: 30_000 });
      return result.error ? undefined : { status: result.status, stdout: result.stdout };
    },
    exists: existsSync,
    readText: (path) => (existsSync(path) ? readFileSync(path, 'utf8') : undefined),
    home: homedir(),
    cwd: process.cwd(),
  };
}

/** Prints one line per check; exit 1 when a deploy cannot start. */
export function main(deps: ToolchainDeps = processToolchainDeps(), out: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): number {
  const lines = checkToolchain(deps);
  for (const line of lines) out(`${line.status === 'ok' ? 'ok  ' : line.status === 'fail' ? 'FAIL' : 'note'}  ${line.text}`);
  return lines.some((line) => line.status === 'fail') ? 1 : 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main();
}
