import type { PipelineConfig } from './pipeline';
import type { Trigger } from './execution';
import type { Authentication } from './authentication';

/** Input of the `pipelineWorkflow`: the config is read once at start, so edits never reach a running execution. */
export interface PipelineWorkflowInput {
  config: PipelineConfig;
  trigger: Trigger;
  /** Who the execution runs as (absent: the API is open). Stages that act on other applications check it at run time. */
  authentication?: Authentication;
  /** Epoch ms when the API accepted the start (Orca's buildTime). */
  buildTime: number;
  /**
   * History length after which the execution continues as new between stages (default 10,000;
   * Temporal's hard limit is 51,200 events). Lower only to test the mechanism.
   */
  historyEventsBeforeContinue?: number;
  /** First gap between queue checks under `limitConcurrent` (default 2 s, doubling to 60 s). */
  concurrencyCheckMs?: number;
  /** Retry of notification deliveries (default: 6 attempts, 2 s doubling to 60 s). Lower only in tests. */
  notificationRetry?: { initialIntervalMs?: number; maximumIntervalMs?: number; maximumAttempts?: number };
}

/** Custom search attributes registered on the dev server and set by the pipeline workflow. */
export const SearchAttribute = {
  application: 'GennakerApplication',
  pipelineName: 'GennakerPipelineName',
  pipelineConfigId: 'GennakerPipelineConfigId',
  status: 'GennakerStatus',
  triggerType: 'GennakerTriggerType',
} as const;

/** Task queue the worker polls and the API starts workflows on. */
export const DEFAULT_TASK_QUEUE = 'gennaker';
