/** The syntax tree of one expression. Every node records where it sits in the source. */

interface Span {
  /** Offset of the node's first character in the expression body. */
  start: number;
  /** Offset just past the node's last character. */
  end: number;
}

export type LiteralValue = string | number | boolean | null;

export type BinaryOperator = '==' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%' | '^' | 'matches';

/** One node of an expression's syntax tree; `kind` tells which. */
export type Expr =
  | (Span & { kind: 'literal'; value: LiteralValue })
  /** Inline list `{1, 2, 3}`. */
  | (Span & { kind: 'list'; items: Expr[] })
  /** Inline map `{name: 'x', 'other key': 2}`; `{:}` is the empty map. */
  | (Span & { kind: 'map'; entries: { key: string; value: Expr }[] })
  /** A bare name: a root (`execution`, `trigger`, `parameters`, a variable) or, inside a selection, a property of the element. */
  | (Span & { kind: 'name'; name: string })
  /** `#root` or `#this`. */
  | (Span & { kind: 'variable'; name: string })
  /** A helper function call `#name(args)`. */
  | (Span & { kind: 'function'; name: string; args: Expr[] })
  /** `target.name`, or `target?.name` when `safe`. */
  | (Span & { kind: 'property'; target: Expr; name: string; safe: boolean })
  /** `target[index]`. */
  | (Span & { kind: 'index'; target: Expr; index: Expr })
  /** `target.name(args)`, or `target?.name(args)` when `safe`. */
  | (Span & { kind: 'method'; target: Expr; name: string; args: Expr[]; safe: boolean })
  /** `list.?[predicate]` (all), `list.^[predicate]` (first), `list.$[predicate]` (last). */
  | (Span & { kind: 'selection'; target: Expr; mode: 'all' | 'first' | 'last'; predicate: Expr })
  /** `list.![expression]`. */
  | (Span & { kind: 'projection'; target: Expr; body: Expr })
  | (Span & { kind: 'unary'; operator: '!' | '-' | '+'; operand: Expr })
  | (Span & { kind: 'binary'; operator: BinaryOperator; left: Expr; right: Expr })
  /** `&&`/`and`, `||`/`or`: kept apart from binary operators because they short-circuit. */
  | (Span & { kind: 'logical'; operator: 'and' | 'or'; left: Expr; right: Expr })
  | (Span & { kind: 'ternary'; test: Expr; consequent: Expr; alternate: Expr })
  /** `value ?: fallback`. */
  | (Span & { kind: 'elvis'; value: Expr; fallback: Expr });

/** The direct children of a node, in source order. */
export function childrenOf(node: Expr): Expr[] {
  switch (node.kind) {
    case 'literal':
    case 'name':
    case 'variable':
      return [];
    case 'list':
      return node.items;
    case 'map':
      return node.entries.map((entry) => entry.value);
    case 'function':
      return node.args;
    case 'property':
      return [node.target];
    case 'index':
      return [node.target, node.index];
    case 'method':
      return [node.target, ...node.args];
    case 'selection':
      return [node.target, node.predicate];
    case 'projection':
      return [node.target, node.body];
    case 'unary':
      return [node.operand];
    case 'binary':
    case 'logical':
      return [node.left, node.right];
    case 'ternary':
      return [node.test, node.consequent, node.alternate];
    case 'elvis':
      return [node.value, node.fallback];
  }
}
