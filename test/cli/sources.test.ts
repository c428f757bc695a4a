import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../cli/io.js';
import { main } from '../../cli/main.js';
import { missingSources, SOURCE_TABLES } from '../../core/sources.js';
import { sql } from '../../core/sql.js';
import { databaseTargets, type TestDatabase } from '../support/databases.js';

describe('cdp sources', () => {
  it('--print writes sql/source/create_tables.sql, the DDL the pipeline expects', async () => {
    const io = memoryIo({});
    expect(await main(['sources', 'create', '--print'], io)).toBe(0);
    expect(`${io.stdout.join('\n')}\n`).toBe(readFileSync(new URL('../../sql/source/create_tables.sql', import.meta.url), 'utf8'));
  });

  it.each([
    [['sources'], /^cdp sources: expected the action "create", got none$/],
    [['sources', 'drop'], /^cdp sources: expected the action "create", got "drop"$/],
    [['sources', 'create'], /^cdp sources create: give --database-url/],
    [['sources', 'create', '--database-url', 'mysql://x'], /^cdp sources: --database-url must be a postgres/],
  ])('refuses %j with one line and exit code 2', async (argv, message) => {
    const io = memoryIo({});
    expect(await main(argv, io)).toBe(2);
    expect(io.stderr).toEqual([expect.stringMatching(message)]);
  });
});

describe.each(databaseTargets().filter((target) => target.name === 'postgres'))('cdp sources create on $name', (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await target.open();
  });
  afterAll(() => t.dispose());

  it('creates the six tables with every column prepare checks, and is safe to run again', async () => {
    for (let i = 0; i < 2; i += 1) {
      const io = memoryIo({});
      expect(await main(['sources', 'create', '--database-url', t.url!], io), io.stderr.join('\n')).toBe(0);
      expect(io.stdout[0]).toBe(`source tables ready: ${SOURCE_TABLES.map((table) => `public.${table}`).join(', ')}`);
    }
    const { rows } = await t.db.query<{ table_name: string; column_name: string }>(sql('source/columns').text, ['public']);
    expect(missingSources(rows)).toEqual([]);
  });

  it('says which columns a table of the same name lacks, with exit code 1', async () => {
    await t.db.exec('drop table website_behavior; create table website_behavior (customer_id integer)');
    const io = memoryIo({});
    expect(await main(['sources', 'create', '--database-url', t.url!], io)).toBe(1);
    expect(io.stderr[0]).toMatch(/lack column website_behavior\.pages_viewed, .*column website_behavior\.visit_date$/);
  });
});
