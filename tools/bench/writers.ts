/**
 * `cdp bench --writers`: what the change capture costs the source's writers. The same writes
 * with and without it, alternating: a bulk insert of many purchases in one statement, and many
 * single-row inserts, each its own statement, committed every 1,000 (so that the server's commit
 * flush, which the capture does not change, does not drown the difference).
 */
import pg from 'pg';
import { installCapture, uninstallCapture } from '../../core/capture.js';
import type { Database } from '../../core/db/database.js';
import { sql } from '../../core/sql.js';
import { spread, type Spread } from './figures.js';

export interface WriterFigures {
  readonly bulkRows: number;
  readonly singleRows: number;
  /** Seconds per run, without and with the capture, and with / without per pair. */
  readonly bulk: { readonly without: Spread; readonly with: Spread; readonly ratio: Spread };
  readonly single: { readonly without: Spread; readonly with: Spread; readonly ratio: Spread };
}

/** Removes the measured purchases, so that each turn starts from the same table. */
async function cleanUp(db: Database): Promise<void> {
  await db.exec(sql('bench/delete_bench_purchases').text);
  await db.exec(sql('bench/vacuum_purchases').text);
}

async function timed(work: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
}

async function singleInserts(url: string, rows: number, customers: number): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const statement = { name: 'single_purchase', text: sql('bench/single_purchase').text };
    return await timed(async () => {
      for (let n = 1; n <= rows; n++) {
        if (n % 1000 === 1) await client.query('begin');
        await client.query({ ...statement, values: [n, 1 + ((n * 7919) % customers)] });
        if (n % 1000 === 0 || n === rows) await client.query('commit');
      }
    });
  } finally {
    await client.end();
  }
}

export async function measureWriters(
  db: Database, url: string, options: { readonly customers: number; readonly bulkRows: number; readonly singleRows: number; readonly repeat: number },
  progress: (line: string) => void,
): Promise<WriterFigures> {
  const runs = { bulk: { without: [] as number[], with: [] as number[] }, single: { without: [] as number[], with: [] as number[] } };
  await installCapture(db); // creates the change log the capture writes to, kept between turns
  for (let i = 1; i <= options.repeat; i++) {
    for (const capture of ['without', 'with'] as const) {
      if (capture === 'with') await installCapture(db);
      else await uninstallCapture(db);
      progress(`writers ${i}/${options.repeat}, ${capture} the capture: ${options.bulkRows} purchases in one statement ...`);
      runs.bulk[capture].push(await timed(async () => {
        await db.query(sql('bench/bulk_purchases').text, [options.bulkRows, options.customers]);
      }));
      await cleanUp(db);
      progress(`writers ${i}/${options.repeat}, ${capture} the capture: ${options.singleRows} single-row inserts ...`);
      runs.single[capture].push(await singleInserts(url, options.singleRows, options.customers));
      await cleanUp(db);
    }
  }
  const figures = (side: { without: number[]; with: number[] }) => ({
    without: spread(side.without)!,
    with: spread(side.with)!,
    ratio: spread(side.with.map((seconds, i) => seconds / side.without[i]!))!,
  });
  return { bulkRows: options.bulkRows, singleRows: options.singleRows, bulk: figures(runs.bulk), single: figures(runs.single) };
}
