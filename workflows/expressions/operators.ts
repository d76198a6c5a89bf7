import type { BinaryOperator } from './ast';
import type { ExpressionBudget } from './budget';
import { ExpressionFailure, limitFailure } from './errors';
import { MAX_STRING_LENGTH } from './limits';
import { matchesWholeInput } from './regex';
import { legacyMatchesWholeInput } from './regex-legacy';
import { deepEqual, describeValue, toConcatenationText, typeName } from './values';

/** Applies a non-short-circuit binary operator to two evaluated operands, charging its work to `budget`. */
export function applyBinary(operator: BinaryOperator, left: unknown, right: unknown, budget: ExpressionBudget): unknown {
  switch (operator) {
    case '==':
      budget.chargeComparison(left, right);
      return deepEqual(left, right);
    case '!=':
      budget.chargeComparison(left, right);
      return !deepEqual(left, right);
    case '<':
      return compare(operator, left, right, budget) < 0;
    case '<=':
      return compare(operator, left, right, budget) <= 0;
    case '>':
      return compare(operator, left, right, budget) > 0;
    case '>=':
      return compare(operator, left, right, budget) >= 0;
    case '+':
      return add(left, right, budget);
    case 'matches':
      return matches(left, right, budget);
    default:
      return arithmetic(operator, left, right);
  }
}

/** Unary minus and plus: numbers only. */
export function applyNegation(operator: '-' | '+', operand: unknown): number {
  if (typeof operand !== 'number') throw new ExpressionFailure(`unary '${operator}' needs a number but got ${describeValue(operand)}`);
  return operator === '-' ? -operand : operand;
}

/** Ordering as in SpEL: numbers, strings and booleans among their own kind; null is below everything else. */
function compare(operator: string, left: unknown, right: unknown, budget: ExpressionBudget): number {
  const l = left ?? null;
  const r = right ?? null;
  if (l === null || r === null) return l === r ? 0 : l === null ? -1 : 1;
  budget.chargeComparison(l, r);
  if (typeof l === typeof r && (typeof l === 'number' || typeof l === 'string' || typeof l === 'boolean')) {
    return l < (r as typeof l) ? -1 : l > (r as typeof l) ? 1 : 0;
  }
  throw new ExpressionFailure(`cannot compare ${describeValue(l)} with ${describeValue(r)} using '${operator}'`);
}

/** `+` concatenates when either side is a string, otherwise adds numbers. */
function add(left: unknown, right: unknown, budget: ExpressionBudget): unknown {
  if (typeof left === 'string' || typeof right === 'string') {
    for (const operand of [left, right]) if (operand !== null && typeof operand === 'object') budget.chargeSerialization(operand);
    const text = toConcatenationText(left) + toConcatenationText(right);
    if (text.length > MAX_STRING_LENGTH) throw limitFailure(`string is longer than ${MAX_STRING_LENGTH} characters`);
    // V8 joins strings lazily; flattening the result later reads every character once.
    budget.charge('scan', text.length);
    budget.charge('size', text.length);
    return text;
  }
  return arithmetic('+', left, right);
}

/** Integer operands divide as integers, as in Java (`7 / 2` is 3). */
function arithmetic(operator: BinaryOperator, left: unknown, right: unknown): number {
  if (typeof left !== 'number' || typeof right !== 'number') {
    throw new ExpressionFailure(`'${operator}' needs numbers but got ${typeName(left)} and ${typeName(right)}`);
  }
  let result: number;
  switch (operator) {
    case '+':
      result = left + right;
      break;
    case '-':
      result = left - right;
      break;
    case '*':
      result = left * right;
      break;
    case '/':
      if (right === 0) throw new ExpressionFailure('division by zero');
      result = Number.isInteger(left) && Number.isInteger(right) ? Math.trunc(left / right) : left / right;
      break;
    case '%':
      if (right === 0) throw new ExpressionFailure('division by zero');
      result = left % right;
      break;
    case '^':
      result = left ** right;
      break;
    default:
      throw new ExpressionFailure(`unknown operator '${operator}'`);
  }
  if (!Number.isFinite(result)) throw new ExpressionFailure(`'${operator}' gave a result that is not a finite number`);
  return result;
}

/** The `matches` operator: the whole string must match the regular expression. */
function matches(left: unknown, right: unknown, budget: ExpressionBudget): boolean {
  if (typeof left !== 'string' || typeof right !== 'string') {
    throw new ExpressionFailure(`'matches' needs a string and a regular expression but got ${typeName(left)} and ${typeName(right)}`);
  }
  return budget.legacy ? legacyMatchesWholeInput(left, right) : matchesWholeInput(left, right, budget);
}
