/** What `cdp doctor` looks for: every name derived as infra/ derives it, so they agree. */
import { FUNCTIONS, type FunctionName } from '../../core/stages.js';
import { iamDatabaseUser, resourceNames, serviceAccountEmail } from '../../infra/names.js';

export interface DoctorTarget {
  readonly projectId: string;
  readonly region: string;
  readonly namePrefix: string;
  readonly databaseName: string;
}

export interface DoctorNames {
  readonly workflow: string;
  readonly schedulerJob: string;
  readonly functions: Readonly<Record<FunctionName, string>>;
  readonly instanceConnectionName: string;
  readonly functionsAccount: string;
  readonly workflowAccount: string;
  readonly iamUser: string;
}

export function doctorNames(target: DoctorTarget): DoctorNames {
  const names = resourceNames(target);
  const location = `projects/${target.projectId}/locations/${target.region}`;
  const functionsAccount = serviceAccountEmail(target, 'functions');
  return {
    workflow: `${location}/workflows/${names.workflow}`,
    schedulerJob: `${location}/jobs/${names.schedulerJob}`,
    functions: Object.fromEntries(FUNCTIONS.map((fn) => [fn, `${location}/functions/${names.functions[fn]}`])) as Record<FunctionName, string>,
    instanceConnectionName: `${target.projectId}:${target.region}:${names.instance}`,
    functionsAccount,
    workflowAccount: serviceAccountEmail(target, 'workflow'),
    iamUser: iamDatabaseUser(functionsAccount),
  };
}

/** The last segment of a resource name: `projects/p/locations/r/jobs/x` -> `x`. */
export function shortName(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}
