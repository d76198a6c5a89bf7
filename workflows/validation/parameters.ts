import type { PipelineConfig } from '../model/pipeline';
import type { ValidationProblem } from './problem';

/**
 * Applies `parameterConfig` defaults to the given parameters and reports missing required ones
 * (path `parameters.<name>`) and values outside `options` when `hasOptions` is set.
 */
export function resolveParameters(
  config: Pick<PipelineConfig, 'parameterConfig'>,
  given: Record<string, unknown> | undefined,
): { parameters: Record<string, unknown>; problems: ValidationProblem[] } {
  const parameters: Record<string, unknown> = { ...(given ?? {}) };
  const problems: ValidationProblem[] = [];
  for (const param of config.parameterConfig ?? []) {
    const value = parameters[param.name];
    const missing = value === undefined || value === null || value === '';
    if (missing && param.default !== undefined && param.default !== null && param.default !== '') {
      parameters[param.name] = param.default;
    } else if (missing && param.required) {
      problems.push({ path: `parameters.${param.name}`, message: `required parameter '${param.name}' is missing` });
      continue;
    }
    const final = parameters[param.name];
    if (param.hasOptions && param.options?.length && final !== undefined && final !== '') {
      const allowed = param.options.map((o) => String(o.value));
      if (!allowed.includes(String(final))) {
        problems.push({
          path: `parameters.${param.name}`,
          message: `'${String(final)}' is not one of the options: ${allowed.join(', ')}`,
        });
      }
    }
  }
  return { parameters, problems };
}
