/**
 * `time.format(seconds, timezone)`: ISO 8601 with microseconds and the zone's offset, e.g.
 * "2024-07-12T14:50:33.000000+02:00", or "...Z" in UTC, as Cloud Workflows prints it.
 * The workflow takes the first ten characters as "today in TIME_ZONE", so the local date in
 * the zone (not the UTC date) is what matters; Intl gives it without a time-zone library.
 */
import { raised } from './errors.js';

export function formatTime(seconds: number, timeZone: string): string {
  const millis = Math.floor(seconds * 1000);
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
    }).formatToParts(new Date(millis));
  } catch {
    throw raised('ValueError', `time.format: unknown time zone "${timeZone}"`);
  }
  const part = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  const [year, month, day, hour, minute, second] =
    (['year', 'month', 'day', 'hour', 'minute', 'second'] as const).map(part) as [number, number, number, number, number, number];
  const wholeSecond = Math.floor(millis / 1000) * 1000;
  const offsetMinutes = Math.round((Date.UTC(year, month - 1, day, hour, minute, second) - wholeSecond) / 60_000);
  const micros = String(Math.round((seconds - Math.floor(seconds)) * 1e6) % 1e6).padStart(6, '0');
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  const date = `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}.${micros}`;
  if (offsetMinutes === 0) return `${date}Z`;
  const sign = offsetMinutes > 0 ? '+' : '-';
  const abs = Math.abs(offsetMinutes);
  return `${date}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
