/**
 * A Database that fails chosen statements, for the failure paths: every statement (outside or
 * inside a transaction) goes through `fault` first, which may throw instead of letting it run.
 */
import type { Database, Queryable } from '../../core/db/database.js';

/** Decides, per statement, whether to fail it: throw to fail, return to let the statement run. */
export type Fault = (text: string, session: Queryable) => Promise<void>;

export function withFault(db: Database, fault: Fault): Database {
  const guard = (q: Queryable): Queryable => ({
    async query(text, params) {
      await fault(text, q);
      return q.query(text, params);
    },
    async exec(script) {
      await fault(script, q);
      return q.exec(script);
    },
  });
  return {
    kind: db.kind,
    ...guard(db),
    transaction: (fn) => db.transaction((tx) => fn(guard(tx))),
    close: () => db.close(),
  };
}

/** An error shaped like the pg driver's, with a SQLSTATE `code`. */
export function driverError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code, severity: 'ERROR' });
}

/** Fails the first `times` statements that `matches` accepts with `fail`, then lets all through. */
export function failTimes(times: number, matches: (text: string) => boolean, fail: (session: Queryable) => Promise<void>): Fault & { readonly count: () => number } {
  let failed = 0;
  const fault = async (text: string, session: Queryable) => {
    if (failed >= times || !matches(text)) return;
    failed++;
    await fail(session);
  };
  return Object.assign(fault, { count: () => failed });
}
