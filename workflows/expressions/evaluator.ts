import type { Expr } from './ast';
import type { ExpressionBudget } from './budget';
import type { ExpressionContext } from './context';
import { abbreviate, ExpressionFailure, limitFailure } from './errors';
import { callHelperFunction } from './functions';
import { MAX_BUILT_STRING_CHARS, MAX_EVALUATION_STEPS } from './limits';
import { callMethod } from './methods';
import { applyBinary, applyNegation } from './operators';
import { buildRoots } from './roots';
import { describeValue, FORBIDDEN_NAMES, hasOwn, isPlainObject, toCondition, typeNameWithArticle } from './values';

interface Scope {
  /** Inside a selection or projection, `#this` and bare names refer to the current element. */
  element?: { value: unknown };
  /** On the left of `?:`, a missing property reads as null, so `parameters.x ?: 'default'` works as in Orca. */
  missingIsNull?: boolean;
}

/**
 * Evaluates a parsed expression, charging every step and every value it creates to `budget`;
 * throws {@link ExpressionFailure} with the failing node's position.
 */
export function evaluateTree(tree: Expr, source: string, ctx: ExpressionContext, budget: ExpressionBudget): unknown {
  return new Evaluator(source, ctx, budget).evaluate(tree, {});
}

/** Node kinds whose string results are new strings rather than values read from the context. */
const BUILDS_STRINGS: ReadonlySet<Expr['kind']> = new Set(['binary', 'method', 'function']);

class Evaluator {
  private steps = 0;
  private builtStringChars = 0;
  private readonly roots: Map<string, unknown>;
  private readonly rootObject: Record<string, unknown>;

  constructor(
    private readonly source: string,
    private readonly ctx: ExpressionContext,
    private readonly budget: ExpressionBudget,
  ) {
    this.roots = buildRoots(ctx.execution);
    budget.charge('scan', this.roots.size);
    budget.chargeElements(this.roots.size);
    this.rootObject = Object.fromEntries(this.roots);
  }

  evaluate(node: Expr, scope: Scope): unknown {
    this.budget.charge('steps', 1);
    this.steps += 1;
    if (this.steps > MAX_EVALUATION_STEPS) {
      throw new ExpressionFailure(`expression takes more than ${MAX_EVALUATION_STEPS} evaluation steps`, node.start);
    }
    try {
      const value = this.evaluateNode(node, scope) ?? null;
      if (typeof value === 'string' && BUILDS_STRINGS.has(node.kind)) this.countBuiltString(value, node);
      return value;
    } catch (error) {
      if (error instanceof ExpressionFailure && error.position === undefined) error.position = node.start;
      throw error;
    }
  }

  private evaluateNode(node: Expr, scope: Scope): unknown {
    switch (node.kind) {
      case 'literal':
        return node.value;
      case 'list':
        this.budget.chargeElements(1 + node.items.length);
        return node.items.map((item) => this.evaluate(item, scope));
      case 'map':
        this.budget.chargeElements(1 + node.entries.length);
        this.budget.charge('size', node.entries.reduce((sum, entry) => sum + entry.key.length, 0));
        return Object.fromEntries(node.entries.map((entry) => [entry.key, this.evaluate(entry.value, scope)]));
      case 'name':
        return this.resolveName(node.name, scope);
      case 'variable':
        return this.resolveVariable(node.name, scope);
      case 'function':
        return callHelperFunction(node.name, node.args.map((arg) => this.evaluate(arg, scope)), this.ctx, this.budget);
      case 'property':
        return this.readProperty(node.target, node.name, node.safe, scope);
      case 'index':
        return this.readIndex(node.target, node.index, scope);
      case 'method': {
        const target = this.evaluate(node.target, scope);
        if (target === null) {
          if (node.safe) return null;
          throw new ExpressionFailure(`cannot call ${node.name}() because ${this.text(node.target)} is null`);
        }
        return callMethod(target, node.name, node.args.map((arg) => this.evaluate(arg, scope)), this.budget);
      }
      case 'selection':
        return this.select(node.target, node.mode, node.predicate, scope);
      case 'projection': {
        const list = this.list(node.target, 'projection (.![...])', scope);
        this.budget.chargeElements(1 + list.length);
        return list.map((element) => this.evaluate(node.body, { ...scope, element: { value: element } }));
      }
      case 'unary': {
        const operand = this.evaluate(node.operand, scope);
        if (node.operator === '!') return !toCondition(operand, `the operand of '!'`);
        return applyNegation(node.operator, operand);
      }
      case 'logical': {
        const left = toCondition(this.evaluate(node.left, scope), `the left side of '${node.operator}'`);
        if (node.operator === 'and' ? !left : left) return left;
        return toCondition(this.evaluate(node.right, scope), `the right side of '${node.operator}'`);
      }
      case 'binary':
        return applyBinary(node.operator, this.evaluate(node.left, scope), this.evaluate(node.right, scope), this.budget);
      case 'ternary': {
        const test = toCondition(this.evaluate(node.test, scope), 'the condition of ?:');
        return this.evaluate(test ? node.consequent : node.alternate, scope);
      }
      case 'elvis': {
        // Since Spring 5, Elvis also replaces an empty string.
        const value = this.evaluate(node.value, { ...scope, missingIsNull: true });
        return value === null || value === '' ? this.evaluate(node.fallback, scope) : value;
      }
    }
  }

  /** A budget on new strings, so that a projection cannot build gigabytes one string at a time. */
  private countBuiltString(value: string, node: Expr): void {
    this.builtStringChars += value.length;
    if (this.builtStringChars > MAX_BUILT_STRING_CHARS) {
      throw limitFailure(`expression builds more than ${MAX_BUILT_STRING_CHARS} characters of text`, node.start);
    }
  }

  private resolveName(name: string, scope: Scope): unknown {
    const element = scope.element?.value;
    if (isPlainObject(element) && hasOwn(element, name)) return element[name];
    if (this.roots.has(name)) return this.roots.get(name);
    const known = [...this.roots.keys()].join(', ');
    throw new ExpressionFailure(`'${name}' is not defined; available names: ${known}`);
  }

  private resolveVariable(name: string, scope: Scope): unknown {
    if (name === 'root') return this.rootObject;
    if (name === 'this') return scope.element ? scope.element.value : this.rootObject;
    throw new ExpressionFailure(`unknown variable '#${name}' (only #root and #this; functions need parentheses)`);
  }

  /** `a.b` fails when `b` is missing; `a?.b` gives null when `a` is null or has no `b`. */
  private readProperty(targetNode: Expr, name: string, safe: boolean, scope: Scope): unknown {
    const target = this.evaluate(targetNode, scope);
    if (target === null) {
      if (safe) return null;
      throw new ExpressionFailure(`cannot read '${name}' because ${this.text(targetNode)} is null`);
    }
    if (!isPlainObject(target)) {
      const hint = Array.isArray(target) ? ' (use [index] or size())' : typeof target === 'string' ? ' (use a method such as length())' : '';
      throw new ExpressionFailure(`cannot read '${name}' of ${typeNameWithArticle(target)}${hint}`);
    }
    if (hasOwn(target, name)) return target[name];
    if (safe || scope.missingIsNull) return null;
    throw new ExpressionFailure(`'${name}' is not defined on ${this.text(targetNode)}`);
  }

  /** `list[i]` and `string[i]` need an index in range; `object['key']` gives null for a missing key, as in SpEL. */
  private readIndex(targetNode: Expr, indexNode: Expr, scope: Scope): unknown {
    const target = this.evaluate(targetNode, scope);
    const index = this.evaluate(indexNode, scope);
    if (target === null) throw new ExpressionFailure(`cannot index into ${this.text(targetNode)} because it is null`);
    if (Array.isArray(target) || typeof target === 'string') {
      if (typeof index !== 'number' || !Number.isInteger(index)) {
        throw new ExpressionFailure(`${typeNameWithArticle(target)} index must be an integer but is ${describeValue(index)}`);
      }
      if (index < 0 || index >= target.length) {
        throw new ExpressionFailure(`index ${index} is out of bounds for ${this.text(targetNode)} (size ${target.length})`);
      }
      return target[index];
    }
    if (!isPlainObject(target)) throw new ExpressionFailure(`cannot index into ${typeNameWithArticle(target)}`);
    if (typeof index !== 'string' && typeof index !== 'number') {
      throw new ExpressionFailure(`an object key must be a string but is ${describeValue(index)}`);
    }
    const key = String(index);
    if (FORBIDDEN_NAMES.has(key)) throw new ExpressionFailure(`access to '${key}' is not allowed`, indexNode.start);
    return hasOwn(target, key) ? target[key] : null;
  }

  private select(targetNode: Expr, mode: 'all' | 'first' | 'last', predicate: Expr, scope: Scope): unknown {
    const list = this.list(targetNode, 'selection (.?[...])', scope);
    const matching = (element: unknown): boolean =>
      toCondition(this.evaluate(predicate, { ...scope, element: { value: element } }), 'a selection condition');
    if (mode === 'all') {
      const selected = list.filter(matching);
      this.budget.chargeElements(1 + selected.length);
      return selected;
    }
    if (mode === 'first') return list.find(matching) ?? null;
    for (let i = list.length - 1; i >= 0; i -= 1) if (matching(list[i])) return list[i];
    return null;
  }

  private list(targetNode: Expr, what: string, scope: Scope): unknown[] {
    const target = this.evaluate(targetNode, scope);
    if (!Array.isArray(target)) throw new ExpressionFailure(`${what} needs a list but ${this.text(targetNode)} is ${describeValue(target)}`);
    return target;
  }

  /** The source text of a node, for messages. */
  private text(node: Expr): string {
    return abbreviate(this.source.slice(node.start, node.end).trim());
  }
}
