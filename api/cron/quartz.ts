/**
 * Spinnaker's cron syntax: Quartz `CronExpression` (seconds, minutes, hours, day-of-month, month,
 * day-of-week, optional year), parsed into plain value sets plus the special day forms
 * (`L`, `L-n`, `LW`, `nW`, `nL`, `n#k`). Case-insensitive, as Quartz upper-cases the expression.
 */

/** Day-of-month: `?`, a value set (`*`, lists, ranges, steps) or one of Quartz's special forms. */
export type DayOfMonthSpec =
  | { kind: 'any' }
  | { kind: 'values'; values: number[] }
  /** `L` (offset 0) or `L-n`: the last day of the month, minus `offset` days. */
  | { kind: 'last'; offset: number }
  /** `LW`: the last weekday (Monday–Friday) of the month. */
  | { kind: 'lastWeekday' }
  /** `15W`: the weekday nearest the 15th, within the same month. */
  | { kind: 'nearestWeekday'; day: number };

/** Day-of-week (Quartz numbering: 1 = Sunday … 7 = Saturday). */
export type DayOfWeekSpec =
  | { kind: 'any' }
  | { kind: 'values'; values: number[] }
  /** `6L`: the last Friday of the month. */
  | { kind: 'last'; weekday: number }
  /** `6#3`: the third Friday of the month. */
  | { kind: 'nth'; weekday: number; nth: number };

/** A parsed Quartz expression; every value set is sorted and without repeats. */
export interface QuartzExpression {
  seconds: number[];
  minutes: number[];
  hours: number[];
  dayOfMonth: DayOfMonthSpec;
  months: number[];
  dayOfWeek: DayOfWeekSpec;
  /** null when the year field is absent or `*`. */
  years: number[] | null;
}

/** A parse failure naming the field and what is wrong with it. */
export class QuartzSyntaxError extends Error {
  override readonly name = 'QuartzSyntaxError';
}

/** Quartz's year range. */
export const MIN_YEAR = 1970;
export const MAX_YEAR = 2099;

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface FieldInfo {
  name: string;
  min: number;
  max: number;
  /** Names accepted instead of numbers, the first for `min`. */
  names?: string[];
}

const FIELDS = {
  seconds: { name: 'seconds', min: 0, max: 59 },
  minutes: { name: 'minutes', min: 0, max: 59 },
  hours: { name: 'hours', min: 0, max: 23 },
  dayOfMonth: { name: 'day-of-month', min: 1, max: 31 },
  month: { name: 'month', min: 1, max: 12, names: MONTH_NAMES },
  dayOfWeek: { name: 'day-of-week', min: 1, max: 7, names: DAY_NAMES },
  year: { name: 'year', min: MIN_YEAR, max: MAX_YEAR },
} satisfies Record<string, FieldInfo>;

const fail = (field: FieldInfo, message: string): never => {
  throw new QuartzSyntaxError(`${field.name}: ${message}`);
};

function parseValue(text: string, field: FieldInfo): number {
  const named = field.names?.indexOf(text) ?? -1;
  if (named >= 0) return field.min + named;
  if (!/^\d+$/.test(text)) return fail(field, `'${text}' is not a number${field.names ? ` or a name (${field.names.join(', ')})` : ''}`);
  const value = Number(text);
  if (value < field.min || value > field.max) return fail(field, `${value} is outside ${field.min}-${field.max}`);
  return value;
}

/** One comma-separated item: `*`, `a`, `a-b`, each optionally `/step`. Ranges may wrap (`FRI-MON`, `22-2`). */
function expandItem(item: string, field: FieldInfo, into: Set<number>): void {
  const [range, stepText, extra] = item.split('/');
  if (extra !== undefined || range === '') fail(field, `'${item}' is not a value, range or step`);
  let step = 1;
  if (stepText !== undefined) {
    if (!/^\d+$/.test(stepText) || Number(stepText) < 1) fail(field, `step '${stepText}' must be a positive number`);
    step = Number(stepText);
    if (step > field.max - field.min + 1) fail(field, `step ${step} is larger than the field's range ${field.min}-${field.max}`);
  }
  let start: number;
  let end: number;
  if (range === '*') {
    start = field.min;
    end = field.max;
  } else if (range.includes('-')) {
    const [from, to, more] = range.split('-');
    if (more !== undefined || from === '' || to === '') fail(field, `'${range}' is not a range`);
    start = parseValue(from, field);
    end = parseValue(to, field);
  } else {
    start = parseValue(range, field);
    // `a/n` runs from a to the end of the field; a bare value is just itself.
    end = stepText !== undefined ? field.max : start;
  }
  const span = field.max - field.min + 1;
  const length = end >= start ? end - start : end + span - start;
  for (let i = 0; i <= length; i += step) into.add(((start - field.min + i) % span) + field.min);
}

function parseValues(text: string, field: FieldInfo): number[] {
  const values = new Set<number>();
  for (const item of text.split(',')) expandItem(item, field, values);
  return [...values].sort((a, b) => a - b);
}

function parseDayOfMonth(text: string): DayOfMonthSpec {
  const field = FIELDS.dayOfMonth;
  if (text === '?') return { kind: 'any' };
  if (text === 'L') return { kind: 'last', offset: 0 };
  if (text === 'LW') return { kind: 'lastWeekday' };
  const lastOffset = /^L-(\d+)$/.exec(text);
  if (lastOffset) {
    const offset = Number(lastOffset[1]);
    if (offset > 30) fail(field, `offset from last day must be at most 30 (got ${offset})`);
    return { kind: 'last', offset };
  }
  const weekday = /^(\d+)W$/.exec(text);
  if (weekday) return { kind: 'nearestWeekday', day: parseValue(weekday[1], field) };
  if (/[LW]/.test(text)) fail(field, `'${text}': L and W cannot be combined with lists or ranges`);
  return { kind: 'values', values: parseValues(text, field) };
}

function parseDayOfWeek(text: string): DayOfWeekSpec {
  const field = FIELDS.dayOfWeek;
  if (text === '?') return { kind: 'any' };
  // `L` alone is the last day of the week: Saturday.
  if (text === 'L') return { kind: 'values', values: [7] };
  const last = /^([A-Z]+|\d+)L$/.exec(text);
  if (last) return { kind: 'last', weekday: parseValue(last[1], field) };
  const nth = /^([A-Z]+|\d+)#(\d+)$/.exec(text);
  if (nth) {
    const n = Number(nth[2]);
    if (n < 1 || n > 5) fail(field, `'#${nth[2]}': the occurrence must be 1-5`);
    return { kind: 'nth', weekday: parseValue(nth[1], field), nth: n };
  }
  if (/[L#]/.test(text)) fail(field, `'${text}': L and # cannot be combined with lists or ranges`);
  return { kind: 'values', values: parseValues(text, field) };
}

/**
 * Parses a Quartz cron expression (6 or 7 fields). Exactly one of day-of-month and day-of-week
 * must be `?`, as Quartz requires.
 *
 * @throws QuartzSyntaxError naming the field and the problem
 */
export function parseQuartz(expression: string): QuartzExpression {
  const parts = expression.trim().toUpperCase().split(/\s+/);
  if (expression.trim() === '' || parts.length < 6 || parts.length > 7) {
    throw new QuartzSyntaxError(
      `a Quartz cron expression has 6 or 7 fields (seconds minutes hours day-of-month month day-of-week [year]), got ${expression.trim() === '' ? 0 : parts.length}`,
    );
  }
  const [sec, min, hour, dom, month, dow, year] = parts;
  for (const [text, field] of [[sec, FIELDS.seconds], [min, FIELDS.minutes], [hour, FIELDS.hours], [month, FIELDS.month], [year ?? '*', FIELDS.year]] as const) {
    if (text.includes('?')) fail(field, "'?' is only allowed in day-of-month and day-of-week");
  }
  const dayOfMonth = parseDayOfMonth(dom);
  const dayOfWeek = parseDayOfWeek(dow);
  if ((dayOfMonth.kind === 'any') === (dayOfWeek.kind === 'any')) {
    throw new QuartzSyntaxError("exactly one of day-of-month and day-of-week must be '?' (e.g. '0 0 12 * * ?' or '0 0 12 ? * MON-FRI')");
  }
  return {
    seconds: parseValues(sec, FIELDS.seconds),
    minutes: parseValues(min, FIELDS.minutes),
    hours: parseValues(hour, FIELDS.hours),
    dayOfMonth,
    months: parseValues(month, FIELDS.month),
    dayOfWeek,
    years: year === undefined || year === '*' ? null : parseValues(year, FIELDS.year),
  };
}
