/**
 * The Workflow Executions API as `cdp trigger` needs it, through the official
 * `@google-cloud/workflows` client (REST transport): create an execution, get it, and list its
 * step entries. The client (v5) has no step-entries method, so those are read from the same REST
 * API (`v1/{execution}/stepEntries`) with the client's own credentials.
 *
 * Without an endpoint: workflowexecutions.googleapis.com with Application Default Credentials.
 * With one (`cdp serve`'s local API): plain http to that host and port, with no credentials.
 */
import { ExecutionsClient, type protos } from '@google-cloud/workflows';
import { CdpError } from '../core/errors.js';

type IExecution = protos.google.cloud.workflows.executions.v1.IExecution;
type ClientOptions = NonNullable<ConstructorParameters<typeof ExecutionsClient>[0]>;

export interface Execution {
  readonly name: string;
  readonly state: string;
  readonly startTime?: Date;
  readonly endTime?: Date;
  readonly argument: string;
  readonly result?: string;
  readonly error?: { readonly payload: string; readonly context: string; readonly step?: string };
}

export interface StepEntry {
  readonly entryId: number;
  readonly routine: string;
  readonly step: string;
  readonly state: string;
  readonly createTime: Date;
  readonly updateTime: Date;
  /** The raised error, as JSON text, for a failed step. */
  readonly exception?: string;
}

export interface ExecutionsApi {
  create(workflow: string, argument: unknown): Promise<Execution>;
  get(name: string): Promise<Execution>;
  /** Every step entry from `skip` on (all pages), oldest first. */
  stepEntries(name: string, skip: number): Promise<StepEntry[]>;
  close(): Promise<void>;
}

const CLOUD_API = 'https://workflowexecutions.googleapis.com';

/**
 * An auth client that adds nothing: what gax calls (`getRequestHeaders`, `fetch`), over the
 * runtime's own fetch, for a local endpoint only.
 */
function noCredentials() {
  return {
    getRequestHeaders: async () => new Headers(),
    fetch: (url: string | URL, init?: RequestInit) => fetch(url, init),
  };
}

export function executionsApi(endpoint?: string): ExecutionsApi {
  const local = endpoint === undefined ? undefined : new URL(endpoint);
  const client = local
    ? new ExecutionsClient({
        fallback: true,
        protocol: local.protocol.replace(':', ''),
        apiEndpoint: local.hostname,
        port: Number(local.port || (local.protocol === 'https:' ? 443 : 80)),
        // The local API checks no credentials; gax only needs something that fetches.
        authClient: noCredentials() as unknown as ClientOptions['authClient'],
      })
    : new ExecutionsClient({ fallback: true });
  const base = local ? local.origin : CLOUD_API;
  // The client's own methods rethrow a failed set-up (no credentials) as an unhandled rejection,
  // so the set-up is awaited here first, and a failure surfaces as an ordinary error.
  const ready = client.initialize().then(() => undefined);
  ready.catch(() => {});

  const getJson = async (url: URL): Promise<unknown> => {
    if (local) {
      const response = await fetch(url);
      const body = (await response.json()) as { error?: { message?: string } };
      if (!response.ok) throw new Error(`${response.status} ${body.error?.message ?? response.statusText}`);
      return body;
    }
    return (await client.auth.request({ url: url.toString() })).data;
  };

  return {
    async create(workflow, argument) {
      await ready;
      const [execution] = await client.createExecution({ parent: workflow, execution: { argument: JSON.stringify(argument) } });
      return fromApi(execution);
    },
    async get(name) {
      await ready;
      const [execution] = await client.getExecution({ name });
      return fromApi(execution);
    },
    async stepEntries(name, skip) {
      await ready;
      const entries: StepEntry[] = [];
      let pageToken = '';
      do {
        const url = new URL(`${base}/v1/${name}/stepEntries`);
        url.searchParams.set('skip', String(skip));
        url.searchParams.set('pageSize', '1000');
        if (pageToken) url.searchParams.set('pageToken', pageToken);
        const page = (await getJson(url)) as { stepEntries?: RawStepEntry[]; nextPageToken?: string };
        entries.push(...(page.stepEntries ?? []).map(fromRawStepEntry));
        pageToken = page.nextPageToken ?? '';
      } while (pageToken);
      return entries;
    },
    close: () => ready.then(() => client.close(), () => undefined),
  };
}

interface RawStepEntry {
  entryId?: string;
  routine?: string;
  step?: string;
  state?: string;
  createTime?: string;
  updateTime?: string;
  exception?: { payload?: string };
}

function fromRawStepEntry(raw: RawStepEntry): StepEntry {
  return {
    entryId: Number(raw.entryId ?? 0),
    routine: raw.routine ?? '',
    step: raw.step ?? '',
    state: raw.state ?? 'STATE_UNSPECIFIED',
    createTime: new Date(raw.createTime ?? 0),
    updateTime: new Date(raw.updateTime ?? raw.createTime ?? 0),
    ...(raw.exception?.payload !== undefined ? { exception: raw.exception.payload } : {}),
  };
}

function time(value: IExecution['startTime']): Date | undefined {
  if (!value || value.seconds === null || value.seconds === undefined) return undefined;
  return new Date(Number(value.seconds) * 1000 + Math.round((value.nanos ?? 0) / 1e6));
}

function fromApi(execution: IExecution): Execution {
  if (!execution.name) throw new CdpError('UNREACHABLE', 'the Workflow Executions API answered without an execution name');
  const startTime = time(execution.startTime);
  const endTime = time(execution.endTime);
  const step = execution.error?.stackTrace?.elements?.[0]?.step ?? undefined;
  return {
    name: execution.name,
    state: String(execution.state ?? 'STATE_UNSPECIFIED'),
    argument: execution.argument ?? '',
    ...(startTime ? { startTime } : {}),
    ...(endTime ? { endTime } : {}),
    ...(execution.result ? { result: execution.result } : {}),
    ...(execution.error
      ? { error: { payload: execution.error.payload ?? '', context: execution.error.context ?? '', ...(step ? { step } : {}) } }
      : {}),
  };
}
