import type { Response } from 'express';
import type { AccountStore } from '../prisma/account-store';
import type { ApplicationStore } from '../prisma/application-store';
import type { CanaryConfigStore } from '../prisma/canary-config-store';
import type { PipelineStore } from '../prisma/pipeline-store';
import type { TaskStore } from '../prisma/task-store';
import type { CronReconciler } from './cron/reconciler';
import type { AuthSettings } from './auth';
import type { SlackInteractionSettings } from './slack/config';
import { principalOf } from './auth';
import type { Logger } from './logger';
import { AccessChecker } from './permissions';
import type { CanaryExecutionService } from './temporal/canary-executions';
import type { ExecutionService } from './temporal/execution-service';

/** Everything the API needs, built by the caller (api/server.ts or a test). */
export interface ApiDeps {
  applications: ApplicationStore;
  pipelines: PipelineStore;
  tasks: TaskStore;
  executions: ExecutionService;
  /** Kayenta canary configs (`/v2/canaryConfig`). */
  canaryConfigs: CanaryConfigStore;
  /** One-off canary executions (`/v2/canaries/canary`). */
  canaries: CanaryExecutionService;
  /** Deploy accounts (`/credentials`). */
  accounts: AccountStore;
  /** Keeps cron triggers' Temporal Schedules in line with the configs; absent = cron triggers never fire. */
  cron?: CronReconciler;
  /** Authentication; absent or empty = open API. */
  auth?: AuthSettings;
  /** Judgment from Slack (`POST /webhooks/slack/interactions`); absent = not configured (404). */
  slack?: SlackInteractionSettings;
  /** Reported by `GET /version`. */
  version?: string;
  logger?: Logger;
}

/** The permission checker for the caller of this request. */
export function accessFor(deps: ApiDeps, res: Response): AccessChecker {
  return new AccessChecker(deps.applications, principalOf(res));
}
