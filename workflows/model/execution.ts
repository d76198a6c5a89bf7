import type { Artifact, ExpectedArtifact } from './artifacts';

/**
 * The execution document in Orca's JSON shape. The pipeline workflow owns it, answers the
 * `execution` query with it and returns it as its result.
 */
import type { NotificationRecord } from './notification';

import type { Authentication } from './authentication';

/** Orca's execution statuses (the ones Gennaker produces). */
export const ExecutionStatus = {
  NOT_STARTED: 'NOT_STARTED',
  RUNNING: 'RUNNING',
  PAUSED: 'PAUSED',
  SUCCEEDED: 'SUCCEEDED',
  FAILED_CONTINUE: 'FAILED_CONTINUE',
  TERMINAL: 'TERMINAL',
  CANCELED: 'CANCELED',
  STOPPED: 'STOPPED',
  SKIPPED: 'SKIPPED',
} as const;
export type ExecutionStatus = (typeof ExecutionStatus)[keyof typeof ExecutionStatus];

/** Statuses after which a stage or execution never changes again. */
export const COMPLETED_STATUSES: readonly ExecutionStatus[] = [
  'SUCCEEDED',
  'FAILED_CONTINUE',
  'TERMINAL',
  'CANCELED',
  'STOPPED',
  'SKIPPED',
];

/** Statuses that let downstream stages run (Orca: "successful" for the DAG). */
export const DOWNSTREAM_OK_STATUSES: readonly ExecutionStatus[] = ['SUCCEEDED', 'FAILED_CONTINUE', 'SKIPPED'];

/**
 * The trigger of an execution in Orca's shape: `type`, `user`, `parameters`, plus what the event
 * brought — `artifacts` (bound defaults and prior artifacts included), `resolvedExpectedArtifacts`,
 * `eventId`, `payload` (capped), and each type's own fields (`source`, `hash`, `branch`, `tag`,
 * `digest`, `buildNumber`, `buildInfo`, …). The trigger config's `secret` is never copied.
 */
export interface Trigger {
  type: string;
  user: string;
  parameters: Record<string, unknown>;
  artifacts?: Artifact[];
  resolvedExpectedArtifacts?: ExpectedArtifact[];
  [field: string]: unknown;
}

export interface StageExecution {
  /** Stable id inside the execution (the refId-derived id the API uses in PATCH paths). */
  id: string;
  refId: string;
  type: string;
  name: string;
  status: ExecutionStatus;
  requisiteStageRefIds: string[];
  context: Record<string, unknown>;
  outputs: Record<string, unknown>;
  startTime?: number;
  endTime?: number;
  /** Set on a stage's failure: what went wrong, in words. */
  exception?: { details: { error: string; errors: string[] } };
}

export interface PipelineExecution {
  id: string;
  type: 'PIPELINE';
  application: string;
  name: string;
  pipelineConfigId: string;
  status: ExecutionStatus;
  buildTime: number;
  startTime?: number;
  endTime?: number;
  trigger: Trigger;
  /** Orca's field: who the execution runs as (from the workflow input; absent when the API is open). */
  authentication?: Authentication;
  stages: StageExecution[];
  paused?: { pauseTime: number; resumeTime?: number; pausedMs: number; pausedBy?: string; resumedBy?: string };
  canceled: boolean;
  canceledBy?: string;
  cancellationReason?: string;
  limitConcurrent?: boolean;
  keepWaitingPipelines?: boolean;
  /** Outputs of `evaluateVariables` stages, visible to later expressions by key. */
  variables?: Record<string, unknown>;
  /** Signals the workflow refused (e.g. a judgment for an unknown stage), newest last, bounded. */
  rejectedMessages?: RejectedMessage[];
  /** Delivery of each notification (event × target), newest last, bounded. */
  notifications?: NotificationRecord[];
}

export interface RejectedMessage {
  name: string;
  reason: string;
  user?: string;
  at: number;
}
