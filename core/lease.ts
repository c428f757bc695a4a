import { z } from 'zod';
import { CdpError } from './errors.js';

/**
 * Who drives a run: the workflow sends its execution id (a UUID); another caller may name
 * itself likewise. Held to a closed alphabet because it is quoted in messages and logs.
 */
export const ownerSchema = z
  .string({ error: 'must be a string' })
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters')
  .regex(/^[A-Za-z0-9._:-]+$/, 'may hold only letters, digits, ".", "_", ":" and "-"');

export type Owner = z.infer<typeof ownerSchema>;

export interface LeasedRun {
  readonly run_id: string;
  readonly status: string;
  readonly owner: string | null;
  readonly owner_since: string | null;
}

/**
 * The lease on a running run. `prepare` given an owner takes it (sql/meta/start_run.sql); while
 * the run is running, its stages and its publish answer only that owner, so a second execution
 * with the same run id (an operator's rerun while the nightly one still retries) is refused at
 * once, naming the owner, instead of colliding with it in the database. A run prepared without
 * an owner has no lease. The lease ends with the run: published, failed (an abort, or
 * abandoned after CDP_ABANDONED_AFTER_HOURS) or superseded.
 */
export function leaseRefusal(run: LeasedRun, owner: Owner | undefined): CdpError | undefined {
  if (run.status !== 'running' || run.owner === null || run.owner === owner) return undefined;
  return new CdpError(
    'RUN_LEASED',
    `run ${run.run_id} is being run by execution ${run.owner} (since ${run.owner_since ?? 'its prepare'}): wait for that execution to end, or abort the run before starting it again`,
    { runId: run.run_id, owner: run.owner },
  );
}

export function assertLease(run: LeasedRun, owner: Owner | undefined): void {
  const refusal = leaseRefusal(run, owner);
  if (refusal) throw refusal;
}
