const MAX_QUOTED_EXPRESSION_LENGTH = 200;

/**
 * Whether the expression could not be parsed, could not be evaluated, or was stopped because it
 * exceeded one of its budgets (see `limits.ts`).
 */
export type ExpressionErrorKind = 'syntax' | 'evaluation' | 'budget';

/**
 * A malformed expression or a failed evaluation. The message says in words what failed, e.g.
 * `Failed to evaluate expression 'parameters.foo.bar': 'foo' is not defined on parameters`.
 */
export class ExpressionError extends Error {
  /** The expression body (the text between `${` and `}`). */
  readonly expression: string;
  /** Offset in `expression` where the problem was found (0-based), when known. */
  readonly position?: number;
  /** The reason alone, without the "Failed to evaluate expression ..." prefix. */
  readonly reason: string;
  readonly kind: ExpressionErrorKind;

  constructor(kind: ExpressionErrorKind, expression: string, reason: string, position?: number) {
    super(formatMessage(kind, expression, reason, position));
    this.name = 'ExpressionError';
    this.kind = kind;
    this.expression = expression;
    this.reason = reason;
    this.position = position;
  }
}

/**
 * Thrown inside the lexer, parser and evaluator, which do not know the whole expression text;
 * the public entry points turn it into an {@link ExpressionError}.
 */
export class ExpressionFailure extends Error {
  constructor(
    readonly reason: string,
    public position?: number,
    /** Set when the expression was stopped by one of its budgets rather than by a mistake in it. */
    readonly budget = false,
  ) {
    super(reason);
    this.name = 'ExpressionFailure';
  }
}

/** A resource limit was reached (a budget, a length or size bound): the stage must fail rather than keep the raw text. */
export function limitFailure(reason: string, position?: number): ExpressionFailure {
  return new ExpressionFailure(reason, position, true);
}

/** Shortens long text for messages. */
export function abbreviate(text: string, maxLength = 60): string {
  return text.length <= maxLength ? text : `${text.slice(0, maxLength)}…`;
}

function formatMessage(kind: ExpressionErrorKind, expression: string, reason: string, position?: number): string {
  const quoted = abbreviate(expression.trim(), MAX_QUOTED_EXPRESSION_LENGTH);
  if (kind === 'syntax') {
    const where = position === undefined ? '' : ` at position ${position}`;
    return `Invalid expression '${quoted}': ${reason}${where}`;
  }
  return `Failed to evaluate expression '${quoted}': ${reason}`;
}
