import { ExpressionFailure } from './errors';
import { MAX_EXPRESSION_LENGTH } from './limits';

/** Kinds of token: `name` covers identifiers and keywords (`true`, `and`, `eq`...), which the parser tells apart. */
export type TokenKind = 'number' | 'string' | 'name' | 'operator' | 'end';

export interface Token {
  kind: TokenKind;
  /** Identifier or operator text; for strings the unquoted text; for numbers the source text. */
  text: string;
  /** The numeric value of a `number` token. */
  number?: number;
  /** Offsets of the token in the expression body. */
  start: number;
  end: number;
}

/** Longest first, so that `<=` wins over `<`. */
const OPERATORS = [
  '==', '!=', '<=', '>=', '&&', '||', '?.', '?:',
  '<', '>', '!', '+', '-', '*', '/', '%', '^', '?', ':', '.', ',', '(', ')', '[', ']', '{', '}', '#', '=', '@',
];

const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isNameStart = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c === '$';
const isNamePart = (c: string): boolean => isNameStart(c) || isDigit(c);
const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';

/** Splits an expression body into tokens, ending with an `end` token. */
export function tokenize(source: string): Token[] {
  if (source.length > MAX_EXPRESSION_LENGTH) {
    throw new ExpressionFailure(`expression is longer than ${MAX_EXPRESSION_LENGTH} characters`, MAX_EXPRESSION_LENGTH);
  }
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (isSpace(c)) {
      i += 1;
    } else if (isDigit(c)) {
      const token = readNumber(source, i);
      tokens.push(token);
      i = token.end;
    } else if (c === "'" || c === '"') {
      const token = readString(source, i);
      tokens.push(token);
      i = token.end;
    } else if (isNameStart(c)) {
      let end = i + 1;
      while (end < source.length && isNamePart(source[end])) end += 1;
      tokens.push({ kind: 'name', text: source.slice(i, end), start: i, end });
      i = end;
    } else {
      const operator = OPERATORS.find((op) => source.startsWith(op, i));
      if (operator === undefined) throw new ExpressionFailure(`unexpected character '${c}'`, i);
      tokens.push({ kind: 'operator', text: operator, start: i, end: i + operator.length });
      i += operator.length;
    }
  }
  tokens.push({ kind: 'end', text: '', start: source.length, end: source.length });
  return tokens;
}

function readNumber(source: string, start: number): Token {
  let end = start;
  const skipDigits = (): void => {
    while (end < source.length && isDigit(source[end])) end += 1;
  };
  skipDigits();
  if (source[end] === '.' && isDigit(source[end + 1] ?? '')) {
    end += 1;
    skipDigits();
  }
  if (source[end] === 'e' || source[end] === 'E') {
    let exponent = end + 1;
    if (source[exponent] === '+' || source[exponent] === '-') exponent += 1;
    if (isDigit(source[exponent] ?? '')) {
      end = exponent;
      skipDigits();
    }
  }
  if (end < source.length && isNamePart(source[end])) {
    throw new ExpressionFailure(`invalid number '${source.slice(start, end + 1)}'`, start);
  }
  const text = source.slice(start, end);
  return { kind: 'number', text, number: Number(text), start, end };
}

/** SpEL strings have no backslash escapes: the quote character is doubled instead (`'it''s'`). */
function readString(source: string, start: number): Token {
  const quote = source[start];
  let text = '';
  let i = start + 1;
  while (i < source.length) {
    const c = source[i];
    if (c === quote) {
      if (source[i + 1] === quote) {
        text += quote;
        i += 2;
        continue;
      }
      return { kind: 'string', text, start, end: i + 1 };
    }
    text += c;
    i += 1;
  }
  throw new ExpressionFailure('unterminated string literal', start);
}
