/**
 * `cdp verify`: rebuilds customer_360 and the state in full, in a transaction rolled back at the
 * end, and compares them with what is published. Exit 1 on any difference.
 */
import { z } from 'zod';
import { parsePipelineSettings } from '../../core/config.js';
import { connectDatabase } from '../../core/db/connect.js';
import { CdpError } from '../../core/errors.js';
import { verifyPublished, type VerifyReport } from '../../core/verify.js';
import { parseFlags } from '../args.js';
import { databaseConfigFor } from '../database.js';
import { EXIT } from '../exit-codes.js';
import { databaseUrlFlag } from '../flags.js';
import { thousands } from '../format.js';
import type { CliIo } from '../io.js';

const flagsSchema = z.object({ databaseUrl: databaseUrlFlag });

export const verifyUsage = 'cdp verify [--database-url URL]';

export async function verifyCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const flags = parseFlags('verify', argv, flagsSchema);
  const config = databaseConfigFor(flags.databaseUrl, io.env);
  if (config.mode === 'embedded' && !config.dataDir) {
    throw new CdpError('BAD_INPUT', 'cdp verify: a fresh in-memory database has nothing published: give --database-url, or set DATABASE_URL or PGLITE_DATA_DIR', { field: '--database-url' });
  }
  const settings = parsePipelineSettings(io.env);
  const db = await connectDatabase(config, Math.min(settings.maxConnections, 2));
  try {
    io.err('verify: rebuilding in full to compare (nothing is written) ...');
    const report = await verifyPublished(db, settings);
    for (const line of verifyLines(report)) io.out(line);
    return report.equal ? EXIT.ok : EXIT.failed;
  } finally {
    await db.close();
  }
}

export function verifyLines(report: VerifyReport): string[] {
  const { customer360: table } = report;
  const lines = [
    `customer_360 as of ${report.asOfDate}: ${thousands(table.compared)} customers compared with a full rebuild`
      + (report.pending === null ? ' (no change capture: changes not yet published show as differences)' : `, ${thousands(report.pending)} with unpublished changes left out`),
  ];
  const differing = Object.entries(table.columns).filter(([, n]) => n > 0);
  if (table.onlyPublished > 0) lines.push(`  ${thousands(table.onlyPublished)} customers published but not in the rebuild`);
  if (table.onlyRebuilt > 0) lines.push(`  ${thousands(table.onlyRebuilt)} customers in the rebuild but not published`);
  for (const [column, n] of differing) lines.push(`  ${column}: ${thousands(n)} customers differ`);
  const { dirt } = report;
  if (dirt.onlyPublished + dirt.onlyRebuilt > 0) {
    lines.push(`  data-quality ledger: ${thousands(dirt.onlyPublished)} rows only in the published one, ${thousands(dirt.onlyRebuilt)} only in the rebuild`);
  }
  lines.push(report.equal ? 'equal: the published table and state are what a full run gives' : 'DIFFERENT: run a full run (`cdp run --mode full` or the workflow with {"mode": "full"}) and report this');
  return lines;
}
