import type { StageExecution } from '../model/execution';
import { base64Decode, base64Encode, utf8Decode, utf8Encode } from './base64';
import type { ExpressionBudget } from './budget';
import type { ExpressionContext } from './context';
import { ExpressionFailure } from './errors';
import { describeValue, FORBIDDEN_NAMES, isPlainObject, toJson } from './values';

/** A `#name(...)` helper: a fixed number of arguments, already evaluated. */
interface HelperFunction {
  arity: number;
  /** Charges its work to the budget before (or while) doing it. */
  call(args: unknown[], ctx: ExpressionContext, budget: ExpressionBudget): unknown;
}

const helper = (arity: number, call: HelperFunction['call']): HelperFunction => ({ arity, call });

const judgment = helper(1, ([name], ctx, budget) => {
  const stageName = stringArgument(name, 'judgment');
  const stage = stages(ctx, budget).find(
    (s) => s.name === stageName && s.type === 'manualJudgment' && isPlainObject(s.context) && s.context.judgmentInput != null,
  );
  if (stage === undefined) {
    throw new ExpressionFailure(`manual judgment stage '${stageName}' not found, or it has no judgment input yet`);
  }
  return stage.context.judgmentInput;
});

const HELPERS: ReadonlyMap<string, HelperFunction> = new Map([
  ['stage', helper(1, ([name], ctx, budget) => stageView(findStage(ctx, 'name', stringArgument(name, 'stage'), budget), budget))],
  ['stageByRefId', helper(1, ([refId], ctx, budget) => stageView(findStage(ctx, 'refId', stringArgument(refId, 'stageByRefId'), budget), budget))],
  ['stageExists', helper(1, ([name], ctx, budget) => {
    const wanted = stringArgument(name, 'stageExists');
    return stages(ctx, budget).some((s) => s.name === wanted || s.id === wanted);
  })],
  ['currentStage', helper(0, (_args, ctx, budget) => {
    if (ctx.currentStageRefId === undefined) throw new ExpressionFailure('#currentStage() is only available while a stage runs');
    return stageView(findStage(ctx, 'refId', ctx.currentStageRefId, budget), budget);
  })],
  ['judgment', judgment],
  ['judgement', judgment],
  ['toInt', helper(1, ([value], _ctx, budget) => toInt(scanned(value, budget)))],
  ['toFloat', helper(1, ([value], _ctx, budget) => toFloat(scanned(value, budget)))],
  ['toBoolean', helper(1, ([value]) => (typeof value === 'boolean' ? value : typeof value === 'string' && value.length === 4 && value.toLowerCase() === 'true'))],
  ['toJson', helper(1, ([value], _ctx, budget) => {
    budget.chargeSerialization(value);
    return toJson(value);
  })],
  ['readJson', helper(1, ([text], _ctx, budget) => {
    const json = stringArgument(text, 'readJson');
    // Parsing reads every character and builds at most one element per two characters (`1,`).
    budget.charge('scan', json.length);
    budget.chargeElements(Math.ceil(json.length / 2));
    return readJson(json);
  })],
  ['alphanumerical', helper(1, ([text], _ctx, budget) => {
    const value = stringArgument(text, 'alphanumerical');
    budget.charge('scan', value.length);
    budget.charge('size', value.length);
    return value.replace(/[^A-Za-z0-9]/g, '');
  })],
  ['toBase64', helper(1, ([text], _ctx, budget) => {
    const value = stringArgument(text, 'toBase64');
    budget.charge('scan', value.length);
    const bytes = utf8Encode(value);
    const length = Math.ceil(bytes.length / 3) * 4;
    budget.charge('scan', length);
    budget.charge('size', length);
    return base64Encode(bytes);
  })],
  ['fromBase64', helper(1, ([text], _ctx, budget) => {
    const value = stringArgument(text, 'fromBase64');
    budget.charge('scan', value.length * 2);
    budget.charge('size', value.length);
    const bytes = base64Decode(value);
    if (bytes === undefined) throw new ExpressionFailure('#fromBase64() argument is not valid Base64');
    return utf8Decode(bytes);
  })],
]);

/** The helper names, for messages and documentation. */
export const HELPER_FUNCTION_NAMES: readonly string[] = [...HELPERS.keys()].sort();

/** Calls the helper `#name(...)` with evaluated arguments; throws {@link ExpressionFailure} when unknown or failing. */
export function callHelperFunction(name: string, args: unknown[], ctx: ExpressionContext, budget: ExpressionBudget): unknown {
  const fn = HELPERS.get(name);
  if (fn === undefined) {
    throw new ExpressionFailure(`unknown function '#${name}'; available: ${HELPER_FUNCTION_NAMES.map((n) => `#${n}`).join(', ')}`);
  }
  if (args.length !== fn.arity) {
    throw new ExpressionFailure(`#${name}() takes ${fn.arity} argument(s) but got ${args.length}`);
  }
  return fn.call(args, ctx, budget);
}

/** The execution's stages; looking through them is charged one unit per stage. */
function stages(ctx: ExpressionContext, budget: ExpressionBudget): StageExecution[] {
  const all = Array.isArray(ctx.execution.stages) ? ctx.execution.stages : [];
  budget.charge('scan', all.length);
  return all;
}

function findStage(ctx: ExpressionContext, by: 'name' | 'refId', value: string, budget: ExpressionBudget): StageExecution {
  const stage = stages(ctx, budget).find((s) => s[by] === value);
  if (stage === undefined) throw new ExpressionFailure(by === 'name' ? `stage '${value}' not found` : `stage with refId '${value}' not found`);
  return stage;
}

/** What `#stage(...)` returns: a fresh object, so expressions never see the live stage record. */
function stageView(stage: StageExecution, budget: ExpressionBudget): Record<string, unknown> {
  budget.chargeElements(10);
  return {
    id: stage.id,
    refId: stage.refId,
    name: stage.name,
    type: stage.type,
    status: stage.status,
    context: stage.context ?? {},
    outputs: stage.outputs ?? {},
    startTime: stage.startTime ?? null,
    endTime: stage.endTime ?? null,
  };
}

/** A conversion reads its whole string argument. */
function scanned(value: unknown, budget: ExpressionBudget): unknown {
  if (typeof value === 'string') budget.charge('scan', value.length);
  return value;
}

function stringArgument(value: unknown, fn: string): string {
  if (typeof value !== 'string') throw new ExpressionFailure(`#${fn}() needs a string argument but got ${describeValue(value)}`);
  return value;
}

/** Like Java's `Integer.valueOf(String)`: an optional sign and digits, nothing else. */
function toInt(value: unknown): number {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^[+-]?\d+$/.test(value)) {
    const parsed = Number(value);
    if (Number.isSafeInteger(parsed)) return parsed;
  }
  throw new ExpressionFailure(`#toInt() cannot convert ${describeValue(value)} to an integer`);
}

/** Like Java's `Float.valueOf(String)`: surrounding spaces and an `f`/`d` suffix are allowed. */
function toFloat(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const text = value.trim();
    if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[fFdD]?$/.test(text)) {
      const parsed = Number(text.replace(/[fFdD]$/, ''));
      if (Number.isFinite(parsed)) return parsed;
    }
  }
  throw new ExpressionFailure(`#toFloat() cannot convert ${describeValue(value)} to a number`);
}

/** Parses JSON, dropping keys that could alter prototypes when the result is later copied. */
function readJson(text: string): unknown {
  try {
    return JSON.parse(text, (key, value: unknown) => (FORBIDDEN_NAMES.has(key) ? undefined : value)) as unknown;
  } catch (error) {
    throw new ExpressionFailure(`#readJson() argument is not valid JSON: ${(error as Error).message}`);
  }
}
