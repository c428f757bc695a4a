import { AuthTypes, Connector, IpAddressTypes } from '@google-cloud/cloud-sql-connector';
import type { Database } from './database.js';
import { createPostgresDatabase } from './postgres.js';

export interface CloudSqlOptions {
  /** `project:region:instance` */
  readonly instanceConnectionName: string;
  /** The IAM database user: a service account email without `.gserviceaccount.com`. */
  readonly user: string;
  readonly database: string;
  readonly ipType: 'PUBLIC' | 'PRIVATE' | 'PSC';
  readonly maxConnections: number;
}

/**
 * Cloud SQL through the connector with IAM database authentication: the connector fetches a
 * short-lived OAuth token for the runtime's service account, so no password exists anywhere.
 */
export async function createCloudSqlDatabase(options: CloudSqlOptions): Promise<Database> {
  const connector = new Connector();
  const clientOptions = await connector.getOptions({
    instanceConnectionName: options.instanceConnectionName,
    ipType: IpAddressTypes[options.ipType],
    authType: AuthTypes.IAM,
  });
  return createPostgresDatabase(
    { ...clientOptions, user: options.user, database: options.database, max: options.maxConnections },
    'cloudsql',
    () => connector.close(),
  );
}
