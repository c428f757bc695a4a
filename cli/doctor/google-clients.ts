/**
 * The real clients behind `cdp doctor`: the official Google Cloud client libraries, loaded only
 * when doctor runs (they are development dependencies, as the whole CLI's are), all on
 * Application Default Credentials. Workflows is the exception: @google-cloud/workflows 5 dropped
 * its WorkflowsClient (googleapis/google-cloud-node#6790, only executions remain), so the
 * workflow is read from the Workflows v1 REST API with google-auth-library's authorized request.
 */
import type { Database } from '../../core/db/database.js';
import { createPostgresDatabase } from '../../core/db/postgres.js';
import type { CloudClients } from './cloud-checks.js';
import type { DoctorNames, DoctorTarget } from './target.js';

export async function googleClients(): Promise<CloudClients> {
  const [{ GoogleAuth }, { v2: functions }, { ServicesClient }, { CloudSchedulerClient }] = await Promise.all([
    import('google-auth-library'),
    import('@google-cloud/functions'),
    import('@google-cloud/run'),
    import('@google-cloud/scheduler'),
  ]);
  const auth = new GoogleAuth({ scopes: ['https://www.googleapis.com/auth/cloud-platform'] });
  return {
    auth,
    workflows: {
      getWorkflow: async ({ name }: { name: string }) => {
        const response = await auth.request<{ sourceContents?: string; revisionId?: string; state?: string }>({ url: `https://workflows.googleapis.com/v1/${name}` });
        return [response.data];
      },
    },
    functions: new functions.FunctionServiceClient(),
    run: new ServicesClient(),
    scheduler: new CloudSchedulerClient(),
  } as unknown as CloudClients;
}

/**
 * Logs in as the functions' IAM database user through the Cloud SQL connector, as the functions
 * do: with a token of their service account, obtained by impersonating it (the caller needs
 * roles/iam.serviceAccountTokenCreator on that account).
 */
export async function connectAsFunctions(target: DoctorTarget, names: DoctorNames): Promise<Database> {
  const [{ GoogleAuth, Impersonated }, { AuthTypes, Connector, IpAddressTypes }] = await Promise.all([
    import('google-auth-library'),
    import('@google-cloud/cloud-sql-connector'),
  ]);
  const sourceClient = await new GoogleAuth({ scopes: ['https://www.googleapis.com/auth/cloud-platform'] }).getClient();
  const auth = new Impersonated({
    sourceClient,
    targetPrincipal: names.functionsAccount,
    targetScopes: ['https://www.googleapis.com/auth/cloud-platform', 'https://www.googleapis.com/auth/sqlservice.login'],
    lifetime: 3600,
  });
  const connector = new Connector({ auth });
  try {
    const options = await connector.getOptions({
      instanceConnectionName: names.instanceConnectionName,
      ipType: IpAddressTypes.PUBLIC,
      authType: AuthTypes.IAM,
    });
    const db = createPostgresDatabase(
      { ...options, user: names.iamUser, database: target.databaseName, max: 1, connectionTimeoutMillis: 15_000 },
      'cloudsql',
      () => connector.close(),
    );
    await db.query('select 1').catch(async (error: unknown) => {
      await db.close();
      throw error;
    });
    return db;
  } catch (error) {
    connector.close();
    throw error;
  }
}
