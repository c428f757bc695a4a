import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../infra/fixture.js';

/**
 * `npx cdp` as the README documents it, in a fresh checkout: the tracked files with the modes git
 * records (what a clone gets), this repository's node_modules, an npm cache of its own (npx
 * keeps its link to the package there). `npm run synth` deletes and rebuilds dist/ in between,
 * which used to leave dist/bin/cdp.js, the linked file, without its executable bit.
 */
let clone: string;
let env: NodeJS.ProcessEnv;

function sh(command: string, args: string[], extra: NodeJS.ProcessEnv = {}) {
  return spawnSync(command, args, { cwd: clone, env: { ...env, ...extra }, encoding: 'utf8', timeout: 240_000 });
}

beforeAll(() => {
  clone = mkdtempSync(join(tmpdir(), 'cdp-clone-'));
  const entries = execFileSync('git', ['ls-files', '-s', '-z'], { cwd: REPO_ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const entry of entries) {
    const [meta = '', path = ''] = entry.split('\t');
    const mode = meta.split(' ')[0];
    mkdirSync(dirname(join(clone, path)), { recursive: true });
    try {
      cpSync(join(REPO_ROOT, path), join(clone, path));
    } catch {
      continue; // deleted in the work tree, not yet committed
    }
    chmodSync(join(clone, path), mode === '100755' ? 0o755 : 0o644);
  }
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(clone, 'node_modules'));
  env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    npm_config_cache: join(clone, '.npm-cache'),
    npm_config_offline: 'true',
    npm_config_update_notifier: 'false',
    CHECKPOINT_DISABLE: '1',
    CDP_PROJECT_ID: 'acme-cdp-test',
    CDP_REGION: 'europe-west1',
    CDP_STATE_BUCKET: 'acme-cdp-tfstate',
  };
  const build = sh('npm', ['run', 'build']);
  if (build.status !== 0) throw new Error(`npm run build failed: ${build.stderr}`);
}, 300_000);

afterAll(() => rmSync(clone, { recursive: true, force: true }));

describe('npx cdp', () => {
  it('is linked to a committed, executable file', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
    const bin = pkg.bin.cdp as string;
    expect(bin.startsWith('dist/')).toBe(false);
    expect(execFileSync('git', ['ls-files', '-s', bin], { cwd: REPO_ROOT, encoding: 'utf8' })).toMatch(/^100755 /);
  });

  it('answers --help before and after `npm run synth` rebuilds dist/', () => {
    const before = sh('npx', ['cdp', '--help']);
    expect(before.status, before.stderr).toBe(0);
    const synth = sh('npm', ['run', 'synth']);
    expect(synth.status, synth.stderr + synth.stdout).toBe(0);
    const after = sh('npx', ['cdp', '--help']);
    expect(after.status, after.stderr).toBe(0);
    expect(after.stdout).toMatch(/^usage: cdp <command>/);
  }, 300_000);

  it('gives the same Terraform JSON from `node dist/infra/main.js` as from the cdktf CLI', () => {
    const stack = (dir: string) => readFileSync(join(clone, dir, 'stacks', 'customer-360', 'cdk.tf.json'), 'utf8');
    const plain = sh('node', ['dist/infra/main.js'], { CDKTF_OUTDIR: join(clone, 'plain.out') });
    expect(plain.status, plain.stderr).toBe(0);
    expect(JSON.parse(stack('plain.out'))).toEqual(JSON.parse(stack('cdktf.out')));
  }, 120_000);
});
