/**
 * Quartz → Temporal calendars. A Temporal calendar matches a second when *all* its fields match,
 * with plain value sets only, so Quartz's special day forms become several calendars:
 * `L`, `L-n`, `LW` and `nL` are written per month length (31-, 30-day months, February in leap
 * and common years), `nW` as "the day on a weekday, or the Friday before, or the Monday after",
 * `n#k` as "that weekday in days 7k-6…7k". Every calendar is first built with numbers
 * ({@link NumericCalendar}) so the same value can be sent to Temporal and evaluated locally.
 */
import { type DayOfMonthSpec, type DayOfWeekSpec, MAX_YEAR, type QuartzExpression } from './quartz';

/** Temporal accepts calendar years 2000–2100 only; earlier Quartz years are past and never fire. */
export const TEMPORAL_MIN_YEAR = 2000;

/** A calendar with plain numbers; `'*'` matches every value. Day-of-week is 0 (Sunday) … 6. */
export interface NumericCalendar {
  second: number[] | '*';
  minute: number[] | '*';
  hour: number[] | '*';
  dayOfMonth: number[] | '*';
  month: number[] | '*';
  dayOfWeek: number[] | '*';
  year: number[] | '*';
}

/** The day part of a calendar, before the time fields are added. */
interface DayRule {
  dayOfMonth: number[] | '*';
  dayOfWeek: number[] | '*';
  /** Months the rule is limited to (its month-length group); undefined = all. */
  months?: number[];
  /** Years the rule is limited to (February of leap or common years); undefined = all. */
  years?: number[];
}

const MON_FRI = [1, 2, 3, 4, 5];
const FRIDAY = [5];
const MONDAY = [1];

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);

interface MonthGroup {
  length: number;
  months: number[];
  years?: number[];
}

/** Months grouped by length; February's years are bounded by Temporal's and Quartz's (2000–2099). */
function monthGroups(years: number[] | null): MonthGroup[] {
  const all = years ?? range(TEMPORAL_MIN_YEAR, MAX_YEAR);
  return [
    { length: 31, months: [1, 3, 5, 7, 8, 10, 12] },
    { length: 30, months: [4, 6, 9, 11] },
    { length: 29, months: [2], years: all.filter(isLeap) },
    { length: 28, months: [2], years: all.filter((y) => !isLeap(y)) },
  ];
}

/** Calls `rules` once per month-length group and tags its rules with the group's months and years. */
function perMonthLength(years: number[] | null, rules: (length: number) => DayRule[]): DayRule[] {
  return monthGroups(years).flatMap((group) =>
    rules(group.length)
      .filter((rule) => rule.dayOfMonth === '*' || rule.dayOfMonth.every((d) => d >= 1 && d <= group.length))
      .map((rule) => ({ ...rule, months: group.months, ...(group.years ? { years: group.years } : {}) })),
  );
}

/** The rules for "the weekday nearest day `n`" in a month of `length` days (never crossing the month). */
function nearestWeekday(n: number, length: number): DayRule[] {
  if (n > length) return [];
  return [
    { dayOfMonth: [n], dayOfWeek: MON_FRI },
    // n is a Saturday: the Friday before, or the Monday after when n is the 1st.
    n > 1 ? { dayOfMonth: [n - 1], dayOfWeek: FRIDAY } : { dayOfMonth: [3], dayOfWeek: MONDAY },
    // n is a Sunday: the Monday after, or the Friday before when n is the last day.
    n < length ? { dayOfMonth: [n + 1], dayOfWeek: MONDAY } : { dayOfMonth: [n - 2], dayOfWeek: FRIDAY },
  ];
}

function dayOfMonthRules(spec: DayOfMonthSpec, years: number[] | null): DayRule[] {
  switch (spec.kind) {
    case 'any':
      return [{ dayOfMonth: '*', dayOfWeek: '*' }];
    case 'values':
      return [{ dayOfMonth: spec.values, dayOfWeek: '*' }];
    case 'last':
      return perMonthLength(years, (length) => (length - spec.offset >= 1 ? [{ dayOfMonth: [length - spec.offset], dayOfWeek: '*' }] : []));
    case 'lastWeekday':
      return perMonthLength(years, (length) => nearestWeekday(length, length));
    case 'nearestWeekday':
      // Up to the 27th no month is short enough to change the answer.
      return spec.day <= 27 ? nearestWeekday(spec.day, 31) : perMonthLength(years, (length) => nearestWeekday(spec.day, length));
  }
}

/** Quartz numbers days 1 (Sunday) … 7; Temporal 0 (Sunday) … 6. */
const toTemporalWeekday = (quartz: number) => quartz - 1;

function dayOfWeekRules(spec: DayOfWeekSpec, years: number[] | null): DayRule[] {
  switch (spec.kind) {
    case 'any':
      return [{ dayOfMonth: '*', dayOfWeek: '*' }];
    case 'values':
      return [{ dayOfMonth: '*', dayOfWeek: spec.values.map(toTemporalWeekday) }];
    case 'last':
      return perMonthLength(years, (length) => [{ dayOfMonth: range(length - 6, length), dayOfWeek: [toTemporalWeekday(spec.weekday)] }]);
    case 'nth':
      return [{ dayOfMonth: range(spec.nth * 7 - 6, Math.min(spec.nth * 7, 31)), dayOfWeek: [toTemporalWeekday(spec.weekday)] }];
  }
}

const full = (values: number[], min: number, max: number): number[] | '*' => (values.length === max - min + 1 ? '*' : values);

function intersect(a: number[] | undefined, b: number[] | null): number[] | null {
  if (!a) return b;
  if (!b) return a;
  const set = new Set(b);
  return a.filter((v) => set.has(v));
}

/**
 * The calendars that together fire exactly when the Quartz expression does (within Quartz's
 * years 2000–2099 for the month-length forms). Empty when the expression can never fire.
 */
export function quartzToCalendars(expression: QuartzExpression): NumericCalendar[] {
  const q = { ...expression, years: expression.years && expression.years.filter((y) => y >= TEMPORAL_MIN_YEAR) };
  // Quartz requires one of the two day fields to be '?', so only one of them yields real rules.
  const rules = q.dayOfMonth.kind === 'any' ? dayOfWeekRules(q.dayOfWeek, q.years) : dayOfMonthRules(q.dayOfMonth, q.years);
  const calendars: NumericCalendar[] = [];
  for (const rule of rules) {
    const months = intersect(rule.months, q.months) ?? [];
    const years = intersect(rule.years, q.years);
    if (months.length === 0 || (years !== null && years.length === 0)) continue;
    calendars.push({
      second: full(q.seconds, 0, 59),
      minute: full(q.minutes, 0, 59),
      hour: full(q.hours, 0, 23),
      dayOfMonth: rule.dayOfMonth === '*' ? '*' : full(rule.dayOfMonth, 1, 31),
      month: full(months, 1, 12),
      dayOfWeek: rule.dayOfWeek === '*' ? '*' : full(rule.dayOfWeek, 0, 6),
      year: years ?? '*',
    });
  }
  return calendars;
}
