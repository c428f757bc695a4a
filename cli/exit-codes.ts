import type { ErrorCode } from '../core/errors.js';

/** 0 success; 1 the run (or execution) failed; 2 the command could not start: bad flags, config or database. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export function exitCodeFor(code: ErrorCode): number {
  return code === 'BAD_INPUT' || code === 'BAD_CONFIG' || code === 'UNREACHABLE' ? EXIT.usage : EXIT.failed;
}
