/**
 * `cdp doctor`'s checks of the deployed Google Cloud resources, against the parts of the official
 * clients' answers they read. The clients come in through `CloudClients`, so tests hand in fakes
 * that answer as the APIs do; cli/doctor/google-clients.ts makes the real ones.
 */
import { FUNCTIONS } from '../../core/stages.js';
import { fail, pass, reason, skip, type CheckResult } from './report.js';
import { shortName, type DoctorNames, type DoctorTarget } from './target.js';

type Answer<T> = Promise<[T, ...unknown[]]>;
/** protobuf enums arrive as names ('ACTIVE') from the gRPC clients; numbers are mapped too. */
type Enum = string | number | null | undefined;
interface Timestamp {
  readonly seconds?: number | string | { toString(): string } | null;
}

export interface CloudClients {
  /** google-auth-library's GoogleAuth (Application Default Credentials). */
  readonly auth: { getAccessToken(): Promise<unknown>; getCredentials(): Promise<{ client_email?: string | null }> };
  /** @google-cloud/workflows v1.WorkflowsClient */
  readonly workflows: { getWorkflow(request: { name: string }): Answer<{ sourceContents?: string | null; revisionId?: string | null; state?: Enum }> };
  /** @google-cloud/functions v2.FunctionServiceClient */
  readonly functions: { getFunction(request: { name: string }): Answer<{ state?: Enum; serviceConfig?: { service?: string | null } | null; stateMessages?: { message?: string | null }[] | null }> };
  /** @google-cloud/run ServicesClient (v2) */
  readonly run: { getIamPolicy(request: { resource: string }): Answer<{ bindings?: { role?: string | null; members?: string[] | null }[] | null }> };
  /** @google-cloud/scheduler CloudSchedulerClient */
  readonly scheduler: { getJob(request: { name: string }): Answer<{ state?: Enum; scheduleTime?: Timestamp | null }> };
}

const FUNCTION_STATES = ['STATE_UNSPECIFIED', 'ACTIVE', 'FAILED', 'DEPLOYING', 'DELETING', 'UNKNOWN'];
const JOB_STATES = ['STATE_UNSPECIFIED', 'ENABLED', 'PAUSED', 'DISABLED', 'UPDATE_FAILED'];
const stateName = (value: Enum, names: readonly string[]): string => (typeof value === 'number' ? (names[value] ?? String(value)) : (value ?? 'STATE_UNSPECIFIED'));

const DEPLOY = 'npm run deploy  (docs/deploy.md, "Deploy")';

export async function checkCredentials(clients: CloudClients): Promise<CheckResult> {
  try {
    await clients.auth.getAccessToken();
    const { client_email: email } = await clients.auth.getCredentials().catch(() => ({ client_email: undefined }));
    return pass('credentials', `Application Default Credentials${email ? ` of ${email}` : ''} give an access token`);
  } catch (error) {
    return fail('credentials', `no Application Default Credentials: ${reason(error)}`, 'gcloud auth application-default login');
  }
}

export async function checkWorkflow(clients: CloudClients, names: DoctorNames, localYaml: string): Promise<CheckResult> {
  const name = `workflow ${shortName(names.workflow)}`;
  try {
    const [workflow] = await clients.workflows.getWorkflow({ name: names.workflow });
    if (workflow.sourceContents !== localYaml) {
      return fail(name, `revision ${workflow.revisionId ?? '?'} differs from workflows/customer_360.yaml`, DEPLOY);
    }
    return pass(name, `revision ${workflow.revisionId ?? '?'} is workflows/customer_360.yaml`);
  } catch (error) {
    return fail(name, `cannot read it: ${reason(error)}`, DEPLOY);
  }
}

/** One line per function: ACTIVE, and roles/run.invoker for the workflow's account on its service. */
export async function checkFunctions(clients: CloudClients, target: DoctorTarget, names: DoctorNames): Promise<CheckResult[]> {
  const member = `serviceAccount:${names.workflowAccount}`;
  return Promise.all(
    FUNCTIONS.map(async (fn): Promise<CheckResult> => {
      const name = `function ${shortName(names.functions[fn])}`;
      try {
        const [found] = await clients.functions.getFunction({ name: names.functions[fn] });
        const state = stateName(found.state, FUNCTION_STATES);
        if (state !== 'ACTIVE') {
          const why = found.stateMessages?.map((m) => m.message).filter(Boolean).join('; ');
          return fail(name, `is ${state}${why ? `: ${why}` : ''}`, DEPLOY);
        }
        const service = found.serviceConfig?.service ?? `projects/${target.projectId}/locations/${target.region}/services/${shortName(names.functions[fn])}`;
        const [policy] = await clients.run.getIamPolicy({ resource: service });
        const invokers = policy.bindings?.filter((b) => b.role === 'roles/run.invoker').flatMap((b) => b.members ?? []) ?? [];
        if (!invokers.includes(member)) {
          return fail(
            name,
            `is ACTIVE but ${names.workflowAccount} may not invoke it`,
            `gcloud run services add-iam-policy-binding ${shortName(service)} --region=${target.region} --member=${member} --role=roles/run.invoker`,
          );
        }
        return pass(name, `ACTIVE, invokable by ${names.workflowAccount}`);
      } catch (error) {
        return fail(name, `cannot read it: ${reason(error)}`, DEPLOY);
      }
    }),
  );
}

export async function checkScheduler(clients: CloudClients, target: DoctorTarget, names: DoctorNames): Promise<CheckResult> {
  const job = shortName(names.schedulerJob);
  const name = `scheduler ${job}`;
  try {
    const [found] = await clients.scheduler.getJob({ name: names.schedulerJob });
    const state = stateName(found.state, JOB_STATES);
    const seconds = Number(found.scheduleTime?.seconds?.toString() ?? NaN);
    const next = Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000).toISOString() : 'none scheduled';
    if (state === 'ENABLED') return pass(name, `ENABLED, next run ${next}`);
    const fix =
      state === 'PAUSED'
        ? `gcloud scheduler jobs resume ${job} --location=${target.region}  (once sources and grants pass)`
        : DEPLOY;
    return fail(name, `is ${state}${state === 'PAUSED' ? ' (created paused until the grants are done)' : ''}, next run ${next}`, fix);
  } catch (error) {
    return fail(name, `cannot read it: ${reason(error)}`, DEPLOY);
  }
}

/** Every cloud check in order; after failed credentials the rest are skipped, not failed. */
export async function cloudChecks(clients: CloudClients, target: DoctorTarget, names: DoctorNames, localYaml: string): Promise<CheckResult[]> {
  const credentials = await checkCredentials(clients);
  if (credentials.status === 'fail') {
    return [
      credentials,
      ...[`workflow ${shortName(names.workflow)}`, ...FUNCTIONS.map((fn) => `function ${shortName(names.functions[fn])}`), `scheduler ${shortName(names.schedulerJob)}`].map(
        (name) => skip(name, 'needs credentials'),
      ),
    ];
  }
  return [
    credentials,
    await checkWorkflow(clients, names, localYaml),
    ...(await checkFunctions(clients, target, names)),
    await checkScheduler(clients, target, names),
  ];
}
