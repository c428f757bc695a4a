import { z } from 'zod';
import { CdpError } from './errors.js';

/** Run ids become part of a schema name, so they are held to a tight alphabet. */
export const runIdSchema = z
  .string({ error: 'must be a string' })
  .min(1, 'must not be empty')
  .max(40, 'must be at most 40 characters')
  .regex(/^[a-z0-9_-]+$/, 'may hold only lower-case letters, digits, "-" and "_"');

/**
 * The earliest as-of date accepted. PostgreSQL has no year 0 (`0000-01-01` fails in the database),
 * and no customer data predates it; the semantics hold from here on.
 */
export const EARLIEST_AS_OF_DATE = '1900-01-01';

/** A real calendar date (`2026-02-30` is refused, not rolled over into March) from 1900-01-01 on. */
export const asOfDateSchema = z
  .string({ error: 'must be a string' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
  }, 'is not a calendar date')
  .refine((value) => value >= EARLIEST_AS_OF_DATE, `must be on or after ${EARLIEST_AS_OF_DATE}`);

export type RunId = z.infer<typeof runIdSchema>;

/**
 * The same checks as the HTTP edge, repeated where core starts work: a library caller (the CLI,
 * a test, a future entry point) that skipped the edge still cannot reach SQL with a crafted run id
 * or date. Throws BAD_INPUT before any query.
 */
export function assertRunParams(params: { readonly runId: unknown; readonly asOfDate?: unknown }): void {
  const checks = [['runId', runIdSchema, params.runId], ['asOfDate', asOfDateSchema, params.asOfDate]] as const;
  for (const [field, schema, value] of checks) {
    if (field === 'asOfDate' && value === undefined) continue;
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new CdpError('BAD_INPUT', `${field} ${parsed.error.issues[0]!.message}`, { field });
  }
}

/** The quoted name of a run's schema; safe to splice because the run id's alphabet is closed. */
export function runSchema(runId: RunId): string {
  if (!/^[a-z0-9_-]{1,40}$/.test(runId)) throw new Error(`unvalidated run id reached runSchema: ${JSON.stringify(runId)}`);
  return `"cdp_run_${runId}"`;
}

/**
 * The latest as-of date a run may take: tomorrow in `timeZone`, a day of slack for a caller whose
 * clock or zone runs ahead. A later date, once published, would supersede every nightly run.
 */
export function latestAsOfDate(timeZone: string, now: Date = new Date()): string {
  const today = new Date(`${todayIn(timeZone, now)}T00:00:00Z`);
  return new Date(today.getTime() + 86_400_000).toISOString().slice(0, 10);
}

/** Refuses (BAD_INPUT, field asOfDate) an as-of date after latestAsOfDate, before any query. */
export function assertAsOfDateNotFuture(asOfDate: string, timeZone: string, now: Date = new Date()): void {
  const latest = latestAsOfDate(timeZone, now);
  if (asOfDate > latest) {
    throw new CdpError('BAD_INPUT', `asOfDate ${asOfDate} is in the future: the latest accepted is ${latest} (today in ${timeZone}, plus a day)`, { field: 'asOfDate' });
  }
}

/** Today's date in a time zone, as YYYY-MM-DD. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** A fresh run id: date and time of day plus a random suffix, e.g. `20261125-063102-k3f9`. */
export function newRunId(now: Date = new Date()): RunId {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${Math.random().toString(36).slice(2, 6)}`;
}
