/**
 * `cdp capture install|uninstall|status`: the change capture incremental runs need
 * (sql/capture/install.sql), installed on the six source tables only when asked.
 */
import { z } from 'zod';
import { captureStatus, indexAdvice, installCapture, uninstallCapture, type CaptureStatus } from '../../core/capture.js';
import { parsePipelineSettings } from '../../core/config.js';
import { connectDatabase } from '../../core/db/connect.js';
import { CdpError } from '../../core/errors.js';
import { parseFlags } from '../args.js';
import { databaseConfigFor } from '../database.js';
import { EXIT } from '../exit-codes.js';
import { databaseUrlFlag } from '../flags.js';
import type { CliIo } from '../io.js';

const ACTIONS = ['install', 'uninstall', 'status'] as const;

const flagsSchema = z.object({ databaseUrl: databaseUrlFlag });

export const captureUsage = 'cdp capture install|uninstall|status [--database-url URL]';

export async function captureCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const [action, ...rest] = argv;
  if (!ACTIONS.includes(action as (typeof ACTIONS)[number])) {
    throw new CdpError('BAD_INPUT', `cdp capture: say what to do: ${ACTIONS.join(', ')}${action ? ` (not ${JSON.stringify(action)})` : ''}`, { field: 'action' });
  }
  const flags = parseFlags('capture', rest, flagsSchema);
  const config = databaseConfigFor(flags.databaseUrl, io.env);
  if (config.mode === 'embedded' && !config.dataDir) {
    throw new CdpError('BAD_INPUT', 'cdp capture: an in-memory database ends with this command: give --database-url, or set DATABASE_URL or PGLITE_DATA_DIR', { field: '--database-url' });
  }
  const db = await connectDatabase(config, Math.min(parsePipelineSettings(io.env).maxConnections, 2));
  try {
    const status = action === 'install' ? await installCapture(db) : action === 'uninstall' ? await uninstallCapture(db) : await captureStatus(db);
    for (const line of captureLines(status)) io.out(line);
    return EXIT.ok;
  } finally {
    await db.close();
  }
}

export function captureLines(status: CaptureStatus): string[] {
  const lines = [status.installed
    ? 'change capture: installed on the six source tables (24 triggers); incremental runs can be exact'
    : `change capture: not installed (${status.triggers} of 24 triggers present or enabled); runs are full: \`cdp capture install\``];
  if (status.installed && status.always < 24) {
    lines.push('  changes applied by logical replication are not recorded: the sources\' owner can run `alter table ... enable always trigger cdp_capture_...` (docs/incremental.md)');
  }
  for (const table of status.missingIndexes) lines.push(`  ${table} has no index on customer_id, so runs are full: ${indexAdvice(table)}`);
  return lines;
}
