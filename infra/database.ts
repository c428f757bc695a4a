import { Construct } from 'constructs';
import type { ITerraformDependable } from 'cdktf';
import type { ServiceAccount } from '@cdktf/provider-google/lib/service-account/index.js';
import { SqlDatabaseInstance } from '@cdktf/provider-google/lib/sql-database-instance/index.js';
import { SqlDatabase } from '@cdktf/provider-google/lib/sql-database/index.js';
import { SqlUser } from '@cdktf/provider-google/lib/sql-user/index.js';
import type { InfraConfig } from './config.js';
import { iamDatabaseUser, resourceNames, serviceAccountEmail } from './names.js';

export interface DatabaseProps {
  readonly config: InfraConfig;
  /** The functions' service account: its IAM database user can exist only after it does. */
  readonly functionsAccount: ServiceAccount;
  readonly dependsOn: readonly ITerraformDependable[];
}

/**
 * Cloud SQL for PostgreSQL: IAM database authentication on, TLS required, a public IP with no
 * authorized networks (reachable only through the Cloud SQL connectors and Auth Proxy, which
 * authorize with IAM), daily backups with point-in-time recovery, deletion protection by default,
 * and a weekly maintenance window that config keeps clear of the nightly run.
 * Holds the pipeline's database and the functions' IAM database user.
 */
export class Database extends Construct {
  readonly instance: SqlDatabaseInstance;
  readonly database: SqlDatabase;
  /** The functions' login: their service account email without `.gserviceaccount.com`. */
  readonly iamUser: SqlUser;
  readonly iamUserName: string;

  constructor(scope: Construct, id: string, { config, functionsAccount, dependsOn }: DatabaseProps) {
    super(scope, id);
    this.instance = new SqlDatabaseInstance(this, 'instance', {
      project: config.projectId,
      region: config.region,
      name: resourceNames(config).instance,
      databaseVersion: config.postgresVersion,
      deletionProtection: config.deletionProtection,
      settings: {
        tier: config.sqlTier,
        edition: config.sqlEdition,
        availabilityType: 'ZONAL',
        deletionProtectionEnabled: config.deletionProtection,
        diskAutoresize: true,
        databaseFlags: [{ name: 'cloudsql.iam_authentication', value: 'on' }],
        ipConfiguration: {
          ipv4Enabled: true,
          sslMode: 'ENCRYPTED_ONLY',
          authorizedNetworks: [],
        },
        backupConfiguration: {
          enabled: true,
          pointInTimeRecoveryEnabled: true,
          startTime: '00:00',
          transactionLogRetentionDays: 7,
          backupRetentionSettings: { retainedBackups: 14, retentionUnit: 'COUNT' },
        },
        insightsConfig: { queryInsightsEnabled: true },
        maintenanceWindow: { day: config.maintenanceWindow.day, hour: config.maintenanceWindow.hour, updateTrack: 'stable' },
      },
      dependsOn: [...dependsOn],
    });

    this.database = new SqlDatabase(this, 'database', {
      project: config.projectId,
      instance: this.instance.name,
      name: config.databaseName,
      // Dropping the database would fail while the functions hold connections; the instance's
      // own deletion removes it.
      deletionPolicy: 'ABANDON',
    });

    this.iamUserName = iamDatabaseUser(serviceAccountEmail(config, 'functions'));
    this.iamUser = new SqlUser(this, 'functions-iam-user', {
      project: config.projectId,
      instance: this.instance.name,
      name: this.iamUserName,
      type: 'CLOUD_IAM_SERVICE_ACCOUNT',
      // The API refuses an IAM user whose service account does not exist yet.
      dependsOn: [functionsAccount],
      // The user owns customer_360 and cdp_meta, so DROP ROLE would fail on destroy.
      deletionPolicy: 'ABANDON',
    });
  }
}
