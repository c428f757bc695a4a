/**
 * Validation of the unix-cron expressions Cloud Scheduler accepts: five fields (minute, hour,
 * day of month, month, day of week), each `*`, a number, a range, a list, or any of these with
 * a `/step`. Months and weekdays may be written as three-letter names.
 */

interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

const FIELDS: readonly CronField[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day of week', min: 0, max: 7, names: WEEKDAYS },
];

/** Returns why `expression` is not a valid unix-cron schedule, or undefined when it is. */
export function cronProblem(expression: string): string | undefined {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== FIELDS.length) {
    return `expected 5 fields (minute hour day-of-month month day-of-week), got ${parts.length}`;
  }
  for (const [index, field] of FIELDS.entries()) {
    const problem = fieldProblem(parts[index] ?? '', field);
    if (problem !== undefined) return `${field.name}: ${problem}`;
  }
  return undefined;
}

function fieldProblem(text: string, field: CronField): string | undefined {
  for (const item of text.split(',')) {
    const [range = '', step, extra] = item.split('/');
    if (extra !== undefined) return `"${item}" has more than one "/"`;
    if (step !== undefined && !/^[1-9][0-9]*$/.test(step)) return `"${item}" has a bad step`;
    if (range === '*') continue;
    const bounds = range.split('-');
    if (bounds.length > 2) return `"${item}" is not a value or a range`;
    const values = bounds.map((bound) => value(bound, field));
    if (values.some((v) => v === undefined)) {
      return `"${item}" is outside ${field.min}-${field.max}`;
    }
    const [low = 0, high = low] = values as number[];
    if (low > high) return `"${item}" is a descending range`;
  }
  return undefined;
}

function value(text: string, field: CronField): number | undefined {
  const named = field.names?.indexOf(text.toUpperCase()) ?? -1;
  if (named >= 0) return field.names === MONTHS ? named + 1 : named;
  if (!/^[0-9]{1,2}$/.test(text)) return undefined;
  const number = Number(text);
  return number >= field.min && number <= field.max ? number : undefined;
}
