import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { benchCommand } from '../../../tools/bench/command.js';
import { memoryIo } from '../../../cli/io.js';
import { main } from '../../../cli/main.js';
import { STAGES } from '../../../core/stages.js';
import { serverUrl } from '../../support/databases.js';

const STEPS = ['prepare', ...STAGES, 'publish'];

async function databaseExists(name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rows } = await client.query('select 1 from pg_database where datname = $1', [name]);
    return rows.length > 0;
  } finally {
    await client.end();
  }
}

function scratchName(stderr: readonly string[]): string {
  const name = stderr.map((line) => /scratch database (cdp_bench_[0-9a-f]+) created/.exec(line)?.[1]).find(Boolean);
  if (!name) throw new Error(`no scratch database named in: ${stderr.join('\n')}`);
  return name;
}

describe.skipIf(!serverUrl)('cdp bench on the real server', () => {
  it('runs end to end: prints one table, writes the JSON, drops its scratch database', async () => {
    const json = join(mkdtempSync(join(tmpdir(), 'cdp-bench-')), 'bench.json');
    const io = memoryIo({});
    const code = await main(['bench', '--database-url', serverUrl!, '--customers', '300', '--repeat', '2', '--json', json], io);
    expect(io.stderr.filter((line) => !line.startsWith('bench: '))).toEqual([]);
    expect(code).toBe(0);

    const out = io.stdout.join('\n');
    expect(out).toMatch(/^cdp bench: 300 customers, 2 pairs, PostgreSQL \d+/m);
    expect(out).toMatch(/^median seconds +seed +pipeline +pipeline\/seed +min +max +incremental +incr\/seed +min +max$/m);
    for (const step of STEPS) expect(out).toMatch(new RegExp(`^${step} +[\\d. ]+$`, 'm'));
    expect(out).toMatch(/^total \(wall\)( +\d+\.\d\d){9}$/m);
    expect(out).toMatch(/^customers\/s +[\d,]+ +[\d,]+ *$/m);
    expect(out).toMatch(/^functions' peak MB +\d+ *$/m);
    // The second pair runs on the first pair's changes, which add a customer.
    expect(out).toMatch(/^customer_360 equals the seed's: 301 rows/m);
    // The progress lines say what it is doing, and the incremental run is proven equal to a full one.
    expect(io.stderr.join('\n')).toMatch(/bench: pair 2\/2: the pipeline took/);
    expect(io.stderr.join('\n')).toMatch(/bench: pair 2\/2: the incremental run took [\d.]+ s; comparing it with a full rebuild/);

    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(Object.keys(report)).toEqual(expect.arrayContaining([
      'customers', 'repeat', 'pairs', 'sources', 'server', 'machine', 'settings', 'steps', 'total', 'ratio',
      'serverCpuSeconds', 'customersPerSecond', 'functionsPeakMemoryMb', 'equal', 'differingRows', 'comparison',
      'incrementalRatio', 'changes',
    ]));
    expect(report.changes).toMatchObject({ percent: 1, perPair: [{ newCustomers: 1 }, { newCustomers: 1 }] });
    expect(report.incrementalRatio.median).toBeGreaterThan(0);
    expect(report).toMatchObject({ customers: 300, repeat: 2, pairs: 2, equal: true, differingRows: 0, sources: { customer_info: 300 } });
    expect(report.steps.map((step: { step: string }) => step.step)).toEqual(STEPS);
    expect(report.steps[0].seed).toBeNull();
    for (const key of ['median', 'min', 'max']) {
      expect(report.total.seed[key]).toBeGreaterThan(0);
      expect(report.total.pipeline[key]).toBeGreaterThan(0);
      expect(report.ratio[key]).toBeGreaterThan(0);
    }
    expect(report.functionsPeakMemoryMb).toBeGreaterThan(20);
    expect(report.comparison).toMatchObject({ seedRows: 301, pipelineRows: 301, onlyInSeed: 0, onlyInPipeline: 0, valuesDiffer: 0 });

    expect(await databaseExists(scratchName(io.stderr))).toBe(false);
  });

  it('--writers times writes with and without the change capture, and drops its scratch database', async () => {
    const io = memoryIo({});
    const code = await main(['bench', '--writers', '--database-url', serverUrl!, '--customers', '100', '--repeat', '1', '--bulk-rows', '2000', '--single-rows', '300'], io);
    expect(code).toBe(0);
    const out = io.stdout.join('\n');
    expect(out).toMatch(/^median seconds +without capture +with capture +with\/without +min +max$/m);
    expect(out).toMatch(/^2,000 purchases, one statement( +\d+\.\d\d){5}$/m);
    expect(out).toMatch(/^300 single-row inserts( +\d+\.\d\d){5}$/m);
    expect(await databaseExists(scratchName(io.stderr))).toBe(false);
  });

  it('fails with exit code 1 and says how many rows differ when the pipeline table differs', async () => {
    const io = memoryIo({});
    const code = await benchCommand(['--database-url', serverUrl!, '--customers', '300', '--repeat', '3'], io, {
      beforeCompare: async (db) => {
        await db.query("update cdp_state.customer_360_base set email = email || '.changed' where customer_id = 7");
      },
    });
    expect(code).toBe(1);
    expect(io.stderr).toContain("customer_360 differs from the seed's: 1 row differ (1 with other values (email 1))");
    // It stops at the first pair that differs, and still reports it.
    expect(io.stdout.join('\n')).toMatch(/^cdp bench: 300 customers, 1 pair,/m);
    expect(await databaseExists(scratchName(io.stderr))).toBe(false);
  });
  it('still drops its scratch database when its reader has gone away (cdp bench | head)', async () => {
    const child = spawn(process.execPath, ['dist/bin/cdp.js', 'bench', '--database-url', serverUrl!, '--customers', '100', '--repeat', '1'], { env: { PATH: process.env.PATH } });
    const stderr: string[] = [];
    child.stderr.on('data', (chunk: Buffer) => stderr.push(...chunk.toString().split('\n')));
    // The reading end closes before the table is written, as after `head` has had its lines.
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    expect(await databaseExists(scratchName(stderr))).toBe(false);
  });
});

describe('cdp bench refuses bad input with one line and exit code 2', () => {
  it.each([
    [['bench', '--customers', '10'], /^cdp bench: --database-url is required/, { DATABASE_URL: undefined }],
    [['bench', '--database-url', 'postgres://x@127.0.0.1:1/y'], /^cdp bench: --customers is required$/, {}],
    [['bench', '--database-url', 'postgres://x@127.0.0.1:1/y', '--customers', 'lots'], /^cdp bench: --customers must be a whole number$/, {}],
    [['bench', '--database-url', 'postgres://x@127.0.0.1:1/y', '--customers', '10', '--repeat', '0'], /^cdp bench: --repeat must be at least 1$/, {}],
    [['bench', '--database-url', 'postgres://nobody@127.0.0.1:1/none', '--customers', '10'], /^cdp bench: cannot create a scratch database on the PostgreSQL server: .*ECONNREFUSED/, {}],
  ])('%j', async (argv, message, env) => {
    const io = memoryIo(env);
    expect(await main(argv, io)).toBe(2);
    expect(io.stderr).toHaveLength(1);
    expect(io.stderr[0]).toMatch(message);
  });
});
