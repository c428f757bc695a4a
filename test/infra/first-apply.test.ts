import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PLATFORM_ENV_IGNORED } from '../../infra/functions.js';
import { DELETE_OLDER_THAN, KEEP_RECENT_IMAGES } from '../../infra/function-images.js';
import { main } from '../../infra/main.js';
import { SETTLE_SECONDS } from '../../infra/settle.js';
import { dereference, REPO_ROOT, resources, synthesize, type Synthesized, onlyResource } from './fixture.js';

/** What makes the first `cdktf deploy` succeed the first time, and the second plan empty. */
let s: Synthesized;
beforeAll(() => {
  s = synthesize();
});
afterAll(() => s.cleanup());

const one = (type: string) => onlyResource(s.json, type);
const address = (type: string, id: string) => `${type}.${id}`;
const addresses = (type: string) => resources(s.json, type).map(([id]) => address(type, id));
const sleep = (name: string) => (s.json.resource.time_sleep ?? {})[`${name}-settle`]!;

describe('settling before use', () => {
  it('declares the hashicorp/time provider for time_sleep', () => {
    expect(s.json.terraform.required_providers.time).toMatchObject({ source: 'hashicorp/time' });
  });

  it(`waits ${SETTLE_SECONDS.apis} s after every API is enabled`, () => {
    expect(sleep('apis').create_duration).toBe(`${SETTLE_SECONDS.apis}s`);
    expect([...sleep('apis').depends_on].sort()).toEqual(addresses('google_project_service').sort());
  });

  it.each(['google_service_account', 'google_sql_database_instance', 'google_storage_bucket', 'google_artifact_registry_repository'])(
    'creates every %s only after the APIs settled',
    (type) => {
      for (const [, args] of resources(s.json, type)) expect(args.depends_on).toContain('time_sleep.apis-settle');
    },
  );

  it('reads the project number only after the APIs settled (Resource Manager may be new)', () => {
    const [project] = Object.values(s.json.data.google_project ?? {});
    expect(project!.depends_on).toContain('time_sleep.apis-settle');
  });

  it(`waits ${SETTLE_SECONDS.iam} s after every role binding the builds and the scheduler rely on`, () => {
    const bindings = ['google_project_iam_member', 'google_storage_bucket_iam_member', 'google_artifact_registry_repository_iam_member'].flatMap(addresses);
    expect(sleep('iam').create_duration).toBe(`${SETTLE_SECONDS.iam}s`);
    expect([...sleep('iam').depends_on].sort()).toEqual(bindings.sort());
  });

  it.each(['google_cloudfunctions2_function', 'google_cloud_scheduler_job'])('starts every %s only after the bindings settled', (type) => {
    for (const [, args] of resources(s.json, type)) expect(args.depends_on).toContain('time_sleep.iam-settle');
  });
});

describe('the IAM database user', () => {
  it('is created after the service account it names', () => {
    const user = one('google_sql_user');
    const [account] = user.depends_on as string[];
    expect(account).toMatch(/^google_service_account\./);
    const id = account!.split('.')[1]!;
    expect(`${s.json.resource.google_service_account![id]!.account_id}@acme-cdp-test.iam`).toBe(user.name);
  });
});

describe('maintenance', () => {
  it('has a weekly window, by default Sunday 10:00 UTC, clear of the 2:00 run', () => {
    expect(one('google_sql_database_instance').settings.maintenance_window).toEqual({ day: 7, hour: 10, update_track: 'stable' });
  });

  it('takes the configured window', () => {
    const other = synthesize({ env: { CDP_MAINTENANCE_WINDOW: 'WED:14' } });
    try {
      const [[, instance]] = resources(other.json, 'google_sql_database_instance') as [[string, Record<string, any>]];
      expect(instance.settings.maintenance_window).toMatchObject({ day: 3, hour: 14 });
    } finally {
      other.cleanup();
    }
  });
});

describe('drift after the first apply', () => {
  it('ignores, on every function, the LOG_EXECUTION_ID the platform adds to its environment', () => {
    const ignored = resources(s.json, 'google_cloudfunctions2_function').map(([, args]) => args.lifecycle.ignore_changes);
    expect(ignored).toEqual(Array.from({ length: 8 }, () => [...PLATFORM_ENV_IGNORED]));
  });

  it('names the ignored key exactly as Terraform addresses it', () => {
    expect(PLATFORM_ENV_IGNORED).toEqual(['service_config[0].environment_variables["LOG_EXECUTION_ID"]']);
  });

  it("builds into the stack's own repository, so the API fills in no docker_repository of its own", () => {
    for (const [, args] of resources(s.json, 'google_cloudfunctions2_function')) {
      expect(dereference(s.json, args.build_config.docker_repository)).toMatchObject({ type: 'google_artifact_registry_repository', attr: 'id' });
    }
  });
});

describe('the image repository', () => {
  it('is a Docker repository in the region, cleaned up for real (not a dry run)', () => {
    expect(one('google_artifact_registry_repository')).toMatchObject({ format: 'DOCKER', location: 'europe-west1', repository_id: 'cdp-functions', cleanup_policy_dry_run: false });
  });

  it(`keeps the ${KEEP_RECENT_IMAGES} newest images of each function and deletes older ones after 30 days`, () => {
    expect(one('google_artifact_registry_repository').cleanup_policies).toEqual([
      { id: 'keep-recent', action: 'KEEP', most_recent_versions: { keep_count: KEEP_RECENT_IMAGES } },
      { id: 'delete-old', action: 'DELETE', condition: { older_than: DELETE_OLDER_THAN } },
    ]);
  });
});

describe('the nightly job', () => {
  it('is created paused, since every run fails until the sources and grants are in place', () => {
    expect(one('google_cloud_scheduler_job').paused).toBe(true);
  });

  it('leaves paused to the operator after that, so a later deploy neither pauses nor resumes it', () => {
    expect(one('google_cloud_scheduler_job').lifecycle.ignore_changes).toEqual(['paused']);
  });
});

describe('state', () => {
  it('lives in the configured GCS bucket under the configured prefix', () => {
    const custom = synthesize({ env: { CDP_STATE_BUCKET: 'acme-tf', CDP_STATE_PREFIX: 'teams/data/customer-360' } });
    try {
      expect(custom.json.terraform.backend).toEqual({ gcs: { bucket: 'acme-tf', prefix: 'teams/data/customer-360' } });
    } finally {
      custom.cleanup();
    }
  });

  it('is local only when chosen explicitly, in the repository root', () => {
    const local = synthesize({ env: { CDP_STATE_BUCKET: '', CDP_LOCAL_STATE: 'true' } });
    try {
      expect(local.json.terraform.backend).toEqual({ local: { path: join(local.projectRoot, 'terraform.test.tfstate') } });
    } finally {
      local.cleanup();
    }
  });
});

describe('synth (infra/main.ts)', () => {
  let outdir: string;
  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), 'cdp-main-'));
    vi.stubEnv('CDKTF_OUTDIR', outdir);
    vi.spyOn(process, 'cwd').mockReturnValue(REPO_ROOT);
  });
  afterAll(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
    rmSync(outdir, { recursive: true, force: true });
  });

  const run = (env: Record<string, string>) => {
    let written = '';
    const code = main({ CDP_PROJECT_ID: 'acme-cdp-test', CDP_REGION: 'europe-west1', ...env }, { write: (text: string) => ((written += text), true) });
    const tf = JSON.parse(readFileSync(join(outdir, 'stacks', 'customer-360', 'cdk.tf.json'), 'utf8'));
    return { code, written, tf };
  };

  it('warns loudly on stderr when the state is local', () => {
    const { code, written, tf } = run({ CDP_LOCAL_STATE: 'true' });
    expect(code).toBe(0);
    expect(written).toMatch(/WARNING: LOCAL TERRAFORM STATE/);
    expect(Object.keys(tf.terraform.backend)).toEqual(['local']);
  });

  it('says nothing when the state is shared', () => {
    const { code, written, tf } = run({ CDP_STATE_BUCKET: 'acme-tf' });
    expect([code, written]).toEqual([0, '']);
    expect(tf.terraform.backend).toEqual({ gcs: { bucket: 'acme-tf', prefix: 'customer-360' } });
    expect(readdirSync(join(outdir, 'stacks', 'customer-360'))).toContain('assets');
  });
});
