/**
 * Spinnaker's `${...}` expressions (the subset of SpEL pipelines use): a parser, a safe evaluator
 * and template walking. Deterministic and free of Node built-ins, so it runs in workflow code.
 */
import type { Expr } from './ast';
import { ExpressionBudget } from './budget';
import type { ExpressionContext } from './context';
import { ExpressionError, ExpressionFailure, abbreviate } from './errors';
import { evaluateTree } from './evaluator';
import { MAX_TEMPLATE_DEPTH } from './limits';
import { parse } from './parser';
import { hasExpression, mapStrings, splitTemplate, type TemplatePart } from './template';
import { cloneData, toTemplateText } from './values';

export type { Expr } from './ast';
export type { ExpressionContext } from './context';
export { ExpressionBudget, EXPRESSION_BUDGET, WORKFLOW_TASK_BUDGET, type BudgetKind, type BudgetLimits } from './budget';
export { ExpressionError, type ExpressionErrorKind } from './errors';
export { HELPER_FUNCTION_NAMES } from './functions';

/** One expression that failed while evaluating templates. */
export interface TemplateError {
  /** JSON path of the string that holds the expression, e.g. `manifests[0].metadata.name`. */
  path: string;
  /** The failing expression as written, `${...}` included. */
  expression: string;
  message: string;
  /** Set when the expression exceeded one of its budgets or size limits: the stage must fail, not keep the raw text. */
  budgetExceeded?: boolean;
}

/** Parse one expression body (the text between `${` and `}`); throws {@link ExpressionError} with a position. */
export function parseExpression(source: string): Expr {
  try {
    return parse(source);
  } catch (error) {
    throw toExpressionError('syntax', source, error);
  }
}

/**
 * Evaluate one expression body against the context. Results are copies: changing them never
 * changes the execution document. Throws {@link ExpressionError}.
 */
export function evaluateExpression(source: string, ctx: ExpressionContext): unknown {
  return evaluateMetered(source, ctx).value;
}

/** Evaluates one expression under its own budget (below `ctx.budget`); the copied result is charged by its expanded size. */
function evaluateMetered(source: string, ctx: ExpressionContext): { value: unknown; budget: ExpressionBudget } {
  const tree = parseExpression(source);
  const budget = ctx.budget?.child() ?? new ExpressionBudget();
  try {
    const value = evaluateTree(tree, source, ctx, budget);
    budget.chargeSerialization(value);
    return { value: cloneData(value), budget };
  } catch (error) {
    throw toExpressionError('evaluation', source, error, budget.legacy);
  }
}

/**
 * Deep-walk a value (objects, arrays, strings) and evaluate every `${...}` in strings.
 * A string that is exactly one `${expr}` becomes the typed result (number, boolean, object...);
 * a string mixing text and expressions becomes a string (results stringified: null as "",
 * lists and objects as JSON). A failing expression leaves its raw `${...}` text in place and adds
 * an error `{ path, expression, message }`. The input is not modified. Never throws.
 *
 * @param basePath prefix for error paths, e.g. `stages[2].context`.
 */
export function evaluateTemplates<T>(value: T, ctx: ExpressionContext, basePath = ''): { value: T; errors: TemplateError[] } {
  const errors: TemplateError[] = [];
  const stopOnBudget = () => {
    if (errors.length > 0 && errors[errors.length - 1].budgetExceeded) throw new BudgetStop();
  };
  const evaluateString = (text: string, path: string): unknown => {
    if (!hasExpression(text)) return text;
    const split = splitTemplate(text);
    if (split.error !== undefined) {
      errors.push({ path, expression: abbreviate(text, 200), message: `Invalid expression: ${split.error}` });
      return text;
    }
    const [only] = split.parts;
    if (split.parts.length === 1 && only.kind === 'expression') {
      const result = evaluatePart(only, path, ctx, errors);
      stopOnBudget();
      return result === undefined ? only.raw : result.value;
    }
    const rendered: string[] = [];
    for (const part of split.parts) {
      rendered.push(part.kind === 'text' ? part.text : renderPart(part, path, ctx, errors));
      stopOnBudget();
    }
    return rendered.join('');
  };
  try {
    const walked = mapStrings(value, basePath, {
      string: evaluateString,
      tooDeep: (deep, path) => {
        errors.push({ path, expression: '', message: tooDeepMessage() });
        return deep;
      },
    });
    return { value: walked as T, errors };
  } catch (error) {
    // An expression over its budget fails the stage: the rest is not evaluated.
    if (error instanceof BudgetStop) return { value, errors };
    errors.push({ path: basePath, expression: '', message: `Failed to evaluate expressions: ${(error as Error).message}` });
    return { value, errors };
  }
}

/** For validation at save time: every malformed expression in a value, with its JSON path. */
export function findExpressionSyntaxErrors(value: unknown, basePath: string): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  mapStrings(value, basePath, {
    string: (text, path) => {
      if (!hasExpression(text)) return text;
      const split = splitTemplate(text);
      if (split.error !== undefined) {
        problems.push({ path, message: `Invalid expression: ${split.error}` });
        return text;
      }
      for (const part of split.parts) {
        if (part.kind !== 'expression') continue;
        try {
          parseExpression(part.body);
        } catch (error) {
          problems.push({ path, message: (error as Error).message });
        }
      }
      return text;
    },
    tooDeep: (deep, path) => {
      problems.push({ path, message: tooDeepMessage() });
      return deep;
    },
  });
  return problems;
}

/** Thrown inside the template walk to stop it after a budget failure. */
class BudgetStop extends Error {}

/** The part's result, or `undefined` (and an error recorded) when it fails. */
function evaluatePart(
  part: Extract<TemplatePart, { kind: 'expression' }>,
  path: string,
  ctx: ExpressionContext,
  errors: TemplateError[],
): { value: unknown; budget: ExpressionBudget } | undefined {
  try {
    return evaluateMetered(part.body, ctx);
  } catch (error) {
    const budgetExceeded = error instanceof ExpressionError && error.kind === 'budget';
    errors.push({ path, expression: part.raw, message: (error as Error).message, ...(budgetExceeded ? { budgetExceeded } : {}) });
    return undefined;
  }
}

function renderPart(
  part: Extract<TemplatePart, { kind: 'expression' }>,
  path: string,
  ctx: ExpressionContext,
  errors: TemplateError[],
): string {
  const result = evaluatePart(part, path, ctx, errors);
  if (result === undefined) return part.raw;
  try {
    result.budget.chargeSerialization(result.value);
    return toTemplateText(result.value);
  } catch (error) {
    const budgetExceeded = error instanceof ExpressionFailure && error.budget && !result.budget.legacy;
    const message = budgetExceeded ? toExpressionError('evaluation', part.body, error).message : `Failed to render expression result: ${(error as Error).message}`;
    errors.push({ path, expression: part.raw, message, ...(budgetExceeded ? { budgetExceeded } : {}) });
    return part.raw;
  }
}

function tooDeepMessage(): string {
  return `value is nested more than ${MAX_TEMPLATE_DEPTH} levels deep; expressions below were not evaluated`;
}

/** Wraps anything thrown (including a stack overflow) into an {@link ExpressionError}. */
function toExpressionError(kind: 'syntax' | 'evaluation', source: string, error: unknown, legacy = false): ExpressionError {
  if (error instanceof ExpressionError) return error;
  // Executions recorded before the budgets keep treating limits as ordinary failures.
  if (error instanceof ExpressionFailure) return new ExpressionError(error.budget && !legacy ? 'budget' : kind, source, error.reason, error.position);
  const reason = error instanceof Error ? error.message : String(error);
  return new ExpressionError(kind, source, `internal error: ${reason}`);
}
