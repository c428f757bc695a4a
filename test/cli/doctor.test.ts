import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { doctorCommand, type DoctorOptions } from '../../cli/commands/doctor.js';
import type { CloudClients } from '../../cli/doctor/cloud-checks.js';
import { memoryIo } from '../../cli/io.js';
import { main } from '../../cli/main.js';
import type { Database } from '../../core/db/database.js';
import { sql } from '../../core/sql.js';
import { renderGrants } from '../../infra/grants.js';
import { databaseTargets } from '../support/databases.js';
import { newRoles, openWorld, type Roles, type World } from '../support/iam-world.js';

/**
 * `cdp doctor` against fakes that answer as the Google APIs do (the fields the official clients
 * return), and, for the database part, against real databases set up as Cloud SQL sets them up.
 * The real clients (cli/doctor/google-clients.ts) need a deployed project and are not run here.
 */
const ENV = { CDP_PROJECT_ID: 'acme-cdp-test', CDP_REGION: 'europe-west1' };
const LOCATION = 'projects/acme-cdp-test/locations/europe-west1';
const WORKFLOW_ACCOUNT = 'serviceAccount:cdp-wf@acme-cdp-test.iam.gserviceaccount.com';
const YAML = 'main:\n  steps: []\n';

type Fakes = { -readonly [K in keyof CloudClients]: CloudClients[K] };

/** A deployed project in good health, as the APIs describe it; each test breaks one part. */
function healthy(): Fakes {
  return {
    auth: { getAccessToken: async () => 'ya29.token', getCredentials: async () => ({ client_email: 'alice@example.com' }) },
    workflows: { getWorkflow: async () => [{ sourceContents: YAML, revisionId: '000004-a1b', state: 'ACTIVE' }] },
    functions: {
      getFunction: async ({ name }) => [{ state: 'ACTIVE', serviceConfig: { service: `${LOCATION}/services/${name.split('/').pop()}` } }],
    },
    run: { getIamPolicy: async () => [{ bindings: [{ role: 'roles/run.invoker', members: [WORKFLOW_ACCOUNT] }] }] },
    scheduler: { getJob: async () => [{ state: 'ENABLED', scheduleTime: { seconds: '1767232800' } }] },
  };
}

const healthyDatabase = async (): Promise<Database> =>
  ({
    query: async (text: string) => {
      if (text === sql('doctor/grants').text) {
        return { rows: [{ connect_database: true, create_schemas: true, use_public: true, create_in_public: true, owns_customer_360: true, owns_cdp_meta: true }], rowCount: 1 };
      }
      if (text === sql('source/unreadable').text) return { rows: [], rowCount: 0 };
      const columns = await import('../../core/sources.js').then(({ SOURCE_COLUMNS }) =>
        Object.entries(SOURCE_COLUMNS).flatMap(([table_name, names]) => names.map((column_name) => ({ table_name, column_name }))),
      );
      return { rows: columns, rowCount: columns.length };
    },
    exec: async () => {},
    transaction: async () => {
      throw new Error('not used');
    },
    close: async () => {},
    kind: 'cloudsql',
  }) as unknown as Database;

async function doctor(fakes: Fakes, options: Partial<DoctorOptions> = {}, argv: string[] = []) {
  const io = memoryIo(ENV);
  const code = await doctorCommand(argv, io, { clients: async () => fakes, connect: healthyDatabase, localYaml: () => YAML, ...options });
  return { code, lines: io.stdout };
}

const lineOf = (lines: string[], name: string) => lines.find((line) => line.slice(6).startsWith(name)) ?? `(no line for ${name})`;

describe('cdp doctor, cloud checks against fakes of the Google clients', () => {
  it('passes a healthy project with one line per check and exit code 0', async () => {
    const { code, lines } = await doctor(healthy());
    expect(code).toBe(0);
    const checks = lines.slice(1, -1);
    expect(checks).toHaveLength(1 + 1 + 8 + 1 + 3);
    expect(checks.every((line) => line.startsWith('PASS  '))).toBe(true);
    expect(lines.at(-1)).toBe('all 14 checks pass');
  });

  it('reports the next run of an enabled job', async () => {
    expect(lineOf((await doctor(healthy())).lines, 'scheduler cdp-customer-360-nightly')).toMatch(/ENABLED, next run 2026-01-01T02:00:00\.000Z$/);
  });

  it('asks each function of its own name, and its Cloud Run service of the invoker binding', async () => {
    const asked: string[] = [];
    const fakes = healthy();
    const { getFunction } = fakes.functions;
    const { getIamPolicy } = fakes.run;
    fakes.functions = { getFunction: (request) => (asked.push(request.name), getFunction(request)) };
    fakes.run = { getIamPolicy: (request) => (asked.push(request.resource), getIamPolicy(request)) };
    await doctor(fakes);
    expect(asked).toContain(`${LOCATION}/functions/cdp-temp-customer-basic`);
    expect(asked).toContain(`${LOCATION}/services/cdp-temp-customer-basic`);
  });

  it.each<[string, (f: Fakes) => void, string, RegExp, RegExp]>([
    [
      'no credentials',
      (f) => (f.auth = { getAccessToken: async () => Promise.reject(new Error('Could not load the default credentials')), getCredentials: async () => ({}) }),
      'credentials',
      /no Application Default Credentials: Could not load the default credentials/,
      /fix: gcloud auth application-default login$/,
    ],
    [
      'a workflow of another revision',
      (f) => (f.workflows = { getWorkflow: async () => [{ sourceContents: 'main: {}\n', revisionId: '000002-zzz' }] }),
      'workflow cdp-customer-360',
      /revision 000002-zzz differs from workflows\/customer_360\.yaml/,
      /fix: npm run deploy/,
    ],
    [
      'no workflow',
      (f) => (f.workflows = { getWorkflow: async () => Promise.reject(new Error('5 NOT_FOUND: Resource not found')) }),
      'workflow cdp-customer-360',
      /cannot read it: 5 NOT_FOUND/,
      /fix: npm run deploy/,
    ],
    [
      'a function whose build failed',
      (f) => (f.functions = { getFunction: async () => [{ state: 'FAILED', stateMessages: [{ message: 'Build failed: npm ci exited 1' }] }] }),
      'function cdp-prepare',
      /is FAILED: Build failed: npm ci exited 1/,
      /fix: npm run deploy/,
    ],
    [
      'a function the workflow may not invoke',
      (f) => (f.run = { getIamPolicy: async () => [{ bindings: [{ role: 'roles/run.invoker', members: ['user:bob@example.com'] }] }] }),
      'function cdp-publish',
      /is ACTIVE but cdp-wf@acme-cdp-test\.iam\.gserviceaccount\.com may not invoke it/,
      /fix: gcloud run services add-iam-policy-binding cdp-publish --region=europe-west1 --member=serviceAccount:cdp-wf@\S+ --role=roles\/run\.invoker$/,
    ],
    [
      'a paused job',
      (f) => (f.scheduler = { getJob: async () => [{ state: 'PAUSED', scheduleTime: null }] }),
      'scheduler cdp-customer-360-nightly',
      /is PAUSED \(created paused until the grants are done\), next run none scheduled/,
      /fix: gcloud scheduler jobs resume cdp-customer-360-nightly --location=europe-west1/,
    ],
  ])('fails on %s, naming the fix, with exit code 1', async (_case, breakIt, name, detail, fix) => {
    const fakes = healthy();
    breakIt(fakes);
    const { code, lines } = await doctor(fakes);
    expect(code).toBe(1);
    const line = lineOf(lines, name);
    expect(line).toMatch(/^FAIL  /);
    expect(line).toMatch(detail);
    expect(line).toMatch(fix);
  });

  it('skips the other cloud checks when there are no credentials', async () => {
    const fakes = healthy();
    fakes.auth = { getAccessToken: async () => Promise.reject(new Error('no ADC')), getCredentials: async () => ({}) };
    const { lines } = await doctor(fakes);
    expect(lines.filter((line) => line.startsWith('SKIP  ') && line.endsWith('needs credentials'))).toHaveLength(10);
  });

  it('reads protobuf enums given as numbers too (1 = ACTIVE, 1 = ENABLED)', async () => {
    const fakes = healthy();
    fakes.functions = { getFunction: async ({ name }) => [{ state: 1, serviceConfig: { service: `${LOCATION}/services/${name.split('/').pop()}` } }] };
    fakes.scheduler = { getJob: async () => [{ state: 1, scheduleTime: { seconds: 1767232800 } }] };
    expect((await doctor(fakes)).code).toBe(0);
  });

  it('says how to let doctor log in when the connector refuses', async () => {
    const { code, lines } = await doctor(healthy(), { connect: async () => Promise.reject(new Error('Permission iam.serviceAccounts.getAccessToken denied')) });
    expect(code).toBe(1);
    expect(lineOf(lines, 'database login')).toMatch(/as cdp-fn@acme-cdp-test\.iam: Permission .* fix: gcloud iam service-accounts add-iam-policy-binding cdp-fn@acme-cdp-test\.iam\.gserviceaccount\.com .*roles\/iam\.serviceAccountTokenCreator/);
    expect(lines.filter((line) => line.startsWith('SKIP  ') && line.endsWith('needs a login'))).toHaveLength(2);
  });

  it('takes project, region, prefix and database from flags over the environment', async () => {
    const asked: string[] = [];
    const fakes = healthy();
    fakes.scheduler = { getJob: async ({ name }) => (asked.push(name), [{ state: 'ENABLED' }]) };
    await doctor(fakes, {}, ['--project', 'other-proj', '--region', 'us-east1', '--name-prefix', 'c360']);
    expect(asked).toEqual(['projects/other-proj/locations/us-east1/jobs/c360-customer-360-nightly']);
  });

  it.each([
    [['doctor', '--project', 'X'], /^cdp doctor: --project must be a Google Cloud project id/],
    [['doctor', '--region', 'europe west'], /^cdp doctor: --region must be a Google Cloud region/],
  ])('refuses %j with one line and exit code 2', async (argv, message) => {
    const io = memoryIo({});
    expect(await main(argv, io)).toBe(2);
    expect(io.stderr).toEqual([expect.stringMatching(message)]);
  });

  it('asks for a project when neither the flag nor CDP_PROJECT_ID gives one', async () => {
    const io = memoryIo({});
    expect(await main(['doctor'], io)).toBe(2);
    expect(io.stderr).toEqual(['cdp doctor: give --project or set CDP_PROJECT_ID']);
  });
});

describe.each(databaseTargets())('cdp doctor, database checks as the IAM user on $name', (target) => {
  let roles: Roles;
  let world: World;
  const databaseName = () => new URL(world.t.url ?? 'postgres://x/postgres').pathname.slice(1);
  const run = async () => {
    const io = memoryIo({ ...ENV, CDP_DB_NAME: databaseName() });
    await doctorCommand([], io, { clients: async () => healthy(), connect: () => world.iamDatabase(), localYaml: () => YAML });
    return (name: string) => lineOf(io.stdout, name);
  };

  beforeEach(async () => {
    roles = newRoles();
    world = await openWorld(await target.open(), roles);
  }, 60_000);
  afterEach(() => world.dispose());

  it('on an empty database: logs in, lacks the grants, and sends to cdp sources create', async () => {
    const line = await run();
    expect(line('database login')).toMatch(/^PASS  /);
    expect(line('database grants')).toMatch(/^FAIL  .*lacks CREATE on the database, CREATE on schema public.*fix: cdp grants --project acme-cdp-test/);
    expect(line('source tables')).toMatch(/^FAIL  .*missing table customer_info.*fix: cdp sources create/);
  });

  it('with the sources but before the grants: names the tables it may not read and sends to the grants', async () => {
    await world.as(roles.admin, (q) => q.exec(sql('source/create_tables').text));
    const line = await run();
    expect(line('database grants')).toMatch(/SELECT on public\.campaign_responses/);
    expect(line('source tables')).toMatch(/^FAIL  .*no privilege on public\.\w+.*fix: cdp grants/);
  });

  it('after cdp sources create and the grants: every database check passes', async () => {
    await world.as(roles.admin, async (q) => {
      await q.exec(sql('source/create_tables').text);
      await q.exec(renderGrants(roles.email, { databaseName: databaseName() }));
    });
    const line = await run();
    expect([line('database login'), line('database grants'), line('source tables')].map((l) => l.slice(0, 4))).toEqual(['PASS', 'PASS', 'PASS']);
  });
});
