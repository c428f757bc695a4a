import { parseDatabaseConfig, type DatabaseConfig } from '../core/config.js';

/** `--database-url` wins over the environment; with neither, the embedded database. */
export function databaseConfigFor(flagUrl: string | undefined, env: Readonly<Record<string, string | undefined>>): DatabaseConfig {
  return parseDatabaseConfig(flagUrl ? { ...env, DATABASE_URL: flagUrl, INSTANCE_CONNECTION_NAME: undefined } : env);
}
