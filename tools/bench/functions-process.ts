/**
 * The bench's side of the functions' process: spawns functions-child.js with the pipeline's
 * environment, waits for the functions' URLs, asks for the child's peak memory, stops it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CdpError } from '../../core/errors.js';
import { SQL_DIR } from '../../core/sql.js';
import type { ChildMemory, ChildMessage, ParentMessage } from './child-protocol.js';

export interface FunctionsProcess {
  readonly pid: number;
  /** The workflow's environment: URL_<FUNCTION> of each served function. */
  readonly env: Readonly<Record<string, string>>;
  memory(): Promise<ChildMemory>;
  stop(): Promise<void>;
}

/**
 * The compiled child entry. From dist/ it sits beside this module; when this module runs from
 * source (vitest), the compiled copy under dist/ is used, since plain node cannot run .ts here.
 */
export function childEntry(): string {
  const here = fileURLToPath(import.meta.url);
  const entry = here.endsWith('.js')
    ? join(dirname(here), 'functions-child.js')
    : join(dirname(SQL_DIR), 'dist', 'tools', 'bench', 'functions-child.js');
  if (!existsSync(entry)) {
    throw new CdpError('BAD_CONFIG', `the functions' process entry ${entry} is missing: run npm run build first`);
  }
  return entry;
}

/** Starts the functions over the database `databaseUrl` names; `env` supplies the CDP_* settings. */
export async function startFunctionsProcess(databaseUrl: string, env: Readonly<Record<string, string | undefined>>): Promise<FunctionsProcess> {
  const childEnv: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && (key.startsWith('CDP_') || key === 'PATH' || key === 'HOME' || key === 'TZ')) childEnv[key] = value;
  }
  childEnv.DATABASE_URL = databaseUrl;
  const child = fork(childEntry(), [], { env: childEnv, stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'json' });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // Rejects once the child has exited; raced against each answer awaited from it.
  const died = exited.then((code) => {
    throw new CdpError('INTERNAL', `the functions' process exited (${code}): ${stderr.trim() || 'no message'}`);
  });
  died.catch(() => {});

  const readyEnv = await Promise.race([
    waitFor(child, 'ready').then((message) => (message as Extract<ChildMessage, { type: 'ready' }>).env),
    died,
  ]);
  const send = (message: ParentMessage) => child.send(message);
  return {
    pid: child.pid!,
    env: readyEnv,
    async memory() {
      const answer = waitFor(child, 'memory');
      send({ type: 'memory' });
      return (await Promise.race([answer, died])) as ChildMemory;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      if (child.connected) send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function waitFor(child: ChildProcess, type: ChildMessage['type']): Promise<ChildMessage> {
  return new Promise((resolve) => {
    const listener = (message: ChildMessage) => {
      if (message?.type !== type) return;
      child.off('message', listener);
      resolve(message);
    };
    child.on('message', listener);
  });
}
