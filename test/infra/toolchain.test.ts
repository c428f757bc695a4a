import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkToolchain, main, STACK_JSON, type ToolchainDeps } from '../../infra/toolchain.js';

/** The checks `npm run deploy` makes before cdktf starts, against a made-up machine. */
const CWD = '/repo';
const HOME = '/home/eng';
const PLATFORM = `${process.platform}_${process.arch === 'x64' ? 'amd64' : process.arch}`;
const STACK = JSON.stringify({
  terraform: { required_providers: { google: { source: 'google', version: '6.50.0' }, time: { source: 'hashicorp/time', version: '0.13.1' } } },
});

function machine(overrides: Partial<ToolchainDeps> & { binaries?: Record<string, string>; files?: Record<string, string>; dirs?: string[] } = {}): ToolchainDeps {
  const binaries = overrides.binaries ?? { terraform: '{"terraform_version": "1.11.4"}' };
  const files = overrides.files ?? { [join(CWD, STACK_JSON)]: STACK };
  const dirs = new Set(overrides.dirs ?? []);
  return {
    env: overrides.env ?? {},
    run: (binary) => (binary in binaries ? { status: 0, stdout: binaries[binary]! } : undefined),
    exists: (path) => dirs.has(path),
    readText: (path) => files[path],
    home: HOME,
    cwd: CWD,
  };
}

describe('checkToolchain', () => {
  it('fails without terraform on PATH, saying what to install', () => {
    expect(checkToolchain(machine({ binaries: {} }))).toEqual([
      { status: 'fail', text: expect.stringMatching(/^terraform is not on PATH: install Terraform 1\.5 or later .*OpenTofu .*TERRAFORM_BINARY_NAME=tofu$/) },
    ]);
  });

  it('runs OpenTofu when TERRAFORM_BINARY_NAME=tofu', () => {
    const lines = checkToolchain(machine({ env: { TERRAFORM_BINARY_NAME: 'tofu' }, binaries: { tofu: '{"terraform_version": "1.8.3"}' } }));
    expect(lines[0]).toEqual({ status: 'ok', text: 'tofu 1.8.3' });
  });

  it('fails on a terraform older than 1.5', () => {
    expect(checkToolchain(machine({ binaries: { terraform: '{"terraform_version": "1.4.6"}' } }))[0]).toMatchObject({ status: 'fail', text: expect.stringMatching(/older than 1\.5/) });
  });

  it('fails when the binary does not answer with a version', () => {
    expect(checkToolchain(machine({ binaries: { terraform: 'Terraform v1.9' } }))[0]!.status).toBe('fail');
  });

  it('finds the providers in TF_PLUGIN_CACHE_DIR', () => {
    const cache = '/cache';
    const dirs = [join(cache, 'registry.terraform.io/hashicorp/google/6.50.0', PLATFORM), join(cache, 'registry.terraform.io/hashicorp/time/0.13.1', PLATFORM)];
    const lines = checkToolchain(machine({ env: { TF_PLUGIN_CACHE_DIR: cache }, dirs }));
    expect(lines.map((line) => line.status)).toEqual(['ok', 'ok', 'ok']);
  });

  it('notes, without failing, a provider terraform init will have to download', () => {
    const lines = checkToolchain(machine());
    expect(lines.slice(1)).toEqual([
      { status: 'note', text: expect.stringMatching(/^provider registry\.terraform\.io\/hashicorp\/google 6\.50\.0 is not cached: terraform init will download it/) },
      { status: 'note', text: expect.stringMatching(/^provider registry\.terraform\.io\/hashicorp\/time 0\.13\.1 is not cached/) },
    ]);
  });

  it('trusts a provider_installation block of the CLI configuration (a mirror)', () => {
    const lines = checkToolchain(machine({ files: { [join(CWD, STACK_JSON)]: STACK, [join(HOME, '.terraformrc')]: 'provider_installation {\n  network_mirror { url = "https://mirror/" }\n}\n' } }));
    expect(lines.map((line) => line.status)).toEqual(['ok', 'ok', 'ok']);
  });

  it('asks for a synth before it can name the providers', () => {
    expect(checkToolchain(machine({ files: {} }))[1]).toMatchObject({ status: 'note', text: expect.stringMatching(/run `npm run synth` first/) });
  });
});

describe('main', () => {
  it.each([
    ['no terraform', machine({ binaries: {} }), 1],
    ['terraform, providers to download', machine(), 0],
  ])('exits %s -> %i, one line per check', (_case, deps, code) => {
    const lines: string[] = [];
    expect(main(deps, (line) => lines.push(line))).toBe(code);
    expect(lines.every((line) => /^(ok  |FAIL|note)  /.test(line))).toBe(true);
  });
});
