/**
 * Input and result of the `canaryExecutionWorkflow`: Kayenta's one-off canary execution
 * (`POST /v2/canaries/canary`), one judgment over given windows. Plain JSON, shared type-only by
 * the API and the workflow.
 */
import type { CanaryMetricQuery, CanaryScopePair } from '../../activities/canary/types';
import type { CanaryConfig } from '../../canary/config';
import type { CanaryJudgeResult } from '../../canary/judge';

/** The workflow type name the API starts and checks when it reads an id. */
export const CANARY_EXECUTION_WORKFLOW_TYPE = 'canaryExecutionWorkflow';

/** What the API starts a one-off canary with; the config is resolved (read once) by the API. */
export interface CanaryExecutionInput {
  canaryConfig: CanaryConfig;
  /** The stored config's id when the request named one. */
  canaryConfigId?: string;
  /** Every scope of the request with its control and experiment windows. */
  scopes: CanaryScopePair[];
  scoreThresholds: { pass: number; marginal: number };
  /** The metrics account to read; by default the first account of each query's type. */
  metricsAccountName?: string;
  /** Kayenta's optional request fields, echoed in the status. */
  application?: string;
  parentPipelineExecutionId?: string;
  storageAccountName?: string;
  /** Kayenta's `executionRequest` as received, echoed as `canaryExecutionRequest`. */
  executionRequest: Record<string, unknown>;
  /** Epoch ms when the API accepted the request (Kayenta's buildTime). */
  buildTime: number;
}

/** The compact result: the judge's verdict and what was asked of the metrics store, never the series. */
export interface CanaryExecutionResult {
  judgeResult: CanaryJudgeResult;
  /** Kayenta's `canaryDuration`: the experiment window of the first scope, ISO-8601 (e.g. `PT1H`). */
  canaryDuration: string;
  /** E.g. a scope without data, or fewer than 50 baseline points. */
  warnings: string[];
  /** Each metric's account and queries. */
  metricQueries: CanaryMetricQuery[];
}
