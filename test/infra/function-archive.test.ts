import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import extract from 'extract-zip';
import { Testing } from 'cdktf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../core/stages.js';
import { BUNDLE_ENTRY } from '../../infra/function-source.js';
import { PipelineStack } from '../../infra/stack.js';
import { buildpackInstall, readOnlyInside, startFunction, type BuildPlan } from './buildpack.js';
import { REPO_ROOT, testConfig } from './fixture.js';

/**
 * The archive the stack uploads, built the way Cloud Build builds it: unpacked into a scratch
 * folder outside the repository, installed as Google's Node.js buildpack installs it, then each
 * entry point served by the functions framework under Node's permission model, so that reading
 * any file outside the archive (the repository's node_modules, sql/, dist/) fails the test.
 * Needs the compiled dist/ (`npm test` compiles first) and the npm registry.
 */
let scratch: string;
let app: string;
let plan: BuildPlan;
const files: string[] = [];

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'cdp-archive-'));
  const stack = new PipelineStack(Testing.app({ outdir: join(scratch, 'out') }), 'archive', {
    config: testConfig(),
    projectRoot: REPO_ROOT,
    stagingDir: join(scratch, 'staging'),
  });
  const outdir = Testing.fullSynth(stack);
  const stackDir = join(outdir, 'stacks', 'archive');
  const tf = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8'));
  const [object] = Object.values(tf.resource.google_storage_bucket_object) as { source: string }[];
  app = join(scratch, 'app');
  await extract(join(stackDir, object!.source), { dir: app });
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.push(relative(app, path));
    }
  };
  walk(app);
  plan = buildpackInstall(app);
}, 300_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function post(url: string, deadline: number): Promise<Response> {
  for (;;) {
    try {
      return await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

describe('the function archive', () => {
  it('holds only package.json, package-lock.json, dist/core, dist/functions and the SQL the functions load', () => {
    const roots = new Set(files.map((file) => (file.startsWith('dist/') || file.startsWith('sql/') ? file.split('/').slice(0, 2).join('/') : file)));
    const sqlFolders = [...roots].filter((root) => root.startsWith('sql/'));
    expect([...roots].filter((root) => !root.startsWith('sql/')).sort()).toEqual(['dist/core', 'dist/functions', 'package-lock.json', 'package.json']);
    expect(sqlFolders.filter((folder) => ['sql/bench', 'sql/seed', 'sql/sample', 'sql/doctor', 'sql/grants.sql'].includes(folder))).toEqual([]);
  });

  it('carries no source maps and no TypeScript', () => {
    expect(files.filter((file) => file.startsWith('dist/') && !file.endsWith('.js'))).toEqual([]);
  });

  it('leaves the buildpack no build script, so it installs with NODE_ENV=production and never prunes', () => {
    expect(plan).toEqual({ nodeEnv: 'production', buildScripts: [] });
  });

  it.each(['@electric-sql/pglite', '@google-cloud/workflows', 'yaml', 'cdktf', 'typescript', 'vitest'])(
    'does not install %s in production',
    (name) => {
      expect(existsSync(join(app, 'node_modules', name))).toBe(false);
    },
  );

  it('passes the buildpack\'s syntax check of main', () => {
    const result = spawnSync(process.execPath, ['--check', join(app, BUNDLE_ENTRY)], { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
  });

  it('exports all eight entry points from main, reading no file outside the archive', () => {
    const script = `const m = await import(${JSON.stringify(join(app, BUNDLE_ENTRY))}); console.log(JSON.stringify(Object.keys(m).filter((k) => typeof m[k] === 'function')));`;
    const result = spawnSync(process.execPath, [...readOnlyInside(app), '--input-type=module', '-e', script], {
      cwd: app,
      env: { PATH: process.env.PATH, NODE_ENV: 'production' },
      encoding: 'utf8',
    });
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout.trim().split('\n').pop()!)).toEqual(expect.arrayContaining([...FUNCTIONS]));
  });

  it.each(FUNCTIONS)('serves %s through the functions framework and answers an empty body with 400 BAD_INPUT', async (fn) => {
    const port = await freePort();
    // A database URL nothing listens on: a bad request must be answered without one.
    const child = startFunction(app, fn, port, { NODE_ENV: 'production', DATABASE_URL: 'postgres://cdp@127.0.0.1:1/cdp' });
    let stderr = '';
    child.stderr?.on('data', (chunk) => (stderr += chunk));
    try {
      const response = await post(`http://127.0.0.1:${port}/`, Date.now() + 15_000);
      const body = (await response.json()) as { error: { code: string } };
      expect([response.status, body.error.code], stderr).toEqual([400, 'BAD_INPUT']);
    } finally {
      child.kill();
    }
  }, 30_000);
});
