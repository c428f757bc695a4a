import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CdpError } from '../core/errors.js';

/** The nearest directory at or above `start` holding cdktf.json: the repository root. */
export function findProjectRoot(start: string): string {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, 'cdktf.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) {
      throw new CdpError('BAD_CONFIG', `no cdktf.json at or above ${start}: run cdktf from the repository`, { field: 'projectRoot' });
    }
    dir = parent;
  }
}
