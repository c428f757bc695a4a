/**
 * `cdp run`: the whole pipeline the deployed way (functions served on localhost, the workflow
 * YAML run by the local executor), on embedded Postgres with sample data by default.
 */
import { z } from 'zod';
import { parsePipelineSettings } from '../../core/config.js';
import { connectDatabase } from '../../core/db/connect.js';
import { newRunId, todayIn } from '../../core/run-params.js';
import { loadSample } from '../../core/sample.js';
import { STAGES } from '../../core/stages.js';
import { stdoutLogger } from '../../functions/log.js';
import { WorkflowExecutionError, type StepEvent } from '../../workflows/index.js';
import { countFlag, parseFlags } from '../args.js';
import { databaseConfigFor } from '../database.js';
import { EXIT } from '../exit-codes.js';
import { asOfFlag, databaseUrlFlag, runIdFlag } from '../flags.js';
import { counts, formatTable, seconds, thousands } from '../format.js';
import type { CliIo } from '../io.js';
import { runLocalPipeline, type WorkflowSummary } from '../local-pipeline.js';

const flagsSchema = z.object({
  databaseUrl: databaseUrlFlag,
  asOf: asOfFlag,
  runId: runIdFlag,
  sample: countFlag(0, 10_000_000).optional(),
  backfill: z.boolean().optional(),
  verbose: z.boolean().optional(),
});

export const runUsage = 'cdp run [--database-url URL] [--as-of YYYY-MM-DD] [--run-id ID] [--sample N] [--backfill] [--verbose]';

const STEP_LABELS: Readonly<Record<string, string>> = {
  prepare: 'prepare',
  publish: 'publish',
  ...Object.fromEntries(STAGES.map((stage) => [`post_${stage}`, stage])),
};

export async function runCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const flags = parseFlags('run', argv, flagsSchema);
  const settings = parsePipelineSettings(io.env);
  const config = databaseConfigFor(flags.databaseUrl, io.env);
  const sample = flags.sample ?? (config.mode === 'embedded' ? 10_000 : 0);
  const asOfDate = flags.asOf ?? todayIn(settings.timeZone);
  const runId = flags.runId ?? newRunId();

  const db = await connectDatabase(config, settings.maxConnections);
  try {
    io.out(`database: ${config.mode === 'embedded' ? 'embedded PostgreSQL (PGlite)' : config.mode === 'url' ? 'PostgreSQL (--database-url / DATABASE_URL)' : 'Cloud SQL'}`);
    if (sample > 0) {
      const started = performance.now();
      io.out(`loading ${thousands(sample)} sample customers as of ${asOfDate} ...`);
      const loaded = await loadSample(db, { customers: sample, anchorDate: asOfDate });
      io.out(`loaded ${Object.entries(loaded).map(([table, n]) => `${table} ${thousands(n)}`).join(', ')} in ${seconds(performance.now() - started)} s`);
    }
    io.out(`run ${runId} as of ${asOfDate}`);
    const started = new Map<string, number>();
    const onStep = (event: StepEvent) => {
      const label = STEP_LABELS[event.step];
      if (!label) return;
      if (event.event === 'start') {
        started.set(label, event.at.getTime());
        io.out(`  ${label} ...`);
      } else if (event.event === 'end') {
        io.out(`  ${label} done in ${seconds(event.at.getTime() - (started.get(label) ?? event.at.getTime()))} s`);
      }
    };
    const t0 = performance.now();
    try {
      const summary = await runLocalPipeline({
        db,
        settings,
        argument: { runId, asOfDate, ...(flags.backfill ? { backfill: true } : {}) },
        onStep,
        ...(flags.verbose ? { log: (severity, message, fields) => io.err(JSON.stringify({ severity, message, ...fields })) } : {}),
      });
      for (const line of summaryLines(summary, performance.now() - t0)) io.out(line);
      return EXIT.ok;
    } catch (error) {
      if (error instanceof WorkflowExecutionError) {
        io.err(`run ${runId} failed at step ${error.step}: ${error.message}`);
        return EXIT.failed;
      }
      throw error;
    }
  } finally {
    await db.close();
  }
}

export function summaryLines(summary: WorkflowSummary, wallMs: number): string[] {
  const steps = [summary.prepare, ...STAGES.map((stage) => summary.stages[stage]!), summary.publish];
  return [
    `customer_360 published: ${thousands(summary.rows)} rows, run ${summary.runId} as of ${summary.asOfDate}, ${seconds(wallMs)} s`,
    ...formatTable(['step', 'rows', 'seconds'], steps.map((step) => [step.stage, thousands(step.rows), seconds(step.durationMs)])).map((line) => `  ${line}`),
    `customer_segment: ${counts(summary.segments)}`,
    `customer_status:  ${counts(summary.statuses)}`,
  ];
}
