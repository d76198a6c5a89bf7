import { createCanaryActivities } from './canary/canary-activities';
import { createConcurrencyActivities } from './concurrency-activities';
import type { CanaryConfigSource } from './canary/types';
import { staticAccounts } from './cloud/accounts';
import { createKubernetesActivities, type KubernetesDeps } from './cloud/kubernetes-activities';
import { defaultMetricProviders } from './metrics/factory';
import { createNotificationActivities } from './notifications/notification-activities';
import type { NotificationSettings } from './notifications/types';
import type { MetricProviders } from './metrics/types';
import { type ApplicationPermissionSource, createPermissionActivities } from './permission-activities';
import { createPipelineActivities, type PipelineConfigSource } from './pipeline-activities';
import { createPipelineTriggerActivities, type PipelineTriggerDeps } from './pipeline-trigger-activities';
import { createWebhookActivities, type WebhookDeps } from './webhook/webhook-activities';

/** The clients activities need; the worker builds them from its configuration. */
export interface ActivityDeps {
  pipelineConfigs: PipelineConfigSource;
  webhook: WebhookDeps;
  /** Metrics accounts for canary analysis; default: one `synthetic` account. */
  metrics?: MetricProviders;
  /** Stored canary configs (`canaryConfigId`); default: none stored. */
  canaryConfigs?: CanaryConfigSource;
  /** Kubernetes/GKE deploy accounts for the manifest stages; default: none configured. */
  kubernetes?: KubernetesDeps;
  /** Stored application permissions for run-time checks; without it, executions that carry a user are refused cross-application actions. */
  applications?: ApplicationPermissionSource;
  /** Pipeline-completion triggers (a Temporal client and the stored configs); absent = they never fire. */
  pipelineTriggers?: PipelineTriggerDeps;
  /** Notification channel settings (tokens, SMTP, base URLs); default: none configured. */
  notifications?: NotificationSettings;
}

/** Every activity the worker registers. Workflows import this type only. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createWebhookActivities(deps.webhook),
    ...createPipelineActivities(deps.pipelineConfigs),
    ...createPermissionActivities(deps.applications),
    ...createPipelineTriggerActivities(deps.pipelineTriggers),
    ...createConcurrencyActivities(),
    ...createCanaryActivities({
      metrics: deps.metrics ?? defaultMetricProviders(),
      canaryConfigs: deps.canaryConfigs ?? { getCanaryConfig: async () => null },
      applications: deps.applications,
    }),
    ...createKubernetesActivities(deps.kubernetes ?? { accounts: staticAccounts([]) }),
    ...createNotificationActivities(deps.notifications),
    /** A no-op stage body, used by the `noop` stage type (tests and the engine-overhead benchmark). */
    async noop(): Promise<void> {},
  };
}

export type Activities = ReturnType<typeof createActivities>;
export { NON_RETRYABLE_ERROR_TYPES, ErrorType } from '../workflows/model/error-types';
