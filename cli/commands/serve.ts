/**
 * `cdp serve`: the eight functions on localhost and, beside them, the Workflow Executions API
 * running the workflow YAML against them, until SIGINT or SIGTERM. `cdp trigger --endpoint URL`
 * (or any client of the Executions API over http) starts and follows executions there.
 */
import { z } from 'zod';
import { parsePipelineSettings } from '../../core/config.js';
import { connectDatabase } from '../../core/db/connect.js';
import { CdpError } from '../../core/errors.js';
import { todayIn } from '../../core/run-params.js';
import { FUNCTIONS } from '../../core/stages.js';
import { countFlag, parseFlags } from '../args.js';
import { databaseConfigFor } from '../database.js';
import { EXIT } from '../exit-codes.js';
import { databaseUrlFlag } from '../flags.js';
import type { CliIo } from '../io.js';
import { startLocalServe, type LocalServe } from '../local-serve.js';
import { databaseLabel, loadSampleData } from '../sample-data.js';
import { untilStopped } from '../signals.js';
import { localWorkflowId } from '../workflow-target.js';

const flagsSchema = z.object({
  databaseUrl: databaseUrlFlag,
  sample: countFlag(0, 10_000_000).optional(),
  port: countFlag(0, 65_535).optional(),
  verbose: z.boolean().optional(),
});

export const serveUsage = 'cdp serve [--database-url URL] [--sample N] [--port P] [--verbose]';

const DEFAULT_PORT = 8080;

export async function serveCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const flags = parseFlags('serve', argv, flagsSchema);
  const settings = parsePipelineSettings(io.env);
  const config = databaseConfigFor(flags.databaseUrl, io.env);
  const workflow = localWorkflowId(io.env);
  const sample = flags.sample ?? (config.mode === 'embedded' ? 10_000 : 0);
  const port = flags.port ?? DEFAULT_PORT;

  const db = await connectDatabase(config, settings.maxConnections);
  let serving: LocalServe | undefined;
  try {
    io.out(`database: ${databaseLabel(config)}`);
    if (sample > 0) await loadSampleData(db, sample, todayIn(settings.timeZone), io);
    serving = await startLocalServe({
      db,
      settings,
      workflow,
      port,
      ...(flags.verbose ? { log: (severity, message, fields) => io.err(JSON.stringify({ severity, message, ...fields })) } : {}),
    }).catch((error: unknown) => {
      if ((error as { code?: string }).code === 'EADDRINUSE') {
        throw new CdpError('BAD_INPUT', `cdp serve: port ${port} is in use; pick another with --port (0 for any free port)`, { field: '--port' });
      }
      throw error;
    });
    io.out('functions:');
    for (const fn of FUNCTIONS) io.out(`  ${fn.padEnd(28)} ${serving.stack.functions.urls[fn]}`);
    io.out(`Workflow Executions API: ${serving.api.url} (workflow projects/*/locations/*/workflows/${workflow})`);
    io.out(`  start a run: cdp trigger --endpoint ${serving.api.url}`);
    io.out('serving until SIGINT (Ctrl-C) or SIGTERM');
    const signal = await untilStopped();
    io.out(`${signal}: stopping (running executions are cancelled)`);
    return EXIT.ok;
  } finally {
    await serving?.close();
    await db.close();
  }
}
