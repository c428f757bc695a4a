import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Testing } from 'cdktf';
import { FUNCTIONS, urlEnvKey } from '../../core/stages.js';
import { isCdpError } from '../../core/errors.js';
import { REQUIRED_APIS } from '../../infra/apis.js';
import { FUNCTION_TIMEOUT_SECONDS } from '../../infra/functions.js';
import { iamDatabaseUser, resourceNames, serviceAccountEmail, serviceAccountId, type AccountRole } from '../../infra/names.js';
import { DEFAULT_TIME_ZONE } from '../../core/config.js';
import { PipelineStack, WORKFLOW_SOURCE } from '../../infra/stack.js';
import { MAX_HTTP_TIMEOUT_SECONDS, MAX_WORKFLOW_ENV_VARS, RESERVED_ENV_PREFIXES } from '../../infra/workflow.js';
import { checkWorkflowDefinition } from '../../workflows/check.js';
import { dereference, makeProjectRoot, REAL_WORKFLOW, resources, synthesize, terraformLiteral, testConfig, type Synthesized, onlyResource } from './fixture.js';

let s: Synthesized;
beforeAll(() => {
  s = synthesize();
});
afterAll(() => s.cleanup());

const one = (type: string) => onlyResource(s.json, type);
/** The role in the pipeline of the service account a `${google_service_account.x.attr}` names. */
const accountOf = (expression: string): AccountRole => {
  const { args } = dereference(s.json, expression);
  const role = (['functions', 'workflow', 'scheduler', 'build'] as const).find((r) => serviceAccountId(s.config, r) === args.account_id);
  if (!role) throw new Error(`unknown account ${args.account_id}`);
  return role;
};
const functionsByEntryPoint = () =>
  new Map(resources(s.json, 'google_cloudfunctions2_function').map(([id, args]) => [args.build_config.entry_point as string, { id, args }]));
const workflow = () => one('google_workflows_workflow');
const yaml = () => readFileSync(join(s.projectRoot, WORKFLOW_SOURCE), 'utf8');

describe('Google APIs', () => {
  it.each(REQUIRED_APIS)('enables %s without disabling it on destroy', (api) => {
    const service = resources(s.json, 'google_project_service').find(([, args]) => args.service === api)?.[1];
    expect(service).toMatchObject({ project: 'acme-cdp-test', disable_on_destroy: false });
  });
});

describe('Cloud SQL', () => {
  it('turns IAM database authentication on', () => {
    expect(one('google_sql_database_instance').settings.database_flags).toContainEqual({ name: 'cloudsql.iam_authentication', value: 'on' });
  });

  it('requires TLS and has no authorized networks', () => {
    expect(one('google_sql_database_instance').settings.ip_configuration).toEqual({
      ipv4_enabled: true,
      ssl_mode: 'ENCRYPTED_ONLY',
      authorized_networks: [],
    });
  });

  it('keeps automated backups with point-in-time recovery', () => {
    expect(one('google_sql_database_instance').settings.backup_configuration).toMatchObject({
      enabled: true,
      point_in_time_recovery_enabled: true,
    });
  });

  it('is protected from deletion by default, in Terraform and in the API', () => {
    const instance = one('google_sql_database_instance');
    expect([instance.deletion_protection, instance.settings.deletion_protection_enabled]).toEqual([true, true]);
  });

  it('drops deletion protection when configured off', () => {
    const off = synthesize({ env: { CDP_DELETION_PROTECTION: 'false' } });
    try {
      const [[, instance]] = resources(off.json, 'google_sql_database_instance') as [[string, Record<string, any>]];
      const [[, wf]] = resources(off.json, 'google_workflows_workflow') as [[string, Record<string, any>]];
      expect([instance.deletion_protection, instance.settings.deletion_protection_enabled, wf.deletion_protection]).toEqual([false, false, false]);
    } finally {
      off.cleanup();
    }
  });

  it('uses the configured Postgres version, tier and region', () => {
    const instance = one('google_sql_database_instance');
    expect([instance.database_version, instance.settings.tier, instance.region]).toEqual(['POSTGRES_16', 'db-custom-1-3840', 'europe-west1']);
  });

  it('holds the configured database', () => {
    expect(one('google_sql_database').name).toBe('cdp');
  });

  it("creates the functions' service account as an IAM database user", () => {
    expect(one('google_sql_user')).toMatchObject({
      type: 'CLOUD_IAM_SERVICE_ACCOUNT',
      name: iamDatabaseUser(serviceAccountEmail(s.config, 'functions')),
    });
  });
});

describe('function source', () => {
  it('lives in a private bucket with uniform access and public access prevention', () => {
    expect(one('google_storage_bucket')).toMatchObject({
      uniform_bucket_level_access: true,
      public_access_prevention: 'enforced',
      location: 'europe-west1',
    });
  });

  it('names the archive object after its content hash', () => {
    expect(one('google_storage_bucket_object').name).toBe(`function-source/${s.stack.source.sourceHash}.zip`);
  });

  it('uploads the archive cdktf builds from the staged source', () => {
    expect(one('google_storage_bucket_object').source).toMatch(/^assets\/.+\/archive\.zip$/);
  });
});

describe('functions', () => {
  it('deploys one function per name in FUNCTIONS, with distinct entry points', () => {
    const entryPoints = resources(s.json, 'google_cloudfunctions2_function').map(([, args]) => args.build_config.entry_point);
    expect(new Set(entryPoints).size).toBe(entryPoints.length);
    expect([...entryPoints].sort()).toEqual([...FUNCTIONS].sort());
  });

  it.each(FUNCTIONS)('deploys %s from the shared source archive', (fn) => {
    const { args } = functionsByEntryPoint().get(fn)!;
    expect(args.name).toBe(resourceNames(s.config).functions[fn]);
    expect(dereference(s.json, args.build_config.source.storage_source.object).type).toBe('google_storage_bucket_object');
  });

  it.each(FUNCTIONS)('runs %s as the functions account, built by the build account', (fn) => {
    const { args } = functionsByEntryPoint().get(fn)!;
    expect([accountOf(args.service_config.service_account_email), accountOf(args.build_config.service_account)]).toEqual(['functions', 'build']);
  });

  it.each(FUNCTIONS)('gives %s the instance connection name, database, IAM user and time zone', (fn) => {
    const env = functionsByEntryPoint().get(fn)!.args.service_config.environment_variables;
    expect(Object.keys(env).sort()).toEqual(['CDP_TIME_ZONE', 'DB_NAME', 'DB_USER', 'INSTANCE_CONNECTION_NAME']);
    expect(dereference(s.json, env.INSTANCE_CONNECTION_NAME)).toMatchObject({ type: 'google_sql_database_instance', attr: 'connection_name' });
    expect(dereference(s.json, env.DB_NAME).type).toBe('google_sql_database');
    expect([env.DB_USER, env.CDP_TIME_ZONE]).toEqual(['cdp-fn@acme-cdp-test.iam', DEFAULT_TIME_ZONE]);
  });

  it.each(FUNCTIONS)('lets %s run as long as the workflow waits for it', (fn) => {
    expect(functionsByEntryPoint().get(fn)!.args.service_config.timeout_seconds).toBe(FUNCTION_TIMEOUT_SECONDS);
  });

  it.skipIf(!existsSync('functions/index.ts'))('exports every entry point from the functions bundle', async () => {
    const bundle = (await import('../../functions/index.js')) as Record<string, unknown>;
    for (const fn of functionsByEntryPoint().keys()) expect(typeof bundle[fn], fn).toBe('function');
  });
});

describe('IAM', () => {
  it('makes no resource invokable or readable by allUsers or allAuthenticatedUsers', () => {
    expect(JSON.stringify(s.json)).not.toMatch(/allUsers|allAuthenticatedUsers/);
  });

  it('never grants roles/cloudfunctions.invoker (it does not govern 2nd-gen functions)', () => {
    expect(JSON.stringify(s.json)).not.toContain('roles/cloudfunctions.invoker');
  });

  it("lets only the workflow's account invoke each function, through roles/run.invoker on its Cloud Run service", () => {
    const bindings = resources(s.json, 'google_cloud_run_v2_service_iam_member').map(([, args]) => ({
      role: args.role,
      account: accountOf(args.member),
      entryPoint: dereference(s.json, args.name).args.build_config.entry_point,
    }));
    expect(bindings.sort((a, b) => a.entryPoint.localeCompare(b.entryPoint))).toEqual(
      [...FUNCTIONS].sort().map((entryPoint) => ({ role: 'roles/run.invoker', account: 'workflow', entryPoint })),
    );
  });
});

describe('workflow', () => {
  it('carries workflows/customer_360.yaml unchanged once Terraform reads it', () => {
    expect(terraformLiteral(workflow().source_contents)).toBe(yaml());
  });

  it.skipIf(!existsSync(REAL_WORKFLOW))("synthesizes the repository's own workflows/customer_360.yaml", () => {
    expect(yaml()).toBe(readFileSync(REAL_WORKFLOW, 'utf8'));
  });

  it('runs as the workflow account', () => {
    expect(accountOf(workflow().service_account)).toBe('workflow');
  });

  it('sets every variable the YAML reads', () => {
    const platform = (key: string) => RESERVED_ENV_PREFIXES.some((prefix) => key.startsWith(prefix));
    const missing = checkWorkflowDefinition(yaml()).envKeys.filter((key) => !platform(key) && !(key in workflow().user_env_vars));
    expect(missing).toEqual([]);
  });

  it.each(FUNCTIONS)("passes %s's URL under its urlEnvKey", (fn) => {
    const ref = dereference(s.json, workflow().user_env_vars[urlEnvKey(fn)]);
    expect([ref.attr, ref.args.build_config.entry_point]).toEqual(['url', fn]);
  });

  it('passes the configured time zone as TIME_ZONE', () => {
    expect(workflow().user_env_vars.TIME_ZONE).toBe(DEFAULT_TIME_ZONE);
  });

  it(`stays within ${MAX_WORKFLOW_ENV_VARS} environment variables, none with a reserved prefix`, () => {
    const keys = Object.keys(workflow().user_env_vars);
    expect(keys.length).toBeLessThanOrEqual(MAX_WORKFLOW_ENV_VARS);
    expect(keys.filter((key) => RESERVED_ENV_PREFIXES.some((prefix) => key.startsWith(prefix)))).toEqual([]);
  });

  it("waits on every HTTP call as long as the functions' timeout, above the 300 s default", () => {
    const timeouts = new Set(checkWorkflowDefinition(yaml()).httpCalls.map((call) => call.timeout));
    expect([...timeouts]).toEqual([FUNCTION_TIMEOUT_SECONDS]);
    expect(FUNCTION_TIMEOUT_SECONDS).toBeGreaterThan(300);
    expect(FUNCTION_TIMEOUT_SECONDS).toBeLessThanOrEqual(MAX_HTTP_TIMEOUT_SECONDS);
  });

  const synthError = (yamlText: string) => {
    const root = makeProjectRoot(yamlText);
    try {
      new PipelineStack(Testing.app(), 'bad', { config: testConfig(), projectRoot: root, stagingDir: join(root, '.staging') });
    } catch (error) {
      if (isCdpError(error)) return error;
      throw error;
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
    throw new Error('expected synth to fail');
  };

  it("fails synth with BAD_CONFIG naming the step when a call waits less than the functions' timeout", () => {
    const real = readFileSync(REAL_WORKFLOW, 'utf8');
    expect(synthError(real.replace('timeout: 1800', 'timeout: 600')).details).toMatchObject({ field: 'timeout', step: 'prepare' });
  });

  it('fails synth with BAD_CONFIG when the YAML fails workflows/check.ts (the checker the tests use)', () => {
    const real = readFileSync(REAL_WORKFLOW, 'utf8');
    const error = synthError(real.replace('auth: { type: OIDC }', 'auth: { type: OAuth2 }'));
    expect(error.details.field).toBe('workflow');
    expect(error.message).toContain('without auth: { type: OIDC }');
  });
});

describe('scheduler', () => {
  it('runs on the configured schedule and time zone', () => {
    const custom = synthesize({ env: { CDP_SCHEDULE: '15 3 * * 1-5', CDP_TIME_ZONE: 'Europe/Paris' } });
    try {
      const [[, job]] = resources(custom.json, 'google_cloud_scheduler_job') as [[string, Record<string, any>]];
      expect([job.schedule, job.time_zone]).toEqual(['15 3 * * 1-5', 'Europe/Paris']);
    } finally {
      custom.cleanup();
    }
  });

  it('POSTs to the Workflow Executions API of this workflow', () => {
    const target = one('google_cloud_scheduler_job').http_target;
    const [, ref] = /^https:\/\/workflowexecutions\.googleapis\.com\/v1\/(\$\{[^}]+\})\/executions$/.exec(target.uri) ?? [];
    expect(target.http_method).toBe('POST');
    expect(dereference(s.json, ref!)).toMatchObject({ type: 'google_workflows_workflow', attr: 'id' });
  });

  it("authenticates with an OAuth token of the scheduler's account", () => {
    expect(accountOf(one('google_cloud_scheduler_job').http_target.oauth_token.service_account_email)).toBe('scheduler');
  });

  it('sends the base64 of {"argument": "<JSON string>"}', () => {
    const body = JSON.parse(Buffer.from(one('google_cloud_scheduler_job').http_target.body, 'base64').toString('utf8'));
    expect(body).toEqual({ argument: '{}' });
    expect(JSON.parse(body.argument)).toEqual({});
  });
});

describe('outputs', () => {
  it.each(['workflow_name', 'function_urls', 'instance_connection_name'])('outputs %s', (name) => {
    expect(s.json.output[name]).toBeDefined();
  });

  it('outputs one URL per function', () => {
    expect(Object.keys(s.json.output.function_urls!.value as object).sort()).toEqual([...FUNCTIONS].sort());
  });
});

describe('full synth', () => {
  it('writes plain Terraform JSON and the zipped function source', () => {
    const root = makeProjectRoot();
    try {
      const app = Testing.app({ outdir: join(root, 'out') });
      const stack = new PipelineStack(app, 'full', { config: testConfig(), projectRoot: root, stagingDir: join(root, '.staging') });
      const outdir = Testing.fullSynth(stack);
      const stackDir = join(outdir, 'stacks', 'full');
      const tf = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8'));
      const [[, object]] = Object.entries(tf.resource.google_storage_bucket_object) as [[string, { source: string }]];
      expect(existsSync(join(stackDir, object.source))).toBe(true);
      expect(readdirSync(stackDir)).toContain('assets');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
