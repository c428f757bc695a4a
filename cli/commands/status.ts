/**
 * `cdp status`: the run ledger as a table, newest run first: as-of date, status, duration, rows
 * and each stage's seconds; then, per run, its data-quality counts and a failed run's error.
 */
import { z } from 'zod';
import { parsePipelineSettings } from '../../core/config.js';
import { connectDatabase } from '../../core/db/connect.js';
import { CdpError } from '../../core/errors.js';
import { STAGES } from '../../core/stages.js';
import { countFlag, parseFlags } from '../args.js';
import { databaseConfigFor } from '../database.js';
import { EXIT } from '../exit-codes.js';
import { databaseUrlFlag } from '../flags.js';
import { formatTable, seconds, thousands } from '../format.js';
import type { CliIo } from '../io.js';
import { readRunHistory, type RunHistoryRow, type StageTime } from '../run-history.js';

const flagsSchema = z.object({
  databaseUrl: databaseUrlFlag,
  last: countFlag(1, 1000).optional(),
});

export const statusUsage = 'cdp status [--database-url URL] [--last N]';

/** A stage's column: its distinctive word (`temp_customer_service_stats` is `service`). */
export function stageColumn(stage: string): string {
  return stage.replace(/^temp_(customer_)?/, '').split('_')[0]!;
}

export async function statusCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const flags = parseFlags('status', argv, flagsSchema);
  const config = databaseConfigFor(flags.databaseUrl, io.env);
  if (config.mode === 'embedded' && !config.dataDir) {
    throw new CdpError('BAD_INPUT', 'cdp status: a fresh in-memory database has no runs: give --database-url, or set DATABASE_URL or PGLITE_DATA_DIR', { field: '--database-url' });
  }
  const db = await connectDatabase(config, Math.min(parsePipelineSettings(io.env).maxConnections, 2));
  try {
    const runs = await readRunHistory(db, flags.last ?? 10);
    if (runs === undefined || runs.length === 0) {
      io.out('no runs recorded yet (cdp_meta.runs is empty or absent)');
      return EXIT.ok;
    }
    for (const line of statusLines(runs)) io.out(line);
    return EXIT.ok;
  } finally {
    await db.close();
  }
}

export function statusLines(runs: readonly RunHistoryRow[]): string[] {
  const header = ['run', 'as of', 'status', 'started (UTC)', 'seconds', 'rows', ...STAGES.map(stageColumn)];
  const rows = runs.map((run) => [
    run.run_id,
    run.as_of_date,
    run.backfill ? `${run.status} (backfill)` : run.status,
    run.started_at,
    run.duration_ms === null ? '' : seconds(run.duration_ms),
    run.rows === null ? '' : thousands(run.rows),
    ...STAGES.map((stage) => stageCell(run.stages[stage])),
  ]);
  const notes = runs.flatMap((run) => [
    ...(run.quality !== null && run.quality !== undefined ? [`${run.run_id} quality: ${qualityText(run.quality)}`] : []),
    ...(run.error ? [`${run.run_id} error: ${run.error}`] : []),
  ]);
  return [...formatTable(header, rows), ...(notes.length > 0 ? ['', ...notes] : [])];
}

function stageCell(time: StageTime | undefined): string {
  if (!time) return '';
  const retried = time.attempts > 1 ? ` x${time.attempts}` : '';
  if (time.status === 'succeeded' && time.ms !== null) return `${seconds(time.ms)}${retried}`;
  return `${time.status}${retried}`;
}

/** A flat map of counts shows only what was found (`website_behavior.after_as_of_date 12`); anything else as JSON. */
export function qualityText(quality: unknown): string {
  if (typeof quality === 'object' && quality !== null && !Array.isArray(quality)) {
    const entries = Object.entries(quality as Record<string, unknown>);
    if (entries.every(([, value]) => typeof value === 'number')) {
      const found = entries.filter(([, value]) => (value as number) !== 0);
      if (found.length === 0) return `nothing found by ${entries.length} checks`;
      return found.map(([key, value]) => `${key} ${thousands(value as number)}`).join(' · ');
    }
  }
  return JSON.stringify(quality);
}
