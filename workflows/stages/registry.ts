import { checkPreconditionsStage } from './check-preconditions';
import { deleteManifestStage } from './delete-manifest';
import { deployManifestStage } from './deploy-manifest';
import { evaluateVariablesStage } from './evaluate-variables';
import { kayentaCanaryStage } from './kayenta-canary';
import { manualJudgmentStage } from './manual-judgment';
import { noopStage } from './noop';
import { patchManifestStage } from './patch-manifest';
import { pipelineStage } from './pipeline';
import { runJobManifestStage } from './run-job-manifest';
import { scaleManifestStage } from './scale-manifest';
import { disableManifestStage, enableManifestStage } from './traffic-manifest';
import type { StageDefinition } from './types';
import { undoRolloutManifestStage } from './undo-rollout-manifest';
import { waitStage } from './wait';
import { webhookStage } from './webhook';

/**
 * Every stage type Gennaker runs. Adding a type = one file exporting a StageDefinition, plus its
 * line here. The API validates configs with the same definitions the workflow runs.
 */
const definitions: StageDefinition[] = [
  waitStage,
  manualJudgmentStage,
  checkPreconditionsStage,
  evaluateVariablesStage,
  webhookStage,
  pipelineStage,
  noopStage,
  kayentaCanaryStage,
  deployManifestStage,
  scaleManifestStage,
  deleteManifestStage,
  undoRolloutManifestStage,
  enableManifestStage,
  disableManifestStage,
  patchManifestStage,
  runJobManifestStage,
];

const registry = new Map<string, StageDefinition>();
for (const definition of definitions) {
  if (registry.has(definition.type)) throw new Error(`stage type '${definition.type}' registered twice`);
  registry.set(definition.type, definition);
}

/** The definition of a stage type, or undefined when Gennaker does not know it. */
export function getStageDefinition(type: string): StageDefinition | undefined {
  return registry.get(type);
}

/** Every registered stage type name. */
export function listStageTypes(): string[] {
  return [...registry.keys()];
}
