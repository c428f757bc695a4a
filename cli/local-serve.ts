/**
 * What `cdp serve` runs: the eight functions on localhost over a database, and beside them the
 * Workflow Executions API, whose executions run `workflows/customer_360.yaml` against those
 * functions. Tests start it in-process and point `cdp trigger --endpoint` at `api.url`.
 */
import type { PipelineSettings } from '../core/config.js';
import type { Database } from '../core/db/database.js';
import type { Logger } from '../functions/log.js';
import { startExecutionsServer, type ExecutionsServer } from '../tools/workflows-emulator/index.js';
import { readCustomer360Yaml } from '../workflows/source.js';
import { startLocalStack, type LocalStack } from './local-pipeline.js';

export interface LocalServeOptions {
  readonly db: Database;
  readonly settings: PipelineSettings;
  /** The workflow id the API answers for (the deployed name, e.g. `cdp-customer-360`). */
  readonly workflow: string;
  /** Port of the Executions API; 0 picks a free one. The functions always take free ports. */
  readonly port?: number;
  readonly log?: Logger;
  /** Multiplies the YAML's retry delays; tests pass 0.001. */
  readonly backoffScale?: number;
}

export interface LocalServe {
  readonly stack: LocalStack;
  readonly api: ExecutionsServer;
  close(): Promise<void>;
}

export async function startLocalServe(options: LocalServeOptions): Promise<LocalServe> {
  const stack = await startLocalStack({ db: options.db, settings: options.settings, ...(options.log ? { log: options.log } : {}) });
  try {
    const api = await startExecutionsServer({
      definition: readCustomer360Yaml(),
      env: stack.env,
      workflow: options.workflow,
      port: options.port ?? 0,
      ...(options.backoffScale !== undefined ? { backoffScale: options.backoffScale } : {}),
    });
    return {
      stack,
      api,
      async close() {
        // The API first: its running executions are cancelled while the functions still answer.
        await api.close();
        await stack.close();
      },
    };
  } catch (error) {
    await stack.close();
    throw error;
  }
}
