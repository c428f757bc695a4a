import type { DatabaseConfig } from '../config.js';
import { CdpError } from '../errors.js';
import type { Database } from './database.js';
import { createCloudSqlDatabase } from './cloud-sql.js';
import { createPostgresDatabase } from './postgres.js';
import { classifyDatabaseError, sqlState } from './translate-error.js';

const NAMES = { cloudsql: 'Cloud SQL', url: 'PostgreSQL', embedded: 'embedded' } as const;

/** Why a database could not be opened: a configuration to fix (not retried), or an unreachable server. */
function connectFailure(config: DatabaseConfig, error: unknown): CdpError {
  const reason = error instanceof Error ? error.message : String(error);
  const details = { mode: config.mode, sqlState: sqlState(error) };
  // pg's own parser refuses the URL (the message names no part of it).
  if (sqlState(error) === 'ERR_INVALID_URL') {
    return new CdpError('BAD_CONFIG', `DATABASE_URL is not a valid connection URL: ${reason}`, { ...details, field: 'DATABASE_URL' }, { cause: error });
  }
  // The server answered but refused the login, the role or the database: asking again will not help.
  if (classifyDatabaseError(error) === 'BAD_CONFIG') {
    return new CdpError('BAD_CONFIG', `the ${NAMES[config.mode]} database refused the connection: ${reason}`, details, { cause: error });
  }
  return new CdpError('UNREACHABLE', `cannot reach the ${NAMES[config.mode]} database: ${reason}`, details, { cause: error });
}

/** Opens the database the configuration names, and proves it answers before returning it. */
export async function connectDatabase(config: DatabaseConfig, maxConnections = 10): Promise<Database> {
  let db: Database | undefined;
  try {
    switch (config.mode) {
      case 'cloudsql':
        db = await createCloudSqlDatabase({ ...config, maxConnections });
        break;
      case 'url':
        db = createPostgresDatabase({ connectionString: config.url, max: maxConnections, connectionTimeoutMillis: 10_000 }, 'postgres');
        break;
      case 'embedded':
        // Loaded only when asked for: PGlite is a development dependency, absent from the
        // functions' production install.
        db = await (await import('./pglite.js')).createEmbeddedDatabase(config.dataDir);
        break;
    }
    await db.query('select 1');
    return db;
  } catch (error) {
    await db?.close().catch(() => {});
    throw connectFailure(config, error);
  }
}
