/**
 * `cdp sources create`: the six source tables the pipeline reads (sql/source/create_tables.sql),
 * created in the pipeline's database before the grants and the first run. Idempotent: tables
 * already there are left as they are. `--print` writes the DDL for Cloud SQL Studio instead.
 */
import { z } from 'zod';
import { connectDatabase } from '../../core/db/connect.js';
import { CdpError } from '../../core/errors.js';
import { missingSources, SOURCE_TABLES } from '../../core/sources.js';
import { sql } from '../../core/sql.js';
import { parseFlags } from '../args.js';
import { databaseConfigFor } from '../database.js';
import { EXIT } from '../exit-codes.js';
import { databaseUrlFlag } from '../flags.js';
import type { CliIo } from '../io.js';

const flagsSchema = z.object({
  databaseUrl: databaseUrlFlag,
  print: z.boolean().optional(),
});

export const sourcesUsage = 'cdp sources create [--database-url URL | --print]';

export async function sourcesCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const [action, ...rest] = argv;
  if (action !== 'create') {
    throw new CdpError('BAD_INPUT', `cdp sources: expected the action "create", got ${action === undefined ? 'none' : JSON.stringify(action)}`, { field: 'action' });
  }
  const flags = parseFlags('sources', rest, flagsSchema);
  const ddl = sql('source/create_tables').text;
  if (flags.print) {
    for (const line of ddl.trimEnd().split('\n')) io.out(line);
    return EXIT.ok;
  }
  const config = databaseConfigFor(flags.databaseUrl, io.env);
  if (config.mode === 'embedded') {
    throw new CdpError(
      'BAD_INPUT',
      'cdp sources create: give --database-url (e.g. through the Cloud SQL Auth Proxy), set DATABASE_URL, or INSTANCE_CONNECTION_NAME with DB_USER and DB_NAME; or --print the DDL',
      { field: '--database-url' },
    );
  }
  const db = await connectDatabase(config, 1);
  try {
    await db.exec(ddl);
    const { rows } = await db.query<{ table_name: string; column_name: string }>(sql('source/columns').text, ['public']);
    const missing = missingSources(rows);
    if (missing.length > 0) {
      // A table of that name existed already with other columns: create ... if not exists kept it.
      throw new CdpError('MISSING_SOURCE', `cdp sources create: the tables exist but lack ${missing.join(', ')}`, { missing });
    }
    io.out(`source tables ready: ${SOURCE_TABLES.map((table) => `public.${table}`).join(', ')}`);
    io.out('next: load their data, then run the grants (cdp grants), then cdp doctor');
    return EXIT.ok;
  } finally {
    await db.close();
  }
}
