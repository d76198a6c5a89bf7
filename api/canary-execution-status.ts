/**
 * Kayenta's `CanaryExecutionStatusResponse` for `GET /v2/canaries/canary/{id}`: spin's `retro`
 * polls `complete` and then reads `result.judgeResult.score.classification`.
 */
import type { CanaryMetricQuery } from '../activities/canary/types';
import type { CanaryConfig } from '../canary/config';
import type { CanaryJudgeResult } from '../canary/judge';
import type { CanaryExecutionRecord, CanaryExecutionState } from './temporal/canary-executions';

/** The status document. Fields without a value are left out, as Kayenta's JSON leaves out nulls. */
export interface CanaryExecutionStatus {
  /** Kayenta's name for the execution id. */
  pipelineId: string;
  canaryExecutionId: string;
  application?: string;
  parentPipelineExecutionId?: string;
  /** False while it runs; true once it ended, whatever the verdict. */
  complete: boolean;
  status: CanaryExecutionState;
  executionStatus: Uppercase<CanaryExecutionState>;
  /** Only when it succeeded: the judge's verdict and the analysed duration. */
  result?: { judgeResult: CanaryJudgeResult; canaryDuration: string };
  /** Orca's exception shape, when it ended without a verdict. */
  exception?: { exceptionType: string; details: { error: string; errors: string[] } };
  /** Gennaker: warnings (scopes without data, short baselines) and each metric's queries. */
  warnings?: string[];
  metricQueries?: CanaryMetricQuery[];
  canaryConfigId?: string;
  config?: CanaryConfig;
  canaryExecutionRequest?: Record<string, unknown>;
  metricsAccountName?: string;
  storageAccountName?: string;
  buildTimeMillis?: number;
  buildTimeIso?: string;
  startTimeMillis: number;
  startTimeIso: string;
  endTimeMillis?: number;
  endTimeIso?: string;
}

export function canaryExecutionStatus(record: CanaryExecutionRecord): CanaryExecutionStatus {
  const { input, result, failure } = record;
  return {
    pipelineId: record.id,
    canaryExecutionId: record.id,
    application: input?.application,
    parentPipelineExecutionId: input?.parentPipelineExecutionId,
    complete: record.state !== 'running',
    status: record.state,
    executionStatus: record.state.toUpperCase() as Uppercase<CanaryExecutionState>,
    ...(result
      ? {
          result: { judgeResult: result.judgeResult, canaryDuration: result.canaryDuration },
          warnings: result.warnings,
          metricQueries: result.metricQueries,
        }
      : {}),
    ...(failure ? { exception: { exceptionType: failure.type, details: { error: failure.message, errors: [failure.message] } } } : {}),
    canaryConfigId: input?.canaryConfigId,
    config: input?.canaryConfig,
    canaryExecutionRequest: input?.executionRequest,
    metricsAccountName: input?.metricsAccountName,
    storageAccountName: input?.storageAccountName,
    buildTimeMillis: input?.buildTime,
    buildTimeIso: input ? new Date(input.buildTime).toISOString() : undefined,
    startTimeMillis: record.startTime.getTime(),
    startTimeIso: record.startTime.toISOString(),
    endTimeMillis: record.closeTime?.getTime(),
    endTimeIso: record.closeTime?.toISOString(),
  };
}
