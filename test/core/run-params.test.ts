/** Run ids and as-of dates, checked in core before any query: no database needed. */
import { describe, expect, it } from 'vitest';
import { asOfDateSchema, assertAsOfDateNotFuture, assertRunParams, latestAsOfDate, newRunId, runIdSchema, runSchema, todayIn } from '../../core/run-params.js';

describe('run ids', () => {
  it.each(['a', 'r1', '20261125-093903-pulq', 'nightly_2024-06-01', 'x'.repeat(40)])('accepts %j', (runId) => {
    expect(runIdSchema.safeParse(runId).success).toBe(true);
  });

  it.each([
    ['', 'must not be empty'],
    ['x'.repeat(41), 'must be at most 40 characters'],
    ['Nightly', 'may hold only'],
    ['a b', 'may hold only'],
    ['a.b', 'may hold only'],
    ['../x', 'may hold only'],
    ['r1"; drop table customer_360; --', 'may hold only'],
    ['café', 'may hold only'],
  ])('refuses %j: %s', (runId, reason) => {
    const parsed = runIdSchema.safeParse(runId);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.message).toContain(reason);
  });

  it('refuses a run id that is not a string', () => {
    expect(runIdSchema.safeParse(42).success).toBe(false);
  });

  it('becomes a quoted schema name, and an unvalidated one never does', () => {
    expect(runSchema('r1')).toBe('"cdp_run_r1"');
    expect(() => runSchema('R1"; drop')).toThrow(/unvalidated run id/);
  });

  it('is generated from the time of day plus a random suffix, and is itself valid', () => {
    const runId = newRunId(new Date('2026-11-25T06:31:02Z'));
    expect(runId).toMatch(/^20261125-063102-[a-z0-9]{1,4}$/);
    expect(runIdSchema.safeParse(runId).success).toBe(true);
  });
});

describe('as-of dates', () => {
  it.each(['2024-06-30', '2024-02-29', '2000-02-29', '1999-12-31', '2026-12-31'])('accepts the calendar date %s', (date) => {
    expect(asOfDateSchema.safeParse(date).success).toBe(true);
  });

  it.each(['2026-02-30', '2023-02-29', '1900-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-01-00'])(
    'refuses %s: not a calendar date, not rolled over',
    (date) => {
      const parsed = asOfDateSchema.safeParse(date);
      expect(parsed.success).toBe(false);
      expect(parsed.error!.issues[0]!.message).toBe('is not a calendar date');
    },
  );

  it.each(['2026-1-01', '20260101', '2026-01-01T00:00:00Z', ' 2026-01-01', '01/02/2026', "2026-01-01'; --"])(
    'refuses %j: not written YYYY-MM-DD',
    (date) => {
      const parsed = asOfDateSchema.safeParse(date);
      expect(parsed.success).toBe(false);
      expect(parsed.error!.issues[0]!.message).toBe('must be a date written YYYY-MM-DD');
    },
  );

  it.each([
    ['2026-01-01T03:00:00Z', 'America/New_York', '2025-12-31'],
    ['2026-01-01T03:00:00Z', 'UTC', '2026-01-01'],
    ['2025-12-31T20:00:00Z', 'Asia/Tokyo', '2026-01-01'],
  ])('today at %s in %s is %s', (instant, zone, today) => {
    expect(todayIn(zone, new Date(instant))).toBe(today);
  });
});

describe('assertRunParams', () => {
  it.each([
    [{ runId: 'Bad Id', asOfDate: '2024-06-30' }, 'runId', /^runId may hold only/],
    [{ runId: 'r1', asOfDate: '2026-02-30' }, 'asOfDate', /^asOfDate is not a calendar date$/],
    [{ runId: undefined, asOfDate: '2024-06-30' }, 'runId', /^runId must be a string$/],
    [{ runId: 'r1', asOfDate: 20240630 }, 'asOfDate', /^asOfDate must be a string$/],
  ])('refuses %j with BAD_INPUT naming the field', (params, field, message) => {
    expect(() => assertRunParams(params)).toThrow(expect.objectContaining({ code: 'BAD_INPUT', details: { field }, message: expect.stringMatching(message) }));
  });

  it('accepts a run id alone: the as-of date is optional after prepare', () => {
    expect(() => assertRunParams({ runId: 'r1' })).not.toThrow();
  });
});

describe('as-of dates in range', () => {
  // 23:30 UTC on 31 March: already 1 April in Paris and Kiritimati, still 31 March in Los Angeles.
  const NOW = new Date('2026-03-31T23:30:00Z');

  it.each([
    ['UTC', '2026-04-01'],
    ['Europe/Paris', '2026-04-02'],
    ['Pacific/Kiritimati', '2026-04-02'],
    ['America/Los_Angeles', '2026-04-01'],
  ])('the latest accepted in %s is %s: today there, plus a day of slack', (timeZone, latest) => {
    expect(latestAsOfDate(timeZone, NOW)).toBe(latest);
  });

  it.each(['2026-04-02', '2062-03-31', '9999-12-31'])('refuses %s in UTC with BAD_INPUT naming asOfDate', (asOfDate) => {
    expect(() => assertAsOfDateNotFuture(asOfDate, 'UTC', NOW)).toThrow(expect.objectContaining({
      code: 'BAD_INPUT', details: { field: 'asOfDate' }, message: `asOfDate ${asOfDate} is in the future: the latest accepted is 2026-04-01 (today in UTC, plus a day)`,
    }));
  });

  it.each(['2026-04-01', '2026-03-31', '1900-01-01'])('accepts %s in UTC', (asOfDate) => {
    expect(() => assertAsOfDateNotFuture(asOfDate, 'UTC', NOW)).not.toThrow();
  });

  it.each([['0000-01-01'], ['1899-12-31'], ['0999-06-15']])('refuses %s, before PostgreSQL could: must be on or after 1900-01-01', (asOfDate) => {
    const parsed = asOfDateSchema.safeParse(asOfDate);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((issue) => issue.message)).toContain('must be on or after 1900-01-01');
  });
});
