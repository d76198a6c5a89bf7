import { ExpressionFailure } from './errors';
import { ELEMENT_UNITS, EVALUATION_STEP_BUDGET, NODE_SCAN_UNITS, REGEX_WORK_BUDGET, SCAN_BUDGET, SIZE_BUDGET, WORKFLOW_TASK_BUDGET_MULTIPLE } from './limits';
import { isPlainObject } from './values';

/** What an expression is charged for; each kind has its own limit. */
export type BudgetKind = 'steps' | 'scan' | 'size' | 'regex';

export type BudgetLimits = Readonly<Record<BudgetKind, number>>;

/** The budgets of one expression (see `limits.ts`). */
export const EXPRESSION_BUDGET: BudgetLimits = {
  steps: EVALUATION_STEP_BUDGET,
  scan: SCAN_BUDGET,
  size: SIZE_BUDGET,
  regex: REGEX_WORK_BUDGET,
};

/** The budgets shared by every expression evaluated in one workflow task. */
export const WORKFLOW_TASK_BUDGET: BudgetLimits = {
  steps: EVALUATION_STEP_BUDGET * WORKFLOW_TASK_BUDGET_MULTIPLE,
  scan: SCAN_BUDGET * WORKFLOW_TASK_BUDGET_MULTIPLE,
  size: SIZE_BUDGET * WORKFLOW_TASK_BUDGET_MULTIPLE,
  regex: REGEX_WORK_BUDGET * WORKFLOW_TASK_BUDGET_MULTIPLE,
};

const UNLIMITED: BudgetLimits = { steps: Infinity, scan: Infinity, size: Infinity, regex: Infinity };

const WHAT: Record<BudgetKind, (limit: number) => string> = {
  steps: (n) => `work budget (${n} evaluation steps)`,
  scan: (n) => `scan budget (${n} characters and elements read or compared)`,
  size: (n) => `size budget (${n} units of values created, copied or serialized: ${ELEMENT_UNITS} per element, 1 per character)`,
  regex: (n) => `regular-expression budget (${n} instruction × character steps)`,
};

/** The message of a budget failure, e.g. "expression exceeded its work budget (100000 evaluation steps)". */
export function budgetMessage(kind: BudgetKind, limit: number, scope: 'expression' | 'workflow task'): string {
  return scope === 'expression'
    ? `expression exceeded its ${WHAT[kind](limit)}`
    : `expressions evaluated in this workflow task exceeded their shared ${WHAT[kind](limit)}`;
}

/**
 * Meters one expression's cost against fixed limits, and against a shared parent budget (the
 * workflow task's) when there is one. Charging throws an {@link ExpressionFailure} marked `budget`
 * as soon as a limit is passed, before the charged work is done whenever the cost is known ahead.
 */
export class ExpressionBudget {
  private readonly used: Record<BudgetKind, number> = { steps: 0, scan: 0, size: 0, regex: 0 };
  /** Expanded sizes of structures already measured; valid while one expression runs (the document does not change meanwhile). */
  private readonly sizes = new Map<object, number>();
  /** Compiled regular expressions, shared with the parent so that a workflow task compiles each pattern once. */
  readonly compiled: Map<string, unknown>;

  constructor(
    readonly limits: BudgetLimits = EXPRESSION_BUDGET,
    private readonly parent?: ExpressionBudget,
    private readonly scope: 'expression' | 'workflow task' = 'expression',
    /** Pre-budget semantics (the old regular-expression engine, no limits) for histories recorded before the budgets. */
    readonly legacy = false,
  ) {
    this.compiled = parent?.compiled ?? new Map();
  }

  /** Unlimited, with the old regular-expression engine: replays histories recorded before `gennaker-expr-budget-v1` as they ran. */
  static legacy(): ExpressionBudget {
    return new ExpressionBudget(UNLIMITED, undefined, 'expression', true);
  }

  /** A budget for one workflow task, to pass as the parent of each expression's budget. */
  static forWorkflowTask(): ExpressionBudget {
    return new ExpressionBudget(WORKFLOW_TASK_BUDGET, undefined, 'workflow task');
  }

  /** A budget for one expression, charged to this one too. */
  child(): ExpressionBudget {
    return new ExpressionBudget(this.legacy ? UNLIMITED : EXPRESSION_BUDGET, this, 'expression', this.legacy);
  }

  charge(kind: BudgetKind, units: number): void {
    this.used[kind] += units;
    if (this.used[kind] > this.limits[kind]) {
      throw new ExpressionFailure(budgetMessage(kind, this.limits[kind], this.scope), undefined, true);
    }
    this.parent?.charge(kind, units);
  }

  /** Whether `units` more of `kind` would still fit (for refusing work whose cost is known before it starts). */
  fits(kind: BudgetKind, units: number): boolean {
    return this.used[kind] + units <= this.limits[kind] && (this.parent?.fits(kind, units) ?? true);
  }

  /** Creating `count` list elements, map entries or scalars. */
  chargeElements(count: number): void {
    this.charge('size', count * ELEMENT_UNITS);
  }

  /** Comparing two values reads at most the smaller of them (a value is equal to itself at once). */
  chargeComparison(a: unknown, b: unknown): void {
    if (a === b || a === null || b === null || typeof a !== typeof b) return;
    if (typeof a === 'string' && typeof b === 'string') this.charge('scan', Math.min(a.length, b.length));
    else if (typeof a === 'object') this.charge('scan', Math.min(this.sizeOf(a), this.sizeOf(b)));
  }

  /** Copying or serializing a value (the result, JSON, `+`, templates) writes its whole expanded size. */
  chargeSerialization(value: unknown): void {
    const size = this.sizeOf(value);
    this.charge('scan', size);
    this.charge('size', size);
  }

  /**
   * The size a value would have once copied or serialized: {@link ELEMENT_UNITS} per scalar, list
   * element and map entry, plus the length of every string and key. A structure referenced twice counts twice, so a value
   * built by repeatedly pairing a reference with itself has its true, exponential size. Measuring
   * visits each distinct structure once (charged as scan work).
   */
  sizeOf(value: unknown): number {
    if (typeof value === 'string') return ELEMENT_UNITS + value.length;
    if (value === null || typeof value !== 'object') return ELEMENT_UNITS;
    const known = this.sizes.get(value);
    if (known !== undefined) return known;
    // Post-order walk without recursion: deeply nested JSON must not overflow the stack.
    const stack: { node: object; expanded: boolean }[] = [{ node: value, expanded: false }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (this.sizes.has(top.node)) {
        stack.pop();
        continue;
      }
      const children = childValues(top.node);
      if (!top.expanded) {
        top.expanded = true;
        this.charge('scan', (children.length + 1) * NODE_SCAN_UNITS);
        for (const child of children) {
          if (child !== null && typeof child === 'object' && !this.sizes.has(child)) stack.push({ node: child, expanded: false });
        }
        continue;
      }
      let total = ELEMENT_UNITS;
      for (const child of children) total += this.sizeOf(child);
      if (!Array.isArray(top.node)) for (const key of Object.keys(top.node)) total += key.length;
      this.sizes.set(top.node, total);
      stack.pop();
    }
    return this.sizes.get(value) as number;
  }
}

function childValues(node: object): unknown[] {
  if (Array.isArray(node)) return node;
  return isPlainObject(node) ? Object.values(node) : [];
}
