import { MAX_TEMPLATE_DEPTH } from './limits';
import { isPlainObject } from './values';

/** A piece of a string: literal text, or one `${...}` expression. */
export type TemplatePart =
  | { kind: 'text'; text: string }
  | { kind: 'expression'; /** The text between `${` and `}`. */ body: string; /** The whole `${...}`. */ raw: string };

/** A string cut into parts, or the reason it cannot be (an unterminated `${`). */
export type SplitTemplate = { parts: TemplatePart[]; error?: undefined } | { parts?: undefined; error: string };

/** Whether a string contains an expression at all (cheap pre-check). */
export function hasExpression(text: string): boolean {
  return text.includes('${');
}

/**
 * Finds the `${...}` in a string. The closing `}` is the first one outside quotes and nested
 * braces, so `${ {1,2} }` and `${ 'a}b' }` are single expressions.
 */
export function splitTemplate(text: string): SplitTemplate {
  const parts: TemplatePart[] = [];
  let textStart = 0;
  let open = text.indexOf('${');
  while (open !== -1) {
    const close = findClosingBrace(text, open + 2);
    if (close === -1) return { error: `'\${' at position ${open} has no closing '}'` };
    if (open > textStart) parts.push({ kind: 'text', text: text.slice(textStart, open) });
    parts.push({ kind: 'expression', body: text.slice(open + 2, close), raw: text.slice(open, close + 1) });
    textStart = close + 1;
    open = text.indexOf('${', textStart);
  }
  if (textStart < text.length) parts.push({ kind: 'text', text: text.slice(textStart) });
  return { parts };
}

function findClosingBrace(text: string, from: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = from; i < text.length; i += 1) {
    const c = text[i];
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '{') depth += 1;
    else if (c === '}') {
      if (depth === 0) return i;
      depth -= 1;
    }
  }
  return -1;
}

/** Appends a key to a JSON path: `a.b`, `a[0]`, `a["odd key"]`. */
export function joinPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)) return base === '' ? key : `${base}.${key}`;
  return `${base}[${JSON.stringify(key)}]`;
}

/** What to do with each string while walking a value. */
export interface StringVisitor {
  string(text: string, path: string): unknown;
  /** Called instead of descending below {@link MAX_TEMPLATE_DEPTH}; returns the value to keep. */
  tooDeep(value: unknown, path: string): unknown;
}

/**
 * Rebuilds a value with every string replaced by what the visitor returns. Lists and plain
 * objects are copied (keys are defined, not assigned, so `__proto__` stays an ordinary key);
 * other values are kept as they are.
 */
export function mapStrings(value: unknown, path: string, visitor: StringVisitor, depth = 0): unknown {
  if (typeof value === 'string') return visitor.string(value, path);
  if (!Array.isArray(value) && !isPlainObject(value)) return value;
  if (depth >= MAX_TEMPLATE_DEPTH) return visitor.tooDeep(value, path);
  if (Array.isArray(value)) return value.map((item: unknown, i) => mapStrings(item, joinPath(path, i), visitor, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const mapped = mapStrings(value[key], joinPath(path, key), visitor, depth + 1);
    Object.defineProperty(copy, key, { value: mapped, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}
