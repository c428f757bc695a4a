/**
 * `cdp run`: the whole pipeline the deployed way (functions served on localhost, the workflow
 * YAML run by the local executor), on embedded Postgres with sample data by default.
 */
import { z } from 'zod';
import { parsePipelineSettings } from '../../core/config.js';
import { connectDatabase } from '../../core/db/connect.js';
import { newRunId, todayIn } from '../../core/run-params.js';
import { WorkflowExecutionError, type StepEvent } from '../../tools/workflows-emulator/index.js';
import { countFlag, parseFlags } from '../args.js';
import { databaseConfigFor } from '../database.js';
import { EXIT } from '../exit-codes.js';
import { asOfFlag, databaseUrlFlag, runIdFlag } from '../flags.js';
import { seconds } from '../format.js';
import { failedStep, STEP_LABELS, summaryLines } from '../execution-report.js';
import type { CliIo } from '../io.js';
import { runLocalPipeline } from '../local-pipeline.js';
import { databaseLabel, loadSampleData } from '../sample-data.js';

const flagsSchema = z.object({
  databaseUrl: databaseUrlFlag,
  asOf: asOfFlag,
  runId: runIdFlag,
  sample: countFlag(0, 10_000_000).optional(),
  backfill: z.boolean().optional(),
  verbose: z.boolean().optional(),
});

export const runUsage = 'cdp run [--database-url URL] [--as-of YYYY-MM-DD] [--run-id ID] [--sample N] [--backfill] [--verbose]';

export async function runCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const flags = parseFlags('run', argv, flagsSchema);
  const settings = parsePipelineSettings(io.env);
  const config = databaseConfigFor(flags.databaseUrl, io.env);
  const sample = flags.sample ?? (config.mode === 'embedded' ? 10_000 : 0);
  const asOfDate = flags.asOf ?? todayIn(settings.timeZone);
  const runId = flags.runId ?? newRunId();

  const db = await connectDatabase(config, settings.maxConnections);
  try {
    io.out(`database: ${databaseLabel(config)}`);
    if (sample > 0) await loadSampleData(db, sample, asOfDate, io);
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
        io.err(`run ${runId} failed at step ${failedStep(JSON.stringify(error.payload ?? null), error.step)}: ${error.message}`);
        return EXIT.failed;
      }
      throw error;
    }
  } finally {
    await db.close();
  }
}
