/**
 * A cron trigger's expression and time zone as a Temporal `ScheduleSpec`, and its next fire
 * times. The next fire times are computed by croner from the very calendars sent to Temporal
 * (one croner pattern per calendar), so they show what the Schedule will do.
 */
import type { CalendarSpec, DayOfWeek, LooseRange, Month, ScheduleSpec } from '@temporalio/client';
import { Cron } from 'croner';
import { type NumericCalendar, quartzToCalendars } from './calendars';
import { parseQuartz, QuartzSyntaxError } from './quartz';

/** Time zone of a cron trigger without `cronTimezone`. */
export const DEFAULT_CRON_TIMEZONE = 'UTC';

const MONTHS: Month[] = ['JANUARY', 'FEBRUARY', 'MARCH', 'APRIL', 'MAY', 'JUNE', 'JULY', 'AUGUST', 'SEPTEMBER', 'OCTOBER', 'NOVEMBER', 'DECEMBER'];
const WEEKDAYS: DayOfWeek[] = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'];

/** A cron expression or time zone that cannot become a Schedule; `field` is `cronExpression` or `cronTimezone`. */
export class CronSpecError extends Error {
  override readonly name = 'CronSpecError';
  constructor(
    readonly field: 'cronExpression' | 'cronTimezone',
    message: string,
  ) {
    super(message);
  }
}

/** Sorted values as few ranges as possible: one stepped range for an arithmetic run, else runs of neighbours. */
export function compressRanges(values: number[]): { start: number; end: number; step: number }[] {
  if (values.length > 2) {
    const step = values[1] - values[0];
    if (values.every((v, i) => i === 0 || v - values[i - 1] === step)) return [{ start: values[0], end: values[values.length - 1], step }];
  }
  const ranges: { start: number; end: number; step: number }[] = [];
  for (const value of values) {
    const last = ranges[ranges.length - 1];
    if (last && value === last.end + 1) last.end = value;
    else ranges.push({ start: value, end: value, step: 1 });
  }
  return ranges;
}

function toRanges<T>(values: number[] | '*', name: (n: number) => T): LooseRange<T>[] | '*' {
  if (values === '*') return '*';
  return compressRanges(values).map(({ start, end, step }) => ({ start: name(start), end: name(end), step }));
}

const same = (n: number) => n;

/** One numeric calendar as the Temporal client's CalendarSpec. */
export function toCalendarSpec(calendar: NumericCalendar, comment?: string): CalendarSpec {
  return {
    second: toRanges(calendar.second, same),
    minute: toRanges(calendar.minute, same),
    hour: toRanges(calendar.hour, same),
    dayOfMonth: toRanges(calendar.dayOfMonth, same),
    month: toRanges(calendar.month, (m) => MONTHS[m - 1]),
    dayOfWeek: toRanges(calendar.dayOfWeek, (d) => WEEKDAYS[d]),
    year: toRanges(calendar.year, same),
    ...(comment ? { comment } : {}),
  };
}

/** One numeric calendar as a 7-part croner pattern (Sunday = 0, day-of-month AND day-of-week). */
function toCronerPattern(calendar: NumericCalendar): string {
  const field = (values: number[] | '*') => (values === '*' ? '*' : values.join(','));
  return [calendar.second, calendar.minute, calendar.hour, calendar.dayOfMonth, calendar.month, calendar.dayOfWeek, calendar.year].map(field).join(' ');
}

/** Throws CronSpecError unless `timezone` is an IANA zone name this runtime knows. */
export function checkTimezone(timezone: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
  } catch {
    throw new CronSpecError('cronTimezone', `unknown time zone '${timezone}' (use an IANA name such as 'UTC' or 'Europe/Paris')`);
  }
}

/** A cron trigger's schedule: the Temporal spec plus a way to list upcoming fire times. */
export interface CronPlan {
  spec: ScheduleSpec;
  calendars: NumericCalendar[];
  timezone: string;
  /** The next `count` fire times strictly after `from`, in time order. */
  nextFireTimes(count: number, from?: Date): Date[];
}

/**
 * Plans the Schedule of a Quartz expression in a time zone.
 *
 * @throws CronSpecError when the expression does not parse, the zone is unknown, or the
 *   expression can never fire (e.g. February 30th, or only past years)
 */
export function planCron(expression: string, timezone: string = DEFAULT_CRON_TIMEZONE): CronPlan {
  checkTimezone(timezone);
  let calendars: NumericCalendar[];
  try {
    calendars = quartzToCalendars(parseQuartz(expression));
  } catch (err) {
    if (err instanceof QuartzSyntaxError) throw new CronSpecError('cronExpression', `invalid Quartz cron expression '${expression}': ${err.message}`);
    throw err;
  }
  const crons = calendars.map((c) => new Cron(toCronerPattern(c), { timezone, mode: '7-part', domAndDow: true }));
  const nextFireTimes = (count: number, from: Date = new Date()) => {
    const times = new Map<number, Date>();
    for (const cron of crons) for (const time of cron.nextRuns(count, from)) times.set(time.getTime(), time);
    return [...times.values()].sort((a, b) => a.getTime() - b.getTime()).slice(0, count);
  };
  if (nextFireTimes(1).length === 0) {
    throw new CronSpecError('cronExpression', `cron expression '${expression}' never fires (no matching date from now on)`);
  }
  return {
    spec: { calendars: calendars.map((c) => toCalendarSpec(c, expression)), timezone },
    calendars,
    timezone,
    nextFireTimes,
  };
}
