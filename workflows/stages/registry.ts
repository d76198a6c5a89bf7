import { checkPreconditionsStage } from './check-preconditions';
import { evaluateVariablesStage } from './evaluate-variables';
import { kayentaCanaryStage } from './kayenta-canary';
import { manualJudgmentStage } from './manual-judgment';
import { noopStage } from './noop';
import { pipelineStage } from './pipeline';
import type { StageDefinition } from './types';
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
