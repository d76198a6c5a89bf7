/**
 * Gate's `GET /cron/validate?expression=` (Deck calls it while a cron trigger is edited):
 * `{valid: true, description}` or `{valid: false, message}`, both with status 200 as in Gate.
 * Gennaker adds `timezone` (from `?timezone=`, default UTC) and `nextFireTimes`, the next five
 * fire times of the Schedule the expression would become (ISO 8601, UTC).
 */
import { Router } from 'express';
import { CronSpecError, DEFAULT_CRON_TIMEZONE, planCron } from '../cron/schedule-spec';
import { badRequest } from '../errors';
import { stringParam } from '../query-params';

/** How many upcoming fire times the answer lists. */
const NEXT_FIRE_TIMES = 5;

export function cronRouter(): Router {
  const router = Router();
  router.get('/cron/validate', (req, res) => {
    const expression = stringParam(req.query.expression);
    if (expression === undefined) {
      throw badRequest('expression is required', [{ path: 'query.expression', message: 'expression is required (a Quartz cron expression)' }]);
    }
    const timezone = stringParam(req.query.timezone) ?? DEFAULT_CRON_TIMEZONE;
    try {
      const plan = planCron(expression, timezone);
      const nextFireTimes = plan.nextFireTimes(NEXT_FIRE_TIMES).map((d) => d.toISOString());
      res.json({
        valid: true,
        description: `Quartz cron expression in ${timezone}; next fire ${nextFireTimes[0]}`,
        timezone,
        nextFireTimes,
      });
    } catch (err) {
      if (!(err instanceof CronSpecError)) throw err;
      res.json({ valid: false, message: err.message, field: err.field, timezone });
    }
  });
  return router;
}
