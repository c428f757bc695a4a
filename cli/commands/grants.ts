/**
 * `cdp grants`: sql/grants.sql filled in for the functions' IAM database user, ready to paste
 * into Cloud SQL Studio once after the first deploy (an IAM user starts with no privileges).
 */
import { z } from 'zod';
import { CdpError } from '../../core/errors.js';
import { CONFIG_FIELDS } from '../../infra/config.js';
import { renderGrants } from '../../infra/grants.js';
import { serviceAccountEmail } from '../../infra/names.js';
import { parseFlags } from '../args.js';
import { EXIT } from '../exit-codes.js';
import type { CliIo } from '../io.js';

const flagsSchema = z.object({
  serviceAccount: z.string().optional(),
  project: z.string().regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, 'must be a Google Cloud project id').optional(),
  namePrefix: z.string().regex(/^[a-z][a-z0-9-]{1,10}[a-z0-9]$/, 'must be 3-12 of a-z, 0-9, - (starting with a letter)').optional(),
  database: z.string().optional(),
});

export const grantsUsage = 'cdp grants [--service-account EMAIL | --project ID [--name-prefix P]] [--database NAME]';

export async function grantsCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const flags = parseFlags('grants', argv, flagsSchema);
  const projectId = flags.project ?? io.env[CONFIG_FIELDS.projectId.env];
  const email =
    flags.serviceAccount ??
    (projectId
      ? serviceAccountEmail({ projectId, namePrefix: flags.namePrefix ?? io.env[CONFIG_FIELDS.namePrefix.env] ?? CONFIG_FIELDS.namePrefix.default }, 'functions')
      : undefined);
  if (!email) {
    throw new CdpError('BAD_INPUT', `cdp grants: give --service-account, or --project (or ${CONFIG_FIELDS.projectId.env}) to derive the functions' account`, { field: '--project' });
  }
  const databaseName = flags.database ?? io.env[CONFIG_FIELDS.databaseName.env];
  for (const line of renderGrants(email, databaseName ? { databaseName } : {}).trimEnd().split('\n')) io.out(line);
  return EXIT.ok;
}
