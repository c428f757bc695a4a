/**
 * `cdp doctor`: checks a deployed project, one line per check (PASS/FAIL/SKIP, with the command
 * that fixes a failure): Application Default Credentials; the workflow exists and is the local
 * YAML; the eight functions are ACTIVE and invokable by the workflow's account; the nightly
 * job's state and next run; the database reachable as the functions' IAM user through the
 * connector, with the grants of sql/grants.sql and the six source tables. Exit 0 when every
 * check passes, 1 otherwise. Collaborators come in through `DoctorOptions` so tests use fakes.
 */
import { z } from 'zod';
import type { Database } from '../../core/db/database.js';
import { CdpError } from '../../core/errors.js';
import { CONFIG_FIELDS, infraConfigSchema } from '../../infra/config.js';
import { readCustomer360Yaml } from '../../workflows/source.js';
import { parseFlags } from '../args.js';
import { cloudChecks, type CloudClients } from '../doctor/cloud-checks.js';
import { databaseChecks } from '../doctor/database-checks.js';
import { connectAsFunctions, googleClients } from '../doctor/google-clients.js';
import { formatReport } from '../doctor/report.js';
import { doctorNames, type DoctorNames, type DoctorTarget } from '../doctor/target.js';
import { EXIT } from '../exit-codes.js';
import type { CliIo } from '../io.js';

const shape = infraConfigSchema.shape;
const flagsSchema = z.object({
  project: shape.projectId.optional(),
  region: shape.region.optional(),
  namePrefix: shape.namePrefix.optional(),
  database: shape.databaseName.optional(),
});

export const doctorUsage = 'cdp doctor [--project ID] [--region R] [--name-prefix P] [--database NAME]';

export interface DoctorOptions {
  readonly clients?: () => Promise<CloudClients>;
  readonly connect?: (target: DoctorTarget, names: DoctorNames) => Promise<Database>;
  readonly localYaml?: () => string;
}

const FIELDS = { project: 'projectId', region: 'region', namePrefix: 'namePrefix', database: 'databaseName' } as const;

/** Each flag, else its CDP_* variable (checked by infra's rule), else infra's default. */
function resolveTarget(flags: z.infer<typeof flagsSchema>, env: CliIo['env']): DoctorTarget {
  const value = (flag: keyof typeof FIELDS): string | undefined => {
    const field = FIELDS[flag];
    if (flags[flag] !== undefined) return flags[flag];
    const spec = CONFIG_FIELDS[field];
    const raw = env[spec.env]?.trim();
    if (raw) {
      const parsed = shape[field].safeParse(raw);
      if (!parsed.success) throw new CdpError('BAD_CONFIG', `${spec.env} ${parsed.error.issues[0]!.message} (got "${raw}")`, { field: spec.env });
      return parsed.data;
    }
    return spec.default;
  };
  const projectId = value('project');
  const region = value('region');
  if (!projectId) throw new CdpError('BAD_INPUT', `cdp doctor: give --project or set ${CONFIG_FIELDS.projectId.env}`, { field: '--project' });
  if (!region) throw new CdpError('BAD_INPUT', `cdp doctor: give --region or set ${CONFIG_FIELDS.region.env}`, { field: '--region' });
  return { projectId, region, namePrefix: value('namePrefix')!, databaseName: value('database')! };
}

export async function doctorCommand(argv: readonly string[], io: CliIo, options: DoctorOptions = {}): Promise<number> {
  const target = resolveTarget(parseFlags('doctor', argv, flagsSchema), io.env);
  const names = doctorNames(target);
  const clients = await (options.clients ?? googleClients)();
  const results = [
    ...(await cloudChecks(clients, target, names, (options.localYaml ?? readCustomer360Yaml)())),
    ...(await databaseChecks(() => (options.connect ?? connectAsFunctions)(target, names), target, names)),
  ];
  io.out(`cdp doctor: project ${target.projectId}, region ${target.region}, name prefix ${target.namePrefix}, database ${target.databaseName}`);
  for (const line of formatReport(results)) io.out(line);
  const failed = results.filter((result) => result.status !== 'pass').length;
  io.out(failed === 0 ? `all ${results.length} checks pass` : `${failed} of ${results.length} checks did not pass`);
  return failed === 0 ? EXIT.ok : EXIT.failed;
}
