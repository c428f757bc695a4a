import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What Google's Node.js buildpack (GoogleCloudPlatform/buildpacks, cmd/nodejs/npm/lib/lib.go and
 * pkg/nodejs) does with a function's source, reproduced for a test:
 * - a `gcp-build` script, else a `build` script, is run after the install; with either, and
 *   NODE_ENV unset, the install runs with NODE_ENV=development (devDependencies included) and
 *   `npm prune --production` follows; with neither, NODE_ENV=production (devDependencies omitted);
 * - the install is `npm ci --quiet --no-fund --no-audit`, install scripts allowed;
 * - the functions framework buildpack checks `main` with `node --check`, then serves it with
 *   node_modules/.bin/functions-framework --target=<entry point>.
 */
export interface BuildPlan {
  readonly nodeEnv: 'production' | 'development';
  readonly buildScripts: readonly string[];
}

export function buildPlan(appDir: string): BuildPlan {
  const pkg = JSON.parse(readFileSync(join(appDir, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  const scripts = pkg.scripts ?? {};
  const chosen = 'gcp-build' in scripts ? 'gcp-build' : 'build' in scripts ? 'build' : undefined;
  const buildScripts = chosen !== undefined && scripts[chosen]!.trim() !== '' ? [chosen] : [];
  return { nodeEnv: buildScripts.length > 0 ? 'development' : 'production', buildScripts };
}

/** Only what a build machine has: no npm_* variables of the test runner, no database settings. */
export function buildEnv(nodeEnv: string): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: nodeEnv, CHECKPOINT_DISABLE: '1' };
}

/** Runs the buildpack's install (and build scripts, and prune) in `appDir`; throws with npm's output. */
export function buildpackInstall(appDir: string): BuildPlan {
  const plan = buildPlan(appDir);
  const run = (args: string[]) => {
    const result = spawnSync('npm', args, { cwd: appDir, env: buildEnv(plan.nodeEnv), encoding: 'utf8', timeout: 300_000 });
    if (result.status !== 0) throw new Error(`npm ${args.join(' ')} failed: ${result.stderr || result.stdout}`);
  };
  run(['ci', '--quiet', '--no-fund', '--no-audit']);
  for (const script of plan.buildScripts) run(['run', script]);
  if (plan.buildScripts.length > 0) run(['prune', '--production']);
  return plan;
}

/** Node's permission model: the process may read `appDir` and nothing else. */
export function readOnlyInside(appDir: string): string[] {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  const flag = major > 22 || (major === 22 && minor >= 13) ? '--permission' : '--experimental-permission';
  return [flag, `--allow-fs-read=${appDir}/*`, '--no-warnings'];
}

export function startFunction(appDir: string, target: string, port: number, env: NodeJS.ProcessEnv): ChildProcess {
  const framework = join(appDir, 'node_modules/@google-cloud/functions-framework/build/src/main.js');
  return spawn(process.execPath, [...readOnlyInside(appDir), framework, `--target=${target}`, '--signature-type=http', `--port=${port}`], {
    cwd: appDir,
    env: { ...env, PATH: process.env.PATH },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}
