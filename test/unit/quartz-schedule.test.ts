import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Cron } from 'croner';
import { cronTriggerProblems, desiredCronSchedules, overlapPolicy } from '../../api/cron/cron-triggers';
import { parseQuartz, QuartzSyntaxError } from '../../api/cron/quartz';
import { compressRanges, CronSpecError, planCron } from '../../api/cron/schedule-spec';
import type { PipelineConfig } from '../../workflows/model/pipeline';

const FROM = new Date('2026-01-01T00:00:00Z');
const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

/** croner reading the Quartz expression itself (its Quartz mode), an oracle independent of our calendars. */
function cronerOnQuartz(expression: string, count: number, timezone = 'UTC'): string[] {
  const cron = new Cron(expression.replace('?', '*'), { mode: '6-or-7-parts', alternativeWeekdays: true, domAndDow: true, timezone });
  return iso(cron.nextRuns(count, FROM));
}

describe('Quartz cron expressions → Temporal calendars', () => {
  // Every special form croner also understands: our calendars must fire at the same instants, for 40 fires.
  for (const expression of [
    '*/2 * * * * ?',
    '0 15 10 ? * MON-FRI',
    '0 0 12 L * ?',
    '0 0 12 LW * ?',
    '0 0 12 15W * ?',
    '0 0 12 1W * ?',
    '0 0 12 30W * ?',
    '0 0 12 31W * ?',
    '0 0 12 ? * 6L',
    '0 0 12 ? * 2#1',
    '0 0 12 ? * 6#5',
    '0 15 10 ? * 6L 2027-2030',
    '0 0 0 29 2 ? *',
    '30 */15 9-17 ? JAN,JUL MON-FRI',
  ]) {
    it(`fires like Quartz for '${expression}'`, () => {
      assert.deepEqual(iso(planCron(expression).nextFireTimes(40, FROM)), cronerOnQuartz(expression, 40));
    });
  }

  it('honours the time zone', () => {
    const paris = planCron('0 0 9 ? * MON', 'Europe/Paris');
    assert.deepEqual(iso(paris.nextFireTimes(2, FROM)), ['2026-01-05T08:00:00.000Z', '2026-01-12T08:00:00.000Z']);
    assert.equal(paris.spec.timezone, 'Europe/Paris');
  });

  it('reads the Quartz forms croner does not: L-n, L as Saturday, a/n steps, wrapping ranges', () => {
    assert.deepEqual(iso(planCron('0 0 12 L-3 * ?').nextFireTimes(3, FROM)), ['2026-01-28T12:00:00.000Z', '2026-02-25T12:00:00.000Z', '2026-03-28T12:00:00.000Z']);
    assert.deepEqual(iso(planCron('0 0 12 ? * L').nextFireTimes(1, FROM)), ['2026-01-03T12:00:00.000Z']);
    assert.deepEqual(parseQuartz('0 0/20 * * * ?').minutes, [0, 20, 40]);
    assert.deepEqual(parseQuartz('0 0 22-2 * * ?').hours, [0, 1, 2, 22, 23]);
    assert.deepEqual(parseQuartz('0 0 0 ? * FRI-MON').dayOfWeek, { kind: 'values', values: [1, 2, 6, 7] });
    assert.deepEqual(parseQuartz('0 0 0 ? 11-2 *').months, [1, 2, 11, 12]);
    assert.deepEqual(parseQuartz('0 0 0 ? jan sun').months, [1]);
  });

  it('writes a whole field as * and arithmetic runs as one stepped range', () => {
    const [calendar] = planCron('*/2 * 8-18 * * ?').spec.calendars!;
    assert.deepEqual(calendar.second, [{ start: 0, end: 58, step: 2 }]);
    assert.equal(calendar.minute, '*');
    assert.deepEqual(calendar.hour, [{ start: 8, end: 18, step: 1 }]);
    assert.deepEqual(compressRanges([1, 2, 3, 7, 9]), [{ start: 1, end: 3, step: 1 }, { start: 7, end: 7, step: 1 }, { start: 9, end: 9, step: 1 }]);
  });

  it('refuses malformed expressions, naming the field', () => {
    const cases: [string, RegExp][] = [
      ['0 0 12 * *', /6 or 7 fields.*got 5/],
      ['0 0 12 * * ? 2030 x', /6 or 7 fields.*got 8/],
      ['60 0 12 * * ?', /seconds: 60 is outside 0-59/],
      ['0 0 24 * * ?', /hours: 24 is outside 0-23/],
      ['0 0 12 * * *', /exactly one of day-of-month and day-of-week must be '\?'/],
      ['0 0 12 ? * ?', /exactly one of day-of-month and day-of-week must be '\?'/],
      ['0 0 12 ? * 8', /day-of-week: 8 is outside 1-7/],
      ['0 0 12 ? * MON#6', /the occurrence must be 1-5/],
      ['0 0 12 L,15 * ?', /day-of-month: .*L and W cannot be combined/],
      ['0 0 12 ? FOO *', /month: 'FOO' is not a number or a name/],
      ['? 0 12 * * ?', /seconds: '\?' is only allowed/],
      ['0 */0 12 * * ?', /minutes: step '0' must be a positive number/],
      ['0 0 12 L-31 * ?', /offset from last day must be at most 30/],
      ['0 0 12 * * ? 1969', /year: 1969 is outside 1970-2099/],
    ];
    for (const [expression, message] of cases) {
      assert.throws(() => parseQuartz(expression), (err: Error) => err instanceof QuartzSyntaxError && message.test(err.message), expression);
    }
  });

  it('refuses an expression that can never fire, and an unknown time zone', () => {
    assert.throws(() => planCron('0 0 0 30 2 ?'), (err: Error) => err instanceof CronSpecError && err.field === 'cronExpression' && /never fires/.test(err.message));
    assert.throws(() => planCron('0 0 0 1 1 ? 2020'), (err: Error) => err instanceof CronSpecError && /never fires/.test(err.message));
    assert.throws(() => planCron('0 0 0 * * ?', 'Mars/Olympus'), (err: Error) => err instanceof CronSpecError && err.field === 'cronTimezone');
  });
});

describe('cron triggers of a pipeline config', () => {
  const config = (extra: Partial<PipelineConfig> = {}): PipelineConfig => ({
    id: '6f1c1f38-6a59-4c8a-9a43-0d1b7f9a0b11',
    application: 'app',
    name: 'nightly',
    stages: [],
    parameterConfig: [{ name: 'env', default: 'staging' }],
    triggers: [
      { type: 'webhook', enabled: true },
      { type: 'cron', id: 't1', enabled: true, cronExpression: '0 0 3 * * ?', runAsUser: 'robot', parameters: { extra: 'x' } },
      { type: 'cron', id: 't2', enabled: false, cronExpression: '0 0 4 * * ?' },
    ],
    ...extra,
  });

  it('wants one Schedule per enabled cron trigger, starting the pipeline with a cron trigger in Orca shape', () => {
    const [schedule, ...others] = desiredCronSchedules(config(), 'queue');
    assert.equal(others.length, 0);
    assert.equal(schedule.scheduleId, 'gennaker-cron-6f1c1f38-6a59-4c8a-9a43-0d1b7f9a0b11-t1');
    assert.equal(schedule.action.workflowId, schedule.scheduleId);
    const [input] = schedule.action.args as [{ trigger: Record<string, unknown>; buildTime: number }];
    assert.deepEqual(
      { type: input.trigger.type, user: input.trigger.user, parameters: input.trigger.parameters, cronExpression: input.trigger.cronExpression, id: input.trigger.id, tz: input.trigger.cronTimezone },
      { type: 'cron', user: 'robot', parameters: { extra: 'x', env: 'staging' }, cronExpression: '0 0 3 * * ?', id: 't1', tz: 'UTC' },
    );
    assert.equal(input.buildTime, 0);
    assert.equal(schedule.policies?.catchupWindow, '5 minutes');
    assert.deepEqual(desiredCronSchedules(config({ disabled: true }), 'queue'), []);
  });

  it('maps limitConcurrent / keepWaitingPipelines to the overlap policy', () => {
    assert.equal(overlapPolicy({}), 'ALLOW_ALL');
    assert.equal(overlapPolicy({ limitConcurrent: true }), 'SKIP');
    assert.equal(overlapPolicy({ limitConcurrent: true, keepWaitingPipelines: true }), 'BUFFER_ONE');
  });

  it('reports every bad cron trigger at its path', () => {
    const problems = cronTriggerProblems({
      parameterConfig: [{ name: 'env', required: true }],
      triggers: [
        { type: 'cron', cronExpression: '0 0 12 * * ?', parameters: { env: 'prod' } },
        { type: 'cron', cronExpression: 'every day' },
        { type: 'cron' },
        { type: 'cron', cronExpression: '0 0 12 * * ?', cronTimezone: 'Nowhere/Land' },
        { type: 'cron', cronExpression: '0 0 12 * * ?' },
        { type: 'cron', cronExpression: '0 0 12 * * ?', enabled: false },
      ],
    });
    assert.deepEqual(
      problems.map((p) => p.path),
      ['triggers[1].cronExpression', 'triggers[2].cronExpression', 'triggers[3].cronTimezone', 'triggers[4].parameters.env'],
    );
    assert.match(problems[0].message, /6 or 7 fields/);
  });
});
