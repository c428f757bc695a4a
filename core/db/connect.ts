import type { DatabaseConfig } from '../config.js';
import { CdpError } from '../errors.js';
import type { Database } from './database.js';
import { createCloudSqlDatabase } from './cloud-sql.js';
import { createPostgresDatabase } from './postgres.js';

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
    const reason = error instanceof Error ? error.message : String(error);
    throw new CdpError('UNREACHABLE', `cannot reach the ${config.mode === 'embedded' ? 'embedded' : config.mode === 'url' ? 'PostgreSQL' : 'Cloud SQL'} database: ${reason}`, { mode: config.mode }, { cause: error });
  }
}
