import type { Authentication } from '../../workflows/model/authentication';
/**
 * Inputs and outputs of the canary activities. Imported type-only by the `kayentaCanary` stage,
 * so everything here is plain JSON that Temporal records in the workflow history.
 */
import type { CanaryConfig } from '../../canary/config';
import type { CanaryJudgeResult } from '../../canary/judge';
import type { MetricScope } from '../metrics/types';

/** Where stored canary configs come from (the Prisma store in production). */
export interface CanaryConfigSource {
  /** The config with this id, or null when there is none. */
  getCanaryConfig(id: string): Promise<CanaryConfig | null>;
}

/**
 * One side (control or experiment) of one scope, with its planned window (epoch ms computed by the
 * workflow from its plan, never from the activity's clock): exactly what a metric provider reads.
 */
export type CanaryScopeWindow = MetricScope;

/** A named scope pair of the stage (`scopes[].scopeName`), both windows resolved. */
export interface CanaryScopePair {
  scopeName: string;
  control: CanaryScopeWindow;
  experiment: CanaryScopeWindow;
}

/** What a `kayentaCanary` stage hands over when it starts. */
export interface CanaryPreparationRequest {
  /** A stored config to read (once), or… */
  canaryConfigId?: string;
  /** …the config given inline in the stage. */
  inlineConfig?: CanaryConfig;
  metricsAccountName?: string;
  /** The scopes with the first interval's windows (query templates may use them). */
  scopes: CanaryScopePair[];
  /**
   * Who the execution runs as and its application: a stored config of other applications needs
   * READ on one of them when the stage runs, as at save and start (absent on the open API).
   */
  authentication?: Authentication;
  application?: string;
}

/** One metric's queries, as the metrics store will receive them. */
export interface CanaryMetricQuery {
  metric: string;
  scopeName: string;
  /** The metrics account that answers it. */
  account: string;
  control: string;
  experiment: string;
}

/** The checked canary config, and every query it leads to. */
export interface CanaryPreparation {
  canaryConfig: CanaryConfig;
  queries: CanaryMetricQuery[];
}

/** Everything one interval's judgment needs: fetch the metrics of every scope, then judge. */
export interface CanaryIntervalRequest {
  canaryConfig: CanaryConfig;
  /** The metrics account to read; by default the first account of each query's type. */
  metricsAccountName?: string;
  scopes: CanaryScopePair[];
  scoreThresholds: { pass: number; marginal: number };
  /** Set in sequential mode: this interval and the planned number of intervals. */
  sequential?: { look: number; totalLooks: number };
  /** For log lines, e.g. `exec-…/canary interval 3/12`. */
  label: string;
}

/**
 * What one interval's activity returns: Kayenta's judge result (verdicts, test figures and stats per
 * metric, group scores, score) and what to warn about — never the metric data.
 */
export interface CanaryIntervalResult {
  judgeResult: CanaryJudgeResult;
  /** E.g. a scope without data, or fewer than 50 baseline points (Orca's warning). */
  warnings: string[];
}
