import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { memoryIo } from '../../cli/io.js';
import { STAGES } from '../../core/stages.js';
import { databaseTargets, type TestDatabase } from '../support/databases.js';

const run = promisify(execFile);

describe('cdp run on embedded PostgreSQL', () => {
  it('loads sample customers, runs the workflow through the functions and prints the summary', async () => {
    const io = memoryIo({});
    const code = await main(['run', '--sample', '300', '--as-of', '2026-06-30', '--run-id', 'cli-embedded'], io);
    expect(io.stderr).toEqual([]);
    expect(code).toBe(0);
    const out = io.stdout.join('\n');
    expect(out).toMatch(/loading 300 sample customers as of 2026-06-30/);
    expect(out).toMatch(/customer_360 published: 300 rows, run cli-embedded as of 2026-06-30/);
    for (const step of ['prepare', ...STAGES, 'publish']) expect(out).toMatch(new RegExp(`^  ${step} +[\\d,]+ +\\d+\\.\\d\\d$`, 'm'));
    expect(out).toMatch(/^customer_segment: .*(High|Medium|Low) Value [\d,]+/m);
    expect(out).toMatch(/^customer_status: .*(Active|At Risk|Churned) [\d,]+/m);
  });
});

describe.each(databaseTargets().filter((target) => target.name === 'postgres'))('cdp run --database-url ($name)', (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await target.open();
  });
  afterAll(() => t.dispose());

  it('runs on the server the URL names, with no sample unless asked', async () => {
    const io = memoryIo({});
    expect(await main(['run', '--database-url', t.url!, '--as-of', '2026-06-30'], io)).toBe(1);
    expect(io.stderr.join('\n')).toMatch(/prepare failed: .*missing table customer_info/);
    expect(await main(['run', '--database-url', t.url!, '--sample', '200', '--as-of', '2026-06-30'], memoryIo({}))).toBe(0);
    const { rows } = await t.db.query<{ n: number }>('select count(*)::int as n from public.customer_360');
    expect(rows[0]!.n).toBe(200);
  });

  it('reports dirty source rows, and exits 1 naming the gate when one refuses the table', async () => {
    await t.db.query(
      `insert into purchase_transactions (transaction_id, customer_id, product_id, purchase_date, quantity, total_amount)
       values (-1, 1, 1, date '2026-06-01', 1, -99999999)`,
    );
    const io = memoryIo({});
    expect(await main(['run', '--database-url', t.url!, '--as-of', '2026-06-30'], io)).toBe(1);
    expect(io.stdout.join('\n')).toMatch(/^  prepare done/m);
    expect(io.stderr.join('\n')).toMatch(/failed at step publish: publish failed: HTTP 422: quality gate non_negative_spend failed: 1 offending row/);
    const { rows } = await t.db.query<{ n: number }>('select count(*)::int as n from public.customer_360');
    expect(rows[0]!.n).toBe(200);
  });
});

describe('cdp run refuses bad input with one line and exit code 2', () => {
  it.each([
    [['run', '--as-of', '2026-02-30'], /^cdp run: --as-of is not a calendar date$/],
    [['run', '--as-of', 'yesterday'], /^cdp run: --as-of must be a date written YYYY-MM-DD$/],
    [['run', '--run-id', "x'; drop table customer_info; --"], /^cdp run: --run-id may hold only lower-case letters/],
    [['run', '--sample', 'many'], /^cdp run: --sample must be a whole number$/],
    [['run', '--sample'], /^cdp run: --sample needs a value$/],
    [['run', '--colour'], /^cdp run: unknown flag --colour; known flags: --database-url/],
    [['run', 'now'], /^cdp run: unexpected argument now$/],
    [['run', '--database-url', 'mysql://x'], /^cdp run: --database-url must be a postgres:\/\/ or postgresql:\/\/ URL$/],
    [['launch'], /^cdp: unknown command "launch"/],
  ])('%j', async (argv, message) => {
    const io = memoryIo({});
    expect(await main(argv, io)).toBe(2);
    expect(io.stderr).toHaveLength(1);
    expect(io.stderr[0]).toMatch(message);
  });

  it('names an unreachable database without a stack trace, from the real binary', async () => {
    const failure = await run(process.execPath, ['dist/bin/cdp.js', 'run', '--database-url', 'postgres://nobody@127.0.0.1:1/none'], { env: { PATH: process.env.PATH } }).catch((error) => error);
    expect(failure.code).toBe(2);
    expect(failure.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^cdp run: cannot reach the PostgreSQL database: .*ECONNREFUSED/)]);
  });

  it('names a bad environment variable', async () => {
    const io = memoryIo({ CDP_WORK_MEM: 'lots' });
    expect(await main(['run'], io)).toBe(2);
    expect(io.stderr).toEqual(["cdp run: CDP_WORK_MEM must be a size such as '64MB'"]);
  });
});
