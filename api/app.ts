/**
 * The Express application: Spinnaker's API gateway paths over Gennaker's stores and engine.
 * `createApp(deps)` only wires routers; api/server.ts builds the deps and listens.
 */
import express, { type Express } from 'express';
import { authenticate } from './auth';
import type { ApiDeps } from './deps';
import { errorHandler, notFoundHandler } from './errors';
import { silentLogger } from './logger';
import { answerClientErrorsAsJson } from './middleware/client-errors';
import { requestBodyHygiene, requestTargetHygiene } from './middleware/request-hygiene';
import { routeTable } from './middleware/route-table';
import { applicationsRouter } from './routes/applications';
import { canaryConfigsRouter } from './routes/canary-configs';
import { canaryExecutionsRouter } from './routes/canary-executions';
import { credentialsBodyErrors, credentialsRouter } from './routes/credentials';
import { cronRouter } from './routes/cron';
import { executionActionsRouter } from './routes/execution-actions';
import { executionsRouter } from './routes/executions';
import { metaRouter } from './routes/meta';
import { pipelineConfigsRouter } from './routes/pipeline-configs';
import { pipelineHistoryRouter } from './routes/pipeline-history';
import { slackInteractionsRouter } from './routes/slack-interactions';
import { tasksRouter } from './routes/tasks';
import { temporalUnavailableToApiError } from './temporal/temporal-errors';
import { webhooksRouter } from './triggers/routes';

export type { ApiDeps } from './deps';

/** Pipelines exported from Spinnaker can be large. */
const BODY_LIMIT = '10mb';

export function createApp(deps: ApiDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  // Requests Node's parser refuses get the JSON error shape too, whoever calls listen().
  const listen = app.listen.bind(app);
  app.listen = ((...args: Parameters<typeof listen>) => answerClientErrorsAsJson(listen(...args))) as typeof app.listen;
  const hygiene = { routes: routeTable(app), bodyLimit: BODY_LIMIT };
  app.use(requestTargetHygiene(hygiene));
  // Event endpoints read their raw bodies (signatures) and take no API credentials, as Echo's.
  app.use('/webhooks', webhooksRouter(deps));
  // Slack signs the raw form body: this route reads it itself, before the JSON parser and API auth.
  app.use(slackInteractionsRouter(deps));
  app.use(requestBodyHygiene(hygiene));
  app.use('/credentials', credentialsBodyErrors);
  app.use(authenticate(deps.auth));

  app.use(metaRouter(deps));
  app.use(applicationsRouter(deps));
  app.use(tasksRouter(deps));
  app.use(pipelineHistoryRouter(deps));
  app.use(executionActionsRouter(deps));
  app.use(executionsRouter(deps));
  app.use(pipelineConfigsRouter(deps));
  app.use(canaryConfigsRouter(deps));
  app.use(canaryExecutionsRouter(deps));
  app.use(credentialsRouter(deps));
  app.use(cronRouter());

  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger ?? silentLogger, [temporalUnavailableToApiError]));
  return app;
}
