import type { ValidationProblem } from './problem';

/**
 * Every problem in a pipeline config, each with its JSON path (e.g. `stages[1].requisiteStageRefIds[0]`).
 * An empty array means the config is valid. Never throws.
 */
export function validatePipelineConfig(config: unknown): ValidationProblem[] {
  // Placeholder until the stage registry lands (lead is writing it).
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    return [{ path: '', message: 'must be a JSON object' }];
  }
  return [];
}
