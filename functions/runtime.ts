import { parseDatabaseConfig, parsePipelineSettings, type PipelineSettings } from '../core/config.js';
import { connectDatabase } from '../core/db/connect.js';
import type { Database } from '../core/db/database.js';
import { stdoutLogger, type Logger } from './log.js';

/** What every function needs: one database pool per instance, reused across requests. */
export interface FunctionsRuntime {
  readonly db: Database;
  readonly settings: PipelineSettings;
  readonly log: Logger;
}

let current: Promise<FunctionsRuntime> | undefined;
let handedLog: Logger | undefined;

async function fromEnvironment(env: NodeJS.ProcessEnv): Promise<FunctionsRuntime> {
  const settings = parsePipelineSettings(env);
  const db = await connectDatabase(parseDatabaseConfig(env), settings.maxConnections);
  return { db, settings, log: stdoutLogger };
}

/** The instance's runtime, created from the environment on first use. */
export function getRuntime(): Promise<FunctionsRuntime> {
  if (!current) {
    const creating = fromEnvironment(process.env);
    // A failed start (database down, bad config) is not cached: the next request tries again.
    creating.catch(() => {
      if (current === creating) current = undefined;
    });
    current = creating;
  }
  return current;
}

/** Local serving and tests hand in their own database (e.g. an embedded one shared in-process). */
export function useRuntime(runtime: FunctionsRuntime | undefined): void {
  current = runtime ? Promise.resolve(runtime) : undefined;
  handedLog = runtime?.log;
}

/** The logger of a runtime handed in, else stdout: for lines written before the runtime exists. */
export function currentLogger(): Logger {
  return handedLog ?? stdoutLogger;
}
