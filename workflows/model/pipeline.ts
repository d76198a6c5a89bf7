/**
 * Spinnaker pipeline configuration (Front50's shape). Pure types: imported type-only outside
 * the workflow sandbox. Unknown fields are preserved, hence the index signatures.
 */

/** `stageEnabled` as Spinnaker writes it: an expression that must be true for the stage to run. */
export interface StageEnabled {
  type: 'expression';
  expression: string;
}

/** One stage of a pipeline config. Type-specific fields live beside the common ones. */
export interface StageConfig {
  refId: string;
  requisiteStageRefIds?: string[];
  type: string;
  name: string;
  stageEnabled?: StageEnabled;
  /** Default true: a failure halts the pipeline (TERMINAL). */
  failPipeline?: boolean;
  /** true: a failure is FAILED_CONTINUE and the pipeline goes on. */
  continuePipeline?: boolean;
  /** With failPipeline false: let other branches finish, then fail the execution. */
  completeOtherBranchesThenFail?: boolean;
  stageTimeoutMs?: number;
  [field: string]: unknown;
}

export interface ParameterOption {
  value: string;
}

export interface ParameterConfig {
  name: string;
  label?: string;
  description?: string;
  default?: string;
  required?: boolean;
  hasOptions?: boolean;
  options?: ParameterOption[];
  pinned?: boolean;
  [field: string]: unknown;
}

export interface TriggerConfig {
  type: string;
  enabled?: boolean;
  [field: string]: unknown;
}

/** A pipeline config exactly as Spinnaker exports it (unknown fields kept). */
export interface PipelineConfig {
  id: string;
  application: string;
  name: string;
  stages: StageConfig[];
  triggers?: TriggerConfig[];
  parameterConfig?: ParameterConfig[];
  limitConcurrent?: boolean;
  keepWaitingPipelines?: boolean;
  disabled?: boolean;
  notifications?: unknown[];
  [field: string]: unknown;
}
