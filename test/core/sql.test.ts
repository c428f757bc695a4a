/** The SQL loader: statements loaded by name from sql/, once, with their parameter count. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sql, SQL_DIR } from '../../core/sql.js';
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

  it.each([
    ['session/settings', 3],
    ['meta/start_run', 4],
    ['stages/temp_purchase_stats', 1],
    ['stages/temp_customer_basic', 1],
    // "$1 is unused" in a comment is not a parameter.
    ['stages/temp_product_preferences', 0],
    ['source/create_tables', 0],
  ])('%s takes %i parameter(s), counting the highest $n outside comments', (name, count) => {
    expect(sql(name).paramCount).toBe(count);
  });

  it.each(STAGES)('stages/%s creates its table and takes at most the as-of date', (stage) => {
    const file = sql(`stages/${stage}`);
    expect(file.text).toMatch(new RegExp(`create unlogged table ${stage} as`));
    expect(file.paramCount).toBeLessThanOrEqual(1);
  });

  it('throws for a name with no file', () => {
    expect(() => sql('stages/no_such_stage')).toThrow(/ENOENT/);
  });
});
