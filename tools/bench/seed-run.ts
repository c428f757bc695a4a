/**
 * (a) of each pair: the seed's SQL verbatim (sql/seed/customer_360_verbatim.sql), statement by
 * statement in one fresh session with the server's default settings, as a person would run it
 * with psql. Its customer_360 lands in cdp_bench_seed (see sql/bench/seed_session.sql).
 */
import pg from 'pg';
import { sql } from '../../core/sql.js';
import type { CpuMeter, ServerCpu } from './server-cpu.js';

export interface SeedStatement {
  /** The stage the statement computes (`temp_purchase_stats`), or `publish` for customer_360. */
  readonly step: string;
  readonly text: string;
}

export interface TimedRun {
  /** The as-of date: the session's CURRENT_DATE for the seed, the run's as-of date for the pipeline. */
  readonly asOfDate: string;
  /** Milliseconds per step. */
  readonly steps: Readonly<Record<string, number>>;
  /** Wall milliseconds of the whole run. */
  readonly totalMs: number;
  /** Server CPU seconds the run cost (undefined when the server is not on this machine). */
  readonly cpuSeconds?: number;
}

/** The seed's statements in order, each named after the table it creates. */
export function seedStatements(text = sql('seed/customer_360_verbatim').text): SeedStatement[] {
  return text
    .split(/;\s*(?:\n|$)/)
    .map((chunk) => chunk.trim())
    .filter((chunk) => chunk.split('\n').some((line) => line.trim() !== '' && !line.trim().startsWith('--')))
    .map((statement) => {
      const table = /create\s+(?:temporary\s+)?table\s+(\w+)/i.exec(statement)?.[1]?.toLowerCase();
      if (!table) throw new Error(`unexpected statement in the seed's SQL: ${statement.slice(0, 60)}`);
      return { step: table === 'customer_360' ? 'publish' : table, text: statement };
    });
}

export async function runSeed(url: string, cpu: ServerCpu | undefined): Promise<TimedRun> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  let meter: CpuMeter | undefined;
  try {
    await client.query(sql('bench/seed_schema').text);
    const { rows } = await client.query<{ today: string }>(sql('bench/seed_session').text);
    const steps: Record<string, number> = {};
    meter = cpu?.start();
    const started = performance.now();
    for (const statement of seedStatements()) {
      const t0 = performance.now();
      await client.query(statement.text);
      steps[statement.step] = performance.now() - t0;
    }
    const totalMs = performance.now() - started;
    // Read while the session is still open: its backend is still there to be sampled.
    const cpuSeconds = meter?.stop();
    return { asOfDate: rows[0]!.today, steps, totalMs, ...(cpuSeconds !== undefined ? { cpuSeconds } : {}) };
  } finally {
    meter?.stop();
    await client.end().catch(() => {});
  }
}
