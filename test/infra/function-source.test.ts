import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isCdpError } from '../../core/errors.js';
import { BUNDLE_ENTRY, hashDirectory, stageFunctionSource } from '../../infra/function-source.js';
import { makeProjectRoot } from './fixture.js';

let root: string;
let staging: string;
beforeEach(() => {
  root = makeProjectRoot();
  staging = mkdtempSync(join(tmpdir(), 'cdp-staging-test-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(staging, { recursive: true, force: true });
});

describe('stageFunctionSource', () => {
  it.each(['package.json', 'package-lock.json', BUNDLE_ENTRY, 'dist/core/stages.js', 'sql/stages/temp_customer_basic.sql', 'sql/source/columns.sql'])(
    'ships %s',
    (path) => {
      stageFunctionSource(root, staging);
      expect(existsSync(join(staging, path))).toBe(true);
    },
  );

  it.each([
    'dist/infra',
    'dist/cli',
    'dist/bin',
    'dist/tools',
    'dist/workflows',
    'dist/core/stages.js.map',
    'workflows',
    'cdktf.json',
    'tsconfig.json',
    'node_modules',
    'sql/bench',
    'sql/seed',
    'sql/sample',
    'sql/doctor',
    'sql/grants.sql',
  ])('leaves out %s', (path) => {
    stageFunctionSource(root, staging);
    expect(existsSync(join(staging, path))).toBe(false);
  });

  it.each(['scripts', 'bin'])("drops package.json's %s (npm ci would run prepare; the buildpack would run a build script)", (field) => {
    stageFunctionSource(root, staging);
    const pkg = JSON.parse(readFileSync(join(staging, 'package.json'), 'utf8'));
    expect(pkg[field]).toBeUndefined();
  });

  it('keeps the dependencies package-lock.json was resolved from (npm ci checks they agree)', () => {
    stageFunctionSource(root, staging);
    const original = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const staged = JSON.parse(readFileSync(join(staging, 'package.json'), 'utf8'));
    expect([staged.main, staged.dependencies, staged.devDependencies]).toEqual([original.main, original.dependencies, original.devDependencies]);
  });

  it('fails with BAD_CONFIG naming the missing bundle when the project is not built', () => {
    rmSync(join(root, BUNDLE_ENTRY));
    try {
      stageFunctionSource(root, staging);
      expect.unreachable();
    } catch (error) {
      expect(isCdpError(error) && error.details).toMatchObject({ missing: BUNDLE_ENTRY });
    }
  });
});

describe('hashDirectory', () => {
  it('is stable for the same content', () => {
    expect(hashDirectory(root)).toBe(hashDirectory(root));
  });

  it('changes when a file is renamed', () => {
    const before = hashDirectory(root);
    renameSync(join(root, 'dist/core/stages.js'), join(root, 'dist/core/renamed.js'));
    expect(hashDirectory(root)).not.toBe(before);
  });
});
