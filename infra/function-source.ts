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
 * The functions' deployable source, assembled at synth time from the built project:
 * package.json (without its scripts: Cloud Build's `npm ci` would otherwise run `prepare`, which
 * calls tsc on sources the archive does not carry), package-lock.json, the compiled `dist/`
 * (without dist/infra), and `sql/`, which the functions load at runtime. Cloud Build installs the
 * production dependencies and the functions framework serves `main` (dist/functions/index.js).
 */
export const BUNDLE_ENTRY = 'dist/functions/index.js';
const COPIED = ['package-lock.json', 'dist', 'sql'] as const;
const EXCLUDED_DIST = new Set(['infra', 'function-source']);

/** Copies the deployable files of `projectRoot` into `stagingDir` (emptied first). */
export function stageFunctionSource(projectRoot: string, stagingDir: string): void {
  for (const required of ['package.json', ...COPIED, BUNDLE_ENTRY]) {
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
  delete pkg.scripts;
  writeFileSync(join(stagingDir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  for (const item of COPIED) {
    cpSync(join(projectRoot, item), join(stagingDir, item), {
      recursive: true,
      filter: (source) => {
        const rel = relative(join(projectRoot, 'dist'), source).split(/[\\/]/);
        return !(item === 'dist' && rel.length >= 1 && EXCLUDED_DIST.has(rel[0] ?? ''));
      },
    });
  }
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
