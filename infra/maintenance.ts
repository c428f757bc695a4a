/**
 * Cloud SQL's weekly maintenance window, written `DAY:HOUR` (hour in UTC, as the API takes it),
 * and the check that it cannot restart the instance under the nightly run.
 */

/** Cloud SQL numbers the days 1 (Monday) to 7 (Sunday). */
export const MAINTENANCE_DAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;

export interface MaintenanceWindow {
  /** 1 = Monday ... 7 = Sunday. */
  readonly day: number;
  /** Start hour, UTC; the window lasts an hour. */
  readonly hour: number;
}

/** `SUN:10` -> { day: 7, hour: 10 }; undefined when the text is not of that form. */
export function parseMaintenanceWindow(text: string): MaintenanceWindow | undefined {
  const match = /^([A-Za-z]{3}):([0-9]{1,2})$/.exec(text.trim());
  if (!match) return undefined;
  const day = (MAINTENANCE_DAYS as readonly string[]).indexOf(match[1]!.toUpperCase()) + 1;
  const hour = Number(match[2]);
  return day >= 1 && hour <= 23 ? { day, hour } : undefined;
}

/** The zone's UTC offsets in hours across a year (two when it keeps daylight saving time). */
function utcOffsets(timeZone: string, year: number): number[] {
  const offsets = new Set<number>();
  for (const month of [0, 6]) {
    const instant = new Date(Date.UTC(year, month, 1, 12));
    const local = new Date(instant.toLocaleString('en-US', { timeZone }));
    const utc = new Date(instant.toLocaleString('en-US', { timeZone: 'UTC' }));
    offsets.add(Math.round((local.getTime() - utc.getTime()) / 3_600_000));
  }
  return [...offsets];
}

/**
 * UTC hours the nightly run may occupy: from an hour before each start (a maintenance restart
 * can overrun its window) to two hours after (prepare, the stages and publish each wait up to
 * 30 minutes). Only a schedule whose hour field lists plain hours can be checked; for any other
 * (`*`, ranges, steps) the result is empty.
 */
export function busyUtcHours(schedule: string, timeZone: string, year = new Date().getUTCFullYear()): Set<number> {
  const hourField = schedule.trim().split(/\s+/)[1] ?? '';
  if (!/^[0-9]{1,2}(,[0-9]{1,2})*$/.test(hourField)) return new Set();
  const busy = new Set<number>();
  for (const hour of hourField.split(',').map(Number)) {
    for (const offset of utcOffsets(timeZone, year)) {
      for (const delta of [-1, 0, 1, 2]) busy.add((((hour - offset + delta) % 24) + 24) % 24);
    }
  }
  return busy;
}

/** Why the window collides with the schedule, or undefined when it does not. */
export function maintenanceProblem(window: MaintenanceWindow, schedule: string, timeZone: string, year?: number): string | undefined {
  const busy = busyUtcHours(schedule, timeZone, year);
  if (!busy.has(window.hour)) return undefined;
  const free = Array.from({ length: 24 }, (_, h) => h).filter((h) => !busy.has(h));
  return `starts at ${window.hour}:00 UTC, within the nightly run ("${schedule}" in ${timeZone}); pick an hour such as ${free[Math.floor(free.length / 2)] ?? 12}`;
}
