import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { FUNCTIONS, urlEnvKey, type FunctionName } from '../core/stages.js';
import './index.js';

export interface ServedFunctions {
  /** Each function's URL, as the workflow's environment holds it (`URL_PREPARE`, ...). */
  readonly env: Readonly<Record<string, string>>;
  readonly urls: Readonly<Record<FunctionName, string>>;
  close(): Promise<void>;
}

function listen(server: Server, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve((server.address() as AddressInfo).port));
  });
}

/**
 * Serves the eight functions on localhost, each on its own port like its own Cloud Run service,
 * through the Functions Framework's own server (same body parsing and routing as in the cloud).
 */
export async function serveFunctions(host = '127.0.0.1'): Promise<ServedFunctions> {
  const servers: Server[] = [];
  const urls = {} as Record<FunctionName, string>;
  for (const fn of FUNCTIONS) {
    const server = getTestServer(fn);
    servers.push(server);
    urls[fn] = `http://${host}:${await listen(server, host)}/`;
  }
  const env = Object.fromEntries(FUNCTIONS.map((fn) => [urlEnvKey(fn), urls[fn]]));
  return {
    env,
    urls,
    close: async () => {
      await Promise.all(servers.map((server) => new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      })));
    },
  };
}
