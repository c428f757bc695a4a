/** The SQL loader: statements loaded by name from sql/, once. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sql, SQL_DIR } from '../../core/sql.js';
import { DATED_STAGES } from '../../core/stage-plan.js';
import { STAGES } from '../../core/stages.js';

describe('sql()', () => {
  it('finds the package\'s sql/ folder', () => {
    expect(existsSync(join(SQL_DIR, 'source', 'create_tables.sql'))).toBe(true);
  });

  it('loads sql/<name>.sql by its path under sql/, without the extension', () => {
    const file = sql('source/create_tables');
    expect(file.name).toBe('source/create_tables');
    expect(file.text).toContain('create table if not exists customer_info');
  });

  it('loads each file once: the same frozen value every time', () => {
    const first = sql('session/settings');
    expect(sql('session/settings')).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
  });

  it.each(STAGES)('stages/%s creates its table, and takes the as-of date as $1 only if it is declared dated', (stage) => {
    const file = sql(`stages/${stage}`);
    expect(file.text).toMatch(new RegExp(`create unlogged table ${stage} as`));
    const params = [...file.text.replace(/--[^\n]*/g, '').matchAll(/\$(\d+)/g)].map((match) => match[1]);
    expect([...new Set(params)]).toEqual(DATED_STAGES.has(stage) ? ['1'] : []);
  });

  it('throws for a name with no file', () => {
    expect(() => sql('stages/no_such_stage')).toThrow(/ENOENT/);
  });
});
