/**
 * `cdp withdraw`: the way out of a bad publish. A run published with a wrong as-of date (a
 * typo, 2062 for 2026) supersedes every later run; withdrawing it, with a reason, keeps it in
 * the ledger but stops it counting as the newest published date, so the next run of today's
 * date publishes and replaces customer_360 (core/withdraw.ts).
 */
import { z } from 'zod';
import { parsePipelineSettings } from '../../core/config.js';
import { connectDatabase } from '../../core/db/connect.js';
import { CdpError } from '../../core/errors.js';
import { runIdSchema } from '../../core/run-params.js';
import { withdrawRun } from '../../core/withdraw.js';
import { parseFlags } from '../args.js';
import { databaseConfigFor } from '../database.js';
import { EXIT } from '../exit-codes.js';
import { databaseUrlFlag } from '../flags.js';
import type { CliIo } from '../io.js';

const flagsSchema = z.object({
  runId: z.string({ error: 'is required' }).pipe(runIdSchema),
  reason: z.string({ error: 'is required: say why the run is withdrawn' }).trim().min(1, 'must not be empty').max(2000, 'must be at most 2000 characters'),
  databaseUrl: databaseUrlFlag,
});

export const withdrawUsage = 'cdp withdraw --run-id ID --reason TEXT [--database-url URL]';

export async function withdrawCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const flags = parseFlags('withdraw', argv, flagsSchema);
  const config = databaseConfigFor(flags.databaseUrl, io.env);
  if (config.mode === 'embedded' && !config.dataDir) {
    throw new CdpError('BAD_INPUT', 'cdp withdraw: a fresh in-memory database has no runs: give --database-url, or set DATABASE_URL or PGLITE_DATA_DIR', { field: '--database-url' });
  }
  const db = await connectDatabase(config, Math.min(parsePipelineSettings(io.env).maxConnections, 2));
  try {
    const withdrawn = await withdrawRun(db, flags.runId, flags.reason);
    io.out(`run ${withdrawn.runId} as of ${withdrawn.asOfDate} withdrawn: ${flags.reason}`);
    io.out(withdrawn.newestPublished
      ? `newest published as-of date is now ${withdrawn.newestPublished}; a run of that date or later publishes (customer_360 is unchanged until then)`
      : 'no published run is left; the next run publishes (customer_360 is unchanged until then)');
    return EXIT.ok;
  } finally {
    await db.close();
  }
}
