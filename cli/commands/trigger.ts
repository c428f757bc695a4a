/**
 * `cdp trigger`: starts an execution of the deployed workflow with the official
 * `@google-cloud/workflows` client and follows it to its end, a line per step as it starts and
 * ends, then the run's summary, or the failing step and its error (exit 1). `--endpoint` points
 * the same client at `cdp serve`'s local API over plain http, with no credentials.
 */
import { z } from 'zod';
import { CdpError } from '../../core/errors.js';
import { parseFlags } from '../args.js';
import { EXIT } from '../exit-codes.js';
import { describeError, failedStep, parseSummary, STEP_LABELS, summaryLines } from '../execution-report.js';
import { executionsApi, type Execution, type ExecutionsApi, type StepEntry } from '../executions-api.js';
import { asOfFlag, runIdFlag } from '../flags.js';
import { followExecution, type StepPhase } from '../follow-execution.js';
import { seconds } from '../format.js';
import type { CliIo } from '../io.js';
import { projectFlag, regionFlag, resolveWorkflow, workflowFlag } from '../workflow-target.js';

const flagsSchema = z.object({
  asOf: asOfFlag,
  runId: runIdFlag,
  backfill: z.boolean().optional(),
  noWait: z.boolean().optional(),
  allSteps: z.boolean().optional(),
  project: projectFlag,
  region: regionFlag,
  workflow: workflowFlag,
  endpoint: z
    .string()
    .regex(/^https?:\/\/[^/\s?#]+\/?$/, 'must be http://HOST:PORT (the address `cdp serve` prints)')
    .optional(),
});

export const triggerUsage =
  'cdp trigger [--as-of YYYY-MM-DD] [--run-id ID] [--backfill] [--no-wait] [--all-steps] [--project P --region R --workflow W] [--endpoint http://127.0.0.1:PORT]';

/** How often the execution is asked about: the cloud API has quotas; a local one does not. */
const POLL_MS = { cloud: 2000, local: 100 } as const;

export async function triggerCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const flags = parseFlags('trigger', argv, flagsSchema);
  const local = flags.endpoint !== undefined;
  const workflow = resolveWorkflow('trigger', { project: flags.project, region: flags.region, workflow: flags.workflow, local }, io.env);
  const argument = {
    ...(flags.runId ? { runId: flags.runId } : {}),
    ...(flags.asOf ? { asOfDate: flags.asOf } : {}),
    ...(flags.backfill ? { backfill: true } : {}),
  };

  const api = executionsApi(flags.endpoint);
  try {
    const started = await startExecution(api, workflow, argument);
    io.out(`execution ${started.name}`);
    io.out(`argument ${started.argument || '{}'}`);
    if (flags.noWait) return EXIT.ok;
    const steps = stepPrinter(io, flags.allSteps ?? false);
    const ended = await followExecution(api, started.name, {
      intervalMs: local ? POLL_MS.local : POLL_MS.cloud,
      onStep: steps,
      onWarning: (message) => io.err(`cdp trigger: ${message}`),
    });
    return report(ended, io);
  } finally {
    await api.close();
  }
}

async function startExecution(api: ExecutionsApi, workflow: string, argument: object): Promise<Execution> {
  try {
    return await api.create(workflow, argument);
  } catch (error) {
    const { code, message, cause } = error as { code?: number; message?: string; cause?: { code?: string; message?: string } };
    const why = cause?.code ?? cause?.message;
    const reason = `${(message ?? String(error)).split('\n')[0]}${why ? ` (${why})` : ''}`;
    // gRPC codes: 3 INVALID_ARGUMENT, 5 NOT_FOUND, 7 PERMISSION_DENIED, 16 UNAUTHENTICATED.
    const kind = code === 3 || code === 5 ? 'BAD_INPUT' : code === 7 || code === 16 || /credentials/i.test(reason) ? 'BAD_CONFIG' : 'UNREACHABLE';
    throw new CdpError(kind, `cdp trigger: cannot start an execution of ${workflow}: ${reason}`, { workflow }, { cause: error });
  }
}

/** Prints the function-calling steps (every step with --all-steps) as they start and end. */
function stepPrinter(io: CliIo, allSteps: boolean): (entry: StepEntry, phase: StepPhase) => void {
  const attempts = new Map<string, number>();
  return (entry, phase) => {
    const label = allSteps ? (entry.routine === 'main' ? entry.step : `${entry.routine}.${entry.step}`) : STEP_LABELS[entry.step];
    if (!label) return;
    if (phase === 'start') {
      const attempt = (attempts.get(label) ?? 0) + 1;
      attempts.set(label, attempt);
      io.out(`  ${label} ...${attempt > 1 && !allSteps ? ` (attempt ${attempt})` : ''}`);
      return;
    }
    const took = seconds(entry.updateTime.getTime() - entry.createTime.getTime());
    io.out(phase === 'end' ? `  ${label} done in ${took} s` : `  ${label} failed after ${took} s: ${describeError(entry.exception ?? '')}`);
  };
}

function report(execution: Execution, io: CliIo): number {
  const id = execution.name.split('/').at(-1);
  const wallMs = (execution.endTime?.getTime() ?? Date.now()) - (execution.startTime?.getTime() ?? Date.now());
  if (execution.state === 'SUCCEEDED') {
    const summary = parseSummary(execution.result ?? '');
    if (summary) for (const line of summaryLines(summary, wallMs)) io.out(line);
    else io.out(`execution ${id} succeeded in ${seconds(wallMs)} s: ${execution.result ?? 'no result'}`);
    return EXIT.ok;
  }
  if (execution.error) {
    const step = failedStep(execution.error.payload, execution.error.step);
    io.err(`execution ${id} failed at step ${step}: ${describeError(execution.error.payload)}`);
  } else {
    io.err(`execution ${id} ended ${execution.state}`);
  }
  return EXIT.failed;
}
