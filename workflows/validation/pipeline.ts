import type { ZodErrorMap, ZodIssue } from 'zod';
import { findExpressionSyntaxErrors } from '../expressions';
import { getStageDefinition, listStageTypes } from '../stages/registry';
import { validateTriggers } from '../triggers/validate';
import { findCycles } from './dag-cycles';
import { validatePipelineNotifications, validateStageNotifications } from './notifications';
import type { ValidationProblem } from './problem';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNonEmptyString = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;

/** Joins a base path and zod issue path into `stages[0].preconditions[1].type`. */
function joinPath(base: string, path: (string | number)[]): string {
  return path.reduce<string>((acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), base);
}

function zodProblems(base: string, issues: ZodIssue[]): ValidationProblem[] {
  return issues.map((issue) => ({ path: joinPath(base, issue.path), message: issue.message }));
}

/** Messages that name the field, e.g. "url is required", "waitTime must be a number". */
const fieldErrorMap: ZodErrorMap = (issue, ctx) => {
  const field = String(issue.path[issue.path.length - 1] ?? 'value');
  if (issue.code === 'invalid_type') {
    return { message: issue.received === 'undefined' ? `${field} is required` : `${field} must be a ${issue.expected}, not ${issue.received}` };
  }
  return { message: ctx.defaultError };
};

function checkOptionalBoolean(config: Json, field: string, base: string, problems: ValidationProblem[]): void {
  if (config[field] !== undefined && typeof config[field] !== 'boolean') {
    problems.push({ path: joinPath(base, [field]), message: `${field} must be true or false` });
  }
}

function validateTopLevel(config: Json, problems: ValidationProblem[]): void {
  if (!isNonEmptyString(config.application)) problems.push({ path: 'application', message: 'application is required (a non-empty string)' });
  if (!isNonEmptyString(config.name)) problems.push({ path: 'name', message: 'name is required (a non-empty string)' });
  if (config.id !== undefined && !isNonEmptyString(config.id)) problems.push({ path: 'id', message: 'id must be a non-empty string' });
  for (const field of ['limitConcurrent', 'keepWaitingPipelines', 'disabled']) checkOptionalBoolean(config, field, '', problems);
  problems.push(...validateTriggers(config));
  if (config.parameterConfig !== undefined) {
    if (!Array.isArray(config.parameterConfig)) {
      problems.push({ path: 'parameterConfig', message: 'parameterConfig must be an array' });
    } else {
      const names = new Set<string>();
      config.parameterConfig.forEach((p, i) => {
        const base = `parameterConfig[${i}]`;
        if (!isObject(p) || !isNonEmptyString(p.name)) {
          problems.push({ path: `${base}.name`, message: 'each parameter needs a name' });
          return;
        }
        if (names.has(p.name)) problems.push({ path: `${base}.name`, message: `duplicate parameter '${p.name}'` });
        names.add(p.name);
        checkOptionalBoolean(p, 'required', base, problems);
        checkOptionalBoolean(p, 'hasOptions', base, problems);
        if (p.options !== undefined && (!Array.isArray(p.options) || p.options.some((o) => !isObject(o) || o.value === undefined))) {
          problems.push({ path: `${base}.options`, message: 'options must be an array of {value}' });
        }
      });
    }
  }
}

function validateStage(stage: Json, base: string, refIds: Set<string>, problems: ValidationProblem[]): void {
  if (!isNonEmptyString(stage.name)) problems.push({ path: `${base}.name`, message: 'name is required' });
  if (!isNonEmptyString(stage.type)) {
    problems.push({ path: `${base}.type`, message: 'type is required' });
  } else {
    const definition = getStageDefinition(stage.type);
    if (!definition) {
      problems.push({ path: `${base}.type`, message: `unknown stage type '${stage.type}' (known: ${listStageTypes().join(', ')})` });
    } else {
      const parsed = definition.schema.safeParse(stage, { errorMap: fieldErrorMap });
      if (!parsed.success) problems.push(...zodProblems(base, parsed.error.issues));
    }
  }
  const requisites = stage.requisiteStageRefIds;
  if (requisites !== undefined) {
    if (!Array.isArray(requisites)) {
      problems.push({ path: `${base}.requisiteStageRefIds`, message: 'requisiteStageRefIds must be an array of refIds' });
    } else {
      requisites.forEach((ref, j) => {
        const path = `${base}.requisiteStageRefIds[${j}]`;
        if (!refIds.has(String(ref))) problems.push({ path, message: `requisite stage '${String(ref)}' does not exist` });
        else if (String(ref) === String(stage.refId)) problems.push({ path, message: 'a stage cannot require itself' });
      });
    }
  }
  if (stage.stageEnabled !== undefined) {
    const enabled = stage.stageEnabled;
    if (!isObject(enabled) || enabled.type !== 'expression' || !isNonEmptyString(enabled.expression)) {
      problems.push({ path: `${base}.stageEnabled`, message: "stageEnabled must be {type: 'expression', expression: '…'}" });
    } else if (!enabled.expression.includes('${')) {
      problems.push(...findExpressionSyntaxErrors(`\${${enabled.expression}}`, `${base}.stageEnabled.expression`));
    }
  }
  for (const field of ['failPipeline', 'continuePipeline', 'completeOtherBranchesThenFail', 'skipExpressionEvaluation', 'failOnFailedExpressions']) {
    checkOptionalBoolean(stage, field, base, problems);
  }
  const timeout = stage.stageTimeoutMs;
  if (timeout !== undefined && (typeof timeout !== 'number' || !Number.isInteger(timeout) || timeout <= 0)) {
    problems.push({ path: `${base}.stageTimeoutMs`, message: 'stageTimeoutMs must be a positive whole number of milliseconds' });
  }
  if (stage.skipExpressionEvaluation !== true) problems.push(...findExpressionSyntaxErrors(stage, base));
  problems.push(...validateStageNotifications(stage, base));
}

/**
 * Every problem in a pipeline config, each with its JSON path (e.g. `stages[1].requisiteStageRefIds[0]`):
 * top-level fields, unknown stage types, each type's own fields, duplicate or missing refIds,
 * requisites naming missing stages, dependency cycles, bad durations and malformed expressions.
 * An empty array means the config is valid. Never throws.
 */
export function validatePipelineConfig(config: unknown): ValidationProblem[] {
  if (!isObject(config)) return [{ path: '', message: 'a pipeline config must be a JSON object' }];
  const problems: ValidationProblem[] = [];
  validateTopLevel(config, problems);
  problems.push(...validatePipelineNotifications(config));
  if (!Array.isArray(config.stages)) {
    problems.push({ path: 'stages', message: 'stages must be an array' });
    return problems;
  }
  const stages = config.stages as unknown[];
  const refIds = new Set<string>();
  stages.forEach((stage, i) => {
    if (!isObject(stage)) return;
    const ref = stage.refId;
    if ((typeof ref !== 'string' && typeof ref !== 'number') || String(ref).trim() === '') {
      problems.push({ path: `stages[${i}].refId`, message: 'refId is required' });
    } else if (refIds.has(String(ref))) {
      problems.push({ path: `stages[${i}].refId`, message: `duplicate refId '${String(ref)}'` });
    } else {
      refIds.add(String(ref));
    }
  });
  const edges = new Map<string, string[]>();
  stages.forEach((stage, i) => {
    if (!isObject(stage)) {
      problems.push({ path: `stages[${i}]`, message: 'each stage must be a JSON object' });
      return;
    }
    validateStage(stage, `stages[${i}]`, refIds, problems);
    if (stage.refId !== undefined && Array.isArray(stage.requisiteStageRefIds)) edges.set(String(stage.refId), stage.requisiteStageRefIds.map(String));
    else if (stage.refId !== undefined) edges.set(String(stage.refId), []);
  });
  for (const cycle of findCycles(edges)) {
    const index = stages.findIndex((s) => isObject(s) && String(s.refId) === cycle[0]);
    problems.push({ path: `stages[${index}].requisiteStageRefIds`, message: `dependency cycle: ${cycle.join(' → ')}` });
  }
  return problems;
}
