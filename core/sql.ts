import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A statement loaded from `sql/<name>.sql`. */
export interface SqlFile {
  readonly name: string;
  readonly text: string;
}

/** The package root: the nearest folder above this module holding `sql/` (works from source and dist). */
function findSqlDir(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, 'sql');
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`no sql/ folder above ${start}`);
  }
}

const sqlDir = findSqlDir(dirname(fileURLToPath(import.meta.url)));
const cache = new Map<string, SqlFile>();

/** Loads `sql/<name>.sql` once; `name` is a path under sql/ without the extension. */
export function sql(name: string): SqlFile {
  let file = cache.get(name);
  if (!file) {
    file = Object.freeze({ name, text: readFileSync(join(sqlDir, `${name}.sql`), 'utf8') });
    cache.set(name, file);
  }
  return file;
}

export const SQL_DIR = sqlDir;
