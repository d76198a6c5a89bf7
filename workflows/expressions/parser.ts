import { childrenOf, type BinaryOperator, type Expr } from './ast';
import { ExpressionFailure } from './errors';
import { tokenize, type Token } from './lexer';
import { MAX_NESTING_DEPTH } from './limits';
import { FORBIDDEN_NAMES } from './values';

const RELATIONAL_OPERATORS: ReadonlyMap<string, BinaryOperator> = new Map<string, BinaryOperator>([
  ['==', '=='], ['!=', '!='], ['<', '<'], ['<=', '<='], ['>', '>'], ['>=', '>='],
  ['eq', '=='], ['ne', '!='], ['lt', '<'], ['le', '<='], ['gt', '>'], ['ge', '>='], ['matches', 'matches'],
]);
const UNSUPPORTED_WORD_OPERATORS = new Set(['instanceof', 'between']);

/** Parses one expression body into a syntax tree; throws {@link ExpressionFailure} with a position. */
export function parse(source: string): Expr {
  const parser = new Parser(tokenize(source));
  const expr = parser.parseWhole();
  assertShallowTree(expr);
  return expr;
}

class Parser {
  private index = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  parseWhole(): Expr {
    if (this.peek().kind === 'end') throw new ExpressionFailure('empty expression', 0);
    const expr = this.parseExpression();
    const next = this.peek();
    if (next.kind !== 'end') throw this.unexpected(next);
    return expr;
  }

  /** expression := or ( '?' expression ':' expression | '?:' expression )? */
  private parseExpression(): Expr {
    this.enter();
    const test = this.parseOr();
    let result = test;
    if (this.acceptOperator('?')) {
      const consequent = this.parseExpression();
      this.expectOperator(':');
      const alternate = this.parseExpression();
      result = { kind: 'ternary', test, consequent, alternate, start: test.start, end: alternate.end };
    } else if (this.acceptOperator('?:')) {
      const fallback = this.parseExpression();
      result = { kind: 'elvis', value: test, fallback, start: test.start, end: fallback.end };
    } else if (this.isOperator('=')) {
      throw new ExpressionFailure('assignment is not supported (use == to compare)', this.peek().start);
    }
    this.depth -= 1;
    return result;
  }

  private parseOr(): Expr {
    let left = this.parseAnd();
    while (this.acceptOperator('||') || this.acceptWord('or')) {
      const right = this.parseAnd();
      left = { kind: 'logical', operator: 'or', left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseRelational();
    while (this.acceptOperator('&&') || this.acceptWord('and')) {
      const right = this.parseRelational();
      left = { kind: 'logical', operator: 'and', left, right, start: left.start, end: right.end };
    }
    return left;
  }

  /** Relational operators do not chain, as in SpEL: `a == b == c` is a syntax error. */
  private parseRelational(): Expr {
    const left = this.parseSum();
    const token = this.peek();
    const key = token.kind === 'name' ? token.text.toLowerCase() : token.kind === 'operator' ? token.text : '';
    if (token.kind === 'name' && UNSUPPORTED_WORD_OPERATORS.has(key)) {
      throw new ExpressionFailure(`the '${key}' operator is not supported`, token.start);
    }
    const operator = RELATIONAL_OPERATORS.get(key);
    if (operator === undefined || (token.kind !== 'name' && token.kind !== 'operator')) return left;
    this.index += 1;
    const right = this.parseSum();
    return { kind: 'binary', operator, left, right, start: left.start, end: right.end };
  }

  private parseSum(): Expr {
    let left = this.parseProduct();
    for (;;) {
      const operator = this.acceptOperator('+') ? '+' : this.acceptOperator('-') ? '-' : undefined;
      if (operator === undefined) return left;
      const right = this.parseProduct();
      left = { kind: 'binary', operator, left, right, start: left.start, end: right.end };
    }
  }

  private parseProduct(): Expr {
    let left = this.parsePower();
    for (;;) {
      let operator: BinaryOperator | undefined;
      if (this.acceptOperator('*')) operator = '*';
      else if (this.acceptOperator('/') || this.acceptWord('div')) operator = '/';
      else if (this.acceptOperator('%') || this.acceptWord('mod')) operator = '%';
      if (operator === undefined) return left;
      const right = this.parsePower();
      left = { kind: 'binary', operator, left, right, start: left.start, end: right.end };
    }
  }

  private parsePower(): Expr {
    const base = this.parseUnary();
    if (!this.acceptOperator('^')) return base;
    const exponent = this.parseUnary();
    return { kind: 'binary', operator: '^', left: base, right: exponent, start: base.start, end: exponent.end };
  }

  private parseUnary(): Expr {
    const token = this.peek();
    let operator: '!' | '-' | '+' | undefined;
    if (this.acceptOperator('!') || this.acceptWord('not')) operator = '!';
    else if (this.acceptOperator('-')) operator = '-';
    else if (this.acceptOperator('+')) operator = '+';
    if (operator === undefined) return this.parsePostfix();
    this.enter();
    const operand = this.parseUnary();
    this.depth -= 1;
    return { kind: 'unary', operator, operand, start: token.start, end: operand.end };
  }

  private parsePostfix(): Expr {
    let expr = this.parsePrimary();
    for (;;) {
      if (this.acceptOperator('.')) expr = this.parseMember(expr, false);
      else if (this.acceptOperator('?.')) expr = this.parseMember(expr, true);
      else if (this.acceptOperator('[')) {
        const index = this.parseExpression();
        const close = this.expectOperator(']');
        if (index.kind === 'literal' && typeof index.value === 'string') assertAllowedName(index.value, index.start);
        expr = { kind: 'index', target: expr, index, start: expr.start, end: close.end };
      } else return expr;
    }
  }

  /** After `.` or `?.`: a property, a method call, or a selection/projection. */
  private parseMember(target: Expr, safe: boolean): Expr {
    const token = this.peek();
    const next = this.peek(1);
    const opensBracket = next.kind === 'operator' && next.text === '[' && next.start === token.end;
    const selector = token.kind === 'operator' || (token.kind === 'name' && token.text === '$') ? token.text : '';
    if (!safe && opensBracket && ['?', '!', '^', '$'].includes(selector)) {
      this.index += 2;
      const inner = this.parseExpression();
      const close = this.expectOperator(']');
      if (selector === '!') return { kind: 'projection', target, body: inner, start: target.start, end: close.end };
      const mode = selector === '?' ? 'all' : selector === '^' ? 'first' : 'last';
      return { kind: 'selection', target, mode, predicate: inner, start: target.start, end: close.end };
    }
    const name = this.expectName('a property or method name');
    assertAllowedName(name.text, name.start);
    if (!this.acceptOperator('(')) {
      return { kind: 'property', target, name: name.text, safe, start: target.start, end: name.end };
    }
    const { args, end } = this.parseArguments();
    return { kind: 'method', target, name: name.text, args, safe, start: target.start, end };
  }

  private parsePrimary(): Expr {
    const token = this.peek();
    const { start, end } = token;
    switch (token.kind) {
      case 'number':
        this.index += 1;
        return { kind: 'literal', value: token.number ?? 0, start, end };
      case 'string':
        this.index += 1;
        return { kind: 'literal', value: token.text, start, end };
      case 'name':
        return this.parseNamePrimary(token);
      case 'end':
        throw new ExpressionFailure('unexpected end of expression', start);
    }
    if (this.acceptOperator('(')) {
      const inner = this.parseExpression();
      const close = this.expectOperator(')');
      return { ...inner, start, end: close.end };
    }
    if (this.acceptOperator('{')) return this.parseInlineCollection(start);
    if (this.acceptOperator('#')) return this.parseHash(start);
    if (token.text === '@') throw new ExpressionFailure('bean references (@name) are not supported', start);
    throw this.unexpected(token);
  }

  private parseNamePrimary(token: Token): Expr {
    const { start, end } = token;
    const lower = token.text.toLowerCase();
    if (lower === 'true' || lower === 'false') {
      this.index += 1;
      return { kind: 'literal', value: lower === 'true', start, end };
    }
    if (lower === 'null') {
      this.index += 1;
      return { kind: 'literal', value: null, start, end };
    }
    if (lower === 'new') throw new ExpressionFailure("constructor calls ('new') are not supported", start);
    const next = this.peek(1);
    if (next.kind === 'operator' && next.text === '(') {
      if (token.text === 'T') throw new ExpressionFailure('type references T(...) are not supported', start);
      throw new ExpressionFailure(`unknown function '${token.text}' (helper functions start with #, e.g. #toInt(...))`, start);
    }
    assertAllowedName(token.text, start);
    this.index += 1;
    return { kind: 'name', name: token.text, start, end };
  }

  /** After `#`: `#root`, `#this` or a helper function call. */
  private parseHash(start: number): Expr {
    const name = this.expectName('a function or variable name after #');
    if (name.start !== start + 1) throw new ExpressionFailure("expected a name right after '#'", name.start);
    assertAllowedName(name.text, name.start);
    if (!this.acceptOperator('(')) return { kind: 'variable', name: name.text, start, end: name.end };
    const { args, end } = this.parseArguments();
    return { kind: 'function', name: name.text, args, start, end };
  }

  /** After `(`: comma-separated arguments up to `)`. */
  private parseArguments(): { args: Expr[]; end: number } {
    const args: Expr[] = [];
    if (!this.isOperator(')')) {
      do args.push(this.parseExpression());
      while (this.acceptOperator(','));
    }
    return { args, end: this.expectOperator(')').end };
  }

  /** After `{`: an inline list `{1, 2}` or map `{a: 1}`; `{}` is an empty list, `{:}` an empty map. */
  private parseInlineCollection(start: number): Expr {
    if (this.isOperator(':') && this.peek(1).text === '}') {
      this.index += 1;
      return { kind: 'map', entries: [], start, end: this.expectOperator('}').end };
    }
    const first = this.peek();
    const second = this.peek(1);
    const isMap =
      (first.kind === 'name' || first.kind === 'string' || first.kind === 'number') &&
      second.kind === 'operator' &&
      second.text === ':';
    if (isMap) {
      const entries: { key: string; value: Expr }[] = [];
      do {
        const key = this.peek();
        if (key.kind !== 'name' && key.kind !== 'string' && key.kind !== 'number') {
          throw new ExpressionFailure('expected a map key', key.start);
        }
        assertAllowedName(key.text, key.start);
        this.index += 1;
        this.expectOperator(':');
        entries.push({ key: key.text, value: this.parseExpression() });
      } while (this.acceptOperator(','));
      return { kind: 'map', entries, start, end: this.expectOperator('}').end };
    }
    const items: Expr[] = [];
    if (!this.isOperator('}')) {
      do items.push(this.parseExpression());
      while (this.acceptOperator(','));
    }
    return { kind: 'list', items, start, end: this.expectOperator('}').end };
  }

  private enter(): void {
    this.depth += 1;
    if (this.depth > MAX_NESTING_DEPTH) {
      throw new ExpressionFailure(`expression is nested more than ${MAX_NESTING_DEPTH} levels deep`, this.peek().start);
    }
  }

  /** The token `offset` places ahead; past the end, the `end` token. */
  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)];
  }

  private isOperator(text: string): boolean {
    const token = this.peek();
    return token.kind === 'operator' && token.text === text;
  }

  private acceptOperator(text: string): boolean {
    if (!this.isOperator(text)) return false;
    this.index += 1;
    return true;
  }

  /** Word operators (`and`, `not`, `div`...) are case-insensitive, as in SpEL. */
  private acceptWord(word: string): boolean {
    const token = this.peek();
    if (token.kind !== 'name' || token.text.toLowerCase() !== word) return false;
    this.index += 1;
    return true;
  }

  private expectOperator(text: string): Token {
    const token = this.peek();
    if (token.kind !== 'operator' || token.text !== text) {
      throw new ExpressionFailure(`expected '${text}' but found ${describeToken(token)}`, token.start);
    }
    this.index += 1;
    return token;
  }

  private expectName(what: string): Token {
    const token = this.peek();
    if (token.kind !== 'name') throw new ExpressionFailure(`expected ${what} but found ${describeToken(token)}`, token.start);
    this.index += 1;
    return token;
  }

  private unexpected(token: Token): ExpressionFailure {
    return new ExpressionFailure(`unexpected ${describeToken(token)}`, token.start);
  }
}

function describeToken(token: Token): string {
  switch (token.kind) {
    case 'end':
      return 'end of expression';
    case 'string':
      return `string '${token.text}'`;
    default:
      return `'${token.text}'`;
  }
}

/** `__proto__`, `constructor` and `prototype` lead to JavaScript internals, so they are refused wherever a name appears. */
export function assertAllowedName(name: string, position: number): void {
  if (FORBIDDEN_NAMES.has(name)) throw new ExpressionFailure(`access to '${name}' is not allowed`, position);
}

/** Long operator chains (`1+1+1+...`) are parsed by loops, so their depth is checked on the finished tree. */
function assertShallowTree(root: Expr): void {
  const stack: { node: Expr; depth: number }[] = [{ node: root, depth: 1 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop() as { node: Expr; depth: number };
    if (depth > MAX_NESTING_DEPTH) {
      throw new ExpressionFailure(`expression is nested more than ${MAX_NESTING_DEPTH} levels deep`, node.start);
    }
    for (const child of childrenOf(node)) stack.push({ node: child, depth: depth + 1 });
  }
}
