/**
 * `cdp bench`: the seed's SQL verbatim against the pipeline run the production way, on the same
 * generated data in a scratch database of the server given, alternating `--repeat` times; checks
 * that both build the same customer_360 and prints one table of medians (and `--json FILE`).
 * With `--changed-percent P` (default 1; 0 for none) each pair has a third side: P% of the
 * customers change across the six sources, an incremental run publishes them, and a full
 * rebuild (rolled back) must equal what it published.
 * Exit code 1 when the tables differ; 2 for bad flags or an unreachable server.
 */
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { z } from 'zod';
import { parsePipelineSettings } from '../../core/config.js';
import { connectDatabase } from '../../core/db/connect.js';
import type { Database } from '../../core/db/database.js';
import { CdpError } from '../../core/errors.js';
import { loadSample } from '../../core/sample.js';
import { sql } from '../../core/sql.js';
import { FUNCTIONS, STAGES } from '../../core/stages.js';
import { countFlag, parseFlags } from '../../cli/args.js';
import { compareWithSeed, describeComparison, differingRows, type Comparison } from './compare.js';
import { installCapture } from '../../core/capture.js';
import type { RunMode } from '../../core/stages.js';
import { assertEqualsFullRebuild, changeCustomers, type ChangeCounts } from './changes.js';
import { benchFigures, type Pair } from './figures.js';
import { startFunctionsProcess, type FunctionsProcess } from './functions-process.js';
import { runPipeline } from './pipeline-run.js';
import { reportJson, reportLines, writerLines, type BenchContext } from './report.js';
import { createScratchDatabase, dropOnInterrupt } from './scratch-database.js';
import { runSeed } from './seed-run.js';
import { serverCpu } from './server-cpu.js';
import { measureWriters } from './writers.js';
import { databaseConfigFor } from '../../cli/database.js';
import { EXIT } from '../../cli/exit-codes.js';
import { databaseUrlFlag } from '../../cli/flags.js';
import { seconds, thousands } from '../../cli/format.js';
import type { CliIo } from '../../cli/io.js';

const flagsSchema = z.object({
  databaseUrl: databaseUrlFlag,
  customers: countFlag(1, 50_000_000).optional(),
  repeat: countFlag(1, 50).optional(),
  json: z.string().min(1, 'needs a file name').optional(),
  writers: z.boolean().optional(),
  bulkRows: countFlag(1, 50_000_000).optional(),
  singleRows: countFlag(1, 10_000_000).optional(),
  changedPercent: z.string().regex(/^\d+(\.\d+)?$/, 'must be a percentage such as 1 or 0.5').transform(Number)
    .refine((value) => value <= 100, 'must be at most 100').optional(),
});

export const benchUsage = 'cdp bench --database-url URL --customers N [--repeat 3] [--changed-percent 1] [--json FILE]\n'
  + '       cdp bench --writers --database-url URL --customers N [--repeat 3] [--bulk-rows 1000000] [--single-rows 100000] [--json FILE]';

export interface BenchHooks {
  /** Runs after each pipeline run, before the comparison: tests alter the pipeline's table here. */
  readonly beforeCompare?: (db: Database) => Promise<void>;
}

export async function benchCommand(argv: readonly string[], io: CliIo, hooks: BenchHooks = {}): Promise<number> {
  const flags = parseFlags('bench', argv, flagsSchema);
  if (flags.customers === undefined) throw new CdpError('BAD_INPUT', 'cdp bench: --customers is required', { field: '--customers' });
  const config = databaseConfigFor(flags.databaseUrl, io.env);
  if (config.mode !== 'url') {
    throw new CdpError('BAD_INPUT', 'cdp bench: --database-url is required (or DATABASE_URL): the bench needs a PostgreSQL server', { field: '--database-url' });
  }
  const settings = parsePipelineSettings(io.env);
  const customers = flags.customers;
  const repeat = flags.repeat ?? 3;
  const changedPercent = flags.changedPercent ?? 1;
  const progress = (line: string) => io.err(`bench: ${line}`);

  const scratch = await createScratchDatabase(config.url);
  progress(`scratch database ${scratch.name} created`);
  let db: Database | undefined;
  let functions: FunctionsProcess | undefined;
  try {
    return await dropOnInterrupt(scratch, (signal) => progress(`${signal}: dropping ${scratch.name}`), async () => {
      db = await connectDatabase({ mode: 'url', url: scratch.url }, 4);
      const { rows: [server] } = await db.query<{ version: string; work_mem: string }>(sql('bench/server_settings').text);
      const { rows: [today] } = await db.query<{ today: string }>(sql('bench/seed_session').text);

      const loadStarted = performance.now();
      progress(`loading ${thousands(customers)} customers as of ${today!.today} ...`);
      const sources = await loadSample(db, { customers, anchorDate: today!.today }, (table) => progress(`loading ${table} ...`));
      progress('vacuuming the sources (hint bits, visibility map) ...');
      await db.exec(sql('bench/vacuum_sources').text);
      const loadSeconds = Math.round(performance.now() - loadStarted) / 1000;
      progress(`loaded ${Object.entries(sources).map(([table, n]) => `${table} ${thousands(n)}`).join(', ')} in ${loadSeconds.toFixed(1)} s`);
      if (flags.writers) {
        const writers = await measureWriters(db, scratch.url, {
          customers, repeat, bulkRows: flags.bulkRows ?? 1_000_000, singleRows: flags.singleRows ?? 100_000,
        }, progress);
        for (const line of writerLines(writers)) io.out(line);
        if (flags.json) writeFileSync(flags.json, `${JSON.stringify({ customers, repeat, server: server!.version, writers }, null, 2)}\n`);
        return EXIT.ok;
      }
      if (changedPercent > 0) await installCapture(db);

      functions = await startFunctionsProcess(scratch.url, io.env);
      const cpu = await serverCpu(db, scratch.name);
      const pairs: Pair[] = [];
      const changes: ChangeCounts[] = [];
      let comparison: Comparison | undefined;
      for (let i = 1; i <= repeat; i++) {
        const label = `pair ${i}/${repeat}`;
        progress(`${label}: the seed's SQL ...`);
        const seed = await runSeed(scratch.url, cpu);
        progress(`${label}: the seed's SQL took ${seconds(seed.totalMs)} s; the pipeline ...`);
        const steps = (side: string) => {
          let done = 0;
          return (step: string, event: 'start' | 'end') => {
            if (event === 'end' && (STAGES as readonly string[]).includes(step)) progress(`${label}: ${side}: ${step} done (${++done}/${STAGES.length})`);
            else if (event === 'start' && !(STAGES as readonly string[]).includes(step)) progress(`${label}: ${side}: ${step} ...`);
          };
        };
        const run = (mode: RunMode) => runPipeline({
          env: { ...functions!.env, TIME_ZONE: settings.timeZone },
          runId: `bench-${i}-${mode === 'full' ? 'f' : 'i'}-${scratch.name.slice(-6)}`,
          asOfDate: seed.asOfDate,
          mode,
          ...(cpu ? { cpu } : {}),
          onStep: steps(mode === 'full' ? 'pipeline' : 'incremental'),
        });
        const pipeline = await run('full');
        progress(`${label}: the pipeline took ${seconds(pipeline.totalMs)} s; comparing the tables ...`);
        await hooks.beforeCompare?.(db);
        comparison = await compareWithSeed(db);
        if (differingRows(comparison) > 0) {
          pairs.push({ seed, pipeline });
          break;
        }
        if (changedPercent === 0) {
          pairs.push({ seed, pipeline });
          continue;
        }
        const changed = await changeCustomers(db, changedPercent, i, seed.asOfDate);
        changes.push(changed);
        progress(`${label}: changed ${thousands(changed.changedCustomers)} customers (${thousands(changed.changedRows)} rows) and added ${thousands(changed.newCustomers)}; the incremental run ...`);
        const incremental = await run('incremental');
        progress(`${label}: the incremental run took ${seconds(incremental.totalMs)} s; comparing it with a full rebuild ...`);
        await assertEqualsFullRebuild(db, settings, `bench-${i}-i`);
        pairs.push({ seed, pipeline, incremental });
      }

      const memory = await functions.memory();
      const context: BenchContext = {
        customers,
        repeat,
        sources,
        loadSeconds,
        server: `PostgreSQL ${server!.version}`,
        machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model.trim() ?? 'unknown', memoryGb: Math.round(totalmem() / 2 ** 30) },
        settings: { pipelineWorkMem: settings.workMem, seedWorkMem: server!.work_mem, statementTimeoutMs: settings.statementTimeoutMs },
        asOfDates: [...new Set(pairs.map((pair) => pair.pipeline.asOfDate))],
        ...(changedPercent > 0 ? { changes: { percent: changedPercent, perPair: changes } } : {}),
      };
      const report = { context, figures: benchFigures(customers, FUNCTIONS, pairs), functionsPeakMemoryMb: memory.peakRssKb / 1024, comparison: comparison! };
      io.out(`cdp bench: ${thousands(customers)} customers, ${pairs.length} pair${pairs.length === 1 ? '' : 's'}, ${context.server}, ${context.machine.cpus} CPUs, work_mem ${settings.workMem} (pipeline) / ${server!.work_mem} (seed)`);
      for (const line of reportLines(report)) io.out(line);
      const equal = differingRows(comparison!) === 0;
      (equal ? io.out : io.err)(describeComparison(comparison!));
      if (flags.json) writeFileSync(flags.json, `${JSON.stringify(reportJson(report), null, 2)}\n`);
      return equal ? EXIT.ok : EXIT.failed;
    });
  } finally {
    await functions?.stop().catch(() => {});
    await db?.close().catch(() => {});
    await scratch.drop().catch((error: Error) => io.err(`bench: could not drop ${scratch.name}: ${error.message}`));
  }
}
