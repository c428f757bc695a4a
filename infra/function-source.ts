import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Construct } from 'constructs';
import { AssetType, TerraformAsset, type ITerraformDependable } from 'cdktf';
import { StorageBucket } from '@cdktf/provider-google/lib/storage-bucket/index.js';
import { StorageBucketObject } from '@cdktf/provider-google/lib/storage-bucket-object/index.js';
import { CdpError } from '../core/errors.js';
import type { InfraConfig } from './config.js';
import { resourceNames } from './names.js';

/**
 * The functions' deployable source, assembled at synth time from the built project: exactly what
 * the functions run. Cloud Build's Node.js buildpack then runs `npm ci` with NODE_ENV=production
 * (no build script is left, so it neither installs devDependencies nor prunes) and the functions
 * framework serves `main`. Left out: the CLI, the local Workflows emulator, the bench, infra,
 * source maps, and the SQL only they read.
 */
export const BUNDLE_ENTRY = 'dist/functions/index.js';
/** Compiled folders the functions import from; nothing in them may import from elsewhere. */
export const DIST_FOLDERS = ['dist/core', 'dist/functions'] as const;
/** sql/ entries no function loads: benchmark and seed-parity SQL, the sample generator, the grants and `cdp doctor`'s checks. */
export const EXCLUDED_SQL = ['bench', 'seed', 'sample', 'doctor', 'grants.sql'] as const;
/**
 * package.json fields kept. `scripts` goes: `npm ci` would run `prepare` (tsc on sources the
 * archive does not carry), and a `build` or `gcp-build` script would make the buildpack install
 * devDependencies. The dependency lists stay as they are, or `npm ci` finds the lock out of sync.
 */
const PACKAGE_FIELDS = ['name', 'version', 'private', 'description', 'type', 'engines', 'main', 'dependencies', 'devDependencies'] as const;

/** Copies the deployable files of `projectRoot` into `stagingDir` (emptied first). */
export function stageFunctionSource(projectRoot: string, stagingDir: string): void {
  for (const required of ['package.json', 'package-lock.json', 'sql', ...DIST_FOLDERS, BUNDLE_ENTRY]) {
    if (!existsSync(join(projectRoot, required))) {
      throw new CdpError('BAD_CONFIG', `the function source needs ${required}: run \`npm run build\` first`, {
        field: 'functionSource',
        missing: required,
      });
    }
  }
  rmSync(stagingDir, { recursive: true, force: true });
  mkdirSync(stagingDir, { recursive: true });
  const pkg = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as Record<string, unknown>;
  const kept = Object.fromEntries(PACKAGE_FIELDS.filter((field) => field in pkg).map((field) => [field, pkg[field]]));
  writeFileSync(join(stagingDir, 'package.json'), `${JSON.stringify(kept, null, 2)}\n`);
  cpSync(join(projectRoot, 'package-lock.json'), join(stagingDir, 'package-lock.json'));
  for (const folder of DIST_FOLDERS) {
    cpSync(join(projectRoot, folder), join(stagingDir, folder), {
      recursive: true,
      filter: (source) => statSync(source).isDirectory() || source.endsWith('.js'),
    });
  }
  const sqlRoot = join(projectRoot, 'sql');
  cpSync(sqlRoot, join(stagingDir, 'sql'), {
    recursive: true,
    filter: (source) => !(EXCLUDED_SQL as readonly string[]).includes(relative(sqlRoot, source).split(/[\\/]/)[0] ?? ''),
  });
}

/** A content hash over every file's relative path and bytes, so renames count as changes. */
export function hashDirectory(dir: string): string {
  const hash = createHash('sha256');
  const walk = (current: string): void => {
    for (const name of readdirSync(current).sort()) {
      const path = join(current, name);
      if (statSync(path).isDirectory()) walk(path);
      else hash.update(relative(dir, path)).update('\0').update(readFileSync(path)).update('\0');
    }
  };
  walk(dir);
  return hash.digest('hex').slice(0, 16);
}

export interface FunctionSourceProps {
  readonly config: InfraConfig;
  readonly projectRoot: string;
  readonly stagingDir: string;
  readonly dependsOn: readonly ITerraformDependable[];
}

/** A private bucket holding the zipped source; the object's name carries the content hash. */
export class FunctionSource extends Construct {
  readonly bucket: StorageBucket;
  readonly object: StorageBucketObject;
  readonly sourceHash: string;

  constructor(scope: Construct, id: string, { config, projectRoot, stagingDir, dependsOn }: FunctionSourceProps) {
    super(scope, id);
    stageFunctionSource(projectRoot, stagingDir);
    this.sourceHash = hashDirectory(stagingDir);
    const asset = new TerraformAsset(this, 'archive', {
      path: stagingDir,
      type: AssetType.ARCHIVE,
      assetHash: this.sourceHash,
    });

    this.bucket = new StorageBucket(this, 'bucket', {
      project: config.projectId,
      name: resourceNames(config).sourceBucket,
      location: config.region,
      uniformBucketLevelAccess: true,
      publicAccessPrevention: 'enforced',
      // Holds only build inputs that synth recreates, so teardown may empty it.
      forceDestroy: true,
      dependsOn: [...dependsOn],
    });

    this.object = new StorageBucketObject(this, 'object', {
      bucket: this.bucket.name,
      name: `function-source/${this.sourceHash}.zip`,
      source: asset.path,
      contentType: 'application/zip',
    });
  }
}
