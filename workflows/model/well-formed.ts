/**
 * Well-formed Unicode for everything that reaches a workflow. A lone UTF-16 surrogate survives
 * JSON (as `\ud800`) but not protobuf strings: protobufjs writes short strings with its own UTF-8
 * encoder, which emits invalid UTF-8 for it, so once one lands in a failure message or an id, Core
 * cannot decode the worker's completion and the worker shuts down. So text from outside is either refused
 * (messages, start inputs) or repaired (external text in activity results) before it gets there.
 *
 * Pure and sandbox-safe: imported by workflows, activities and the API alike.
 */

/** `String.prototype.isWellFormed` / `toWellFormed` (ES2024; Node 20 has them, the TS lib here is ES2022). */
interface WellFormedString {
  isWellFormed?(): boolean;
  toWellFormed?(): string;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

/** True when `text` holds no lone UTF-16 surrogate. */
export function isWellFormedText(text: string): boolean {
  const native = (text as WellFormedString).isWellFormed;
  return native ? native.call(text) : !LONE_SURROGATE.test(text);
}

/** `text` with every lone surrogate replaced by U+FFFD (the replacement character). */
export function toWellFormedText(text: string): string {
  const native = (text as WellFormedString).toWellFormed;
  return native ? native.call(text) : text.replace(LONE_SURROGATES, '\uFFFD');
}

/** `a.b[0].c` style path of a key under a parent path. */
function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? (parent ? `${parent}.${key}` : key) : `${parent}[${JSON.stringify(toWellFormedText(key))}]`;
}

/**
 * The path of the first string (or object key) in a JSON value that holds a lone surrogate, or
 * undefined when every text in it is well-formed. Iterative, so any nesting depth is safe.
 */
export function findIllFormedText(value: unknown, path = ''): string | undefined {
  const stack: [unknown, string][] = [[value, path]];
  while (stack.length) {
    const [current, at] = stack.pop()!;
    if (typeof current === 'string') {
      if (!isWellFormedText(current)) return at || '(root)';
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push([current[i], childPath(at, i)]);
    } else if (current !== null && typeof current === 'object') {
      const entries = Object.entries(current as Record<string, unknown>);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i];
        if (!isWellFormedText(key)) return childPath(at, key);
        stack.push([child, childPath(at, key)]);
      }
    }
  }
  return undefined;
}

/** The standard sentence for refused text, naming where it was found (never quoting it). */
export function illFormedTextMessage(path: string): string {
  return `${path} contains a lone UTF-16 surrogate (invalid Unicode); send well-formed text`;
}

// JSON.stringify escapes exactly the lone surrogates as \udXXX (paired ones stay literal); the
// look-behind keeps an escaped backslash followed by "ud800" from matching.
const ESCAPED_LONE_SURROGATES = /(?<!\\)((?:\\\\)*)\\u[dD][89a-fA-F][0-9a-fA-F]{2}/g;

/**
 * A copy of a JSON value whose every string and key is well-formed (lone surrogates become
 * U+FFFD). Use it on external text an activity returns (HTTP bodies, metric labels) so nothing
 * ill-formed reaches the workflow. Values that are not JSON (functions, undefined) are dropped as
 * `JSON.stringify` drops them; an already well-formed value is returned as is.
 */
export function toWellFormedJson<T>(value: T): T {
  if (value === undefined) return value;
  const json = JSON.stringify(value);
  if (json === undefined) return value;
  ESCAPED_LONE_SURROGATES.lastIndex = 0;
  if (!ESCAPED_LONE_SURROGATES.test(json)) return value;
  return JSON.parse(json.replace(ESCAPED_LONE_SURROGATES, '$1\\ufffd')) as T;
}
