import { ExpressionFailure } from './errors';
import { MAX_STRING_LENGTH } from './limits';
import { assertRegexInput, compileUserRegex, matchesWholeInput } from './regex';
import { deepEqual, describeValue, FORBIDDEN_NAMES, hasOwn, isPlainObject, toConcatenationText, typeNameWithArticle } from './values';

/**
 * The methods an expression may call, with Java's names and behaviour. Dispatch goes through these
 * tables only, never through the target's own properties, so nothing else is reachable.
 */
interface Method<T> {
  minArgs: number;
  maxArgs: number;
  call(target: T, args: unknown[], name: string): unknown;
}

const method = <T>(minArgs: number, maxArgs: number, call: Method<T>['call']): Method<T> => ({ minArgs, maxArgs, call });

const STRING_METHODS: ReadonlyMap<string, Method<string>> = new Map([
  ['toUpperCase', method<string>(0, 0, (s) => s.toUpperCase())],
  ['toLowerCase', method<string>(0, 0, (s) => s.toLowerCase())],
  ['trim', method<string>(0, 0, (s) => s.trim())],
  ['length', method<string>(0, 0, (s) => s.length)],
  ['isEmpty', method<string>(0, 0, (s) => s.length === 0)],
  ['contains', method<string>(1, 1, (s, [part], name) => s.includes(stringArgument(part, name)))],
  ['startsWith', method<string>(1, 1, (s, [part], name) => s.startsWith(stringArgument(part, name)))],
  ['endsWith', method<string>(1, 1, (s, [part], name) => s.endsWith(stringArgument(part, name)))],
  ['indexOf', method<string>(1, 1, (s, [part], name) => s.indexOf(stringArgument(part, name)))],
  ['substring', method<string>(1, 2, substring)],
  ['replace', method<string>(2, 2, (s, [from, to], name) => replaceLiteral(s, stringArgument(from, name), stringArgument(to, name)))],
  ['replaceAll', method<string>(2, 2, replaceAll)],
  ['split', method<string>(1, 1, (s, [regex], name) => splitJava(s, stringArgument(regex, name)))],
  ['matches', method<string>(1, 1, (s, [regex], name) => matchesWholeInput(s, stringArgument(regex, name)))],
  ['equalsIgnoreCase', method<string>(1, 1, (s, [other]) => typeof other === 'string' && s.toLowerCase() === other.toLowerCase())],
]);

const LIST_METHODS: ReadonlyMap<string, Method<unknown[]>> = new Map([
  ['size', method<unknown[]>(0, 0, (list) => list.length)],
  ['isEmpty', method<unknown[]>(0, 0, (list) => list.length === 0)],
  ['contains', method<unknown[]>(1, 1, (list, [item]) => list.some((element) => deepEqual(element, item)))],
  ['indexOf', method<unknown[]>(1, 1, (list, [item]) => list.findIndex((element) => deepEqual(element, item)))],
  ['get', method<unknown[]>(1, 1, (list, [index], name) => list[listIndex(list, index, name)] ?? null)],
]);

const OBJECT_METHODS: ReadonlyMap<string, Method<Record<string, unknown>>> = new Map([
  ['size', method<Record<string, unknown>>(0, 0, (object) => Object.keys(object).length)],
  ['isEmpty', method<Record<string, unknown>>(0, 0, (object) => Object.keys(object).length === 0)],
  ['containsKey', method<Record<string, unknown>>(1, 1, (object, [key], name) => hasOwn(object, objectKey(key, name)))],
  ['get', method<Record<string, unknown>>(1, 1, (object, [key], name) => {
    const k = objectKey(key, name);
    return hasOwn(object, k) ? (object[k] ?? null) : null;
  })],
  ['keySet', method<Record<string, unknown>>(0, 0, (object) => Object.keys(object))],
  ['values', method<Record<string, unknown>>(0, 0, (object) => Object.values(object))],
]);

const ANY_METHODS: ReadonlyMap<string, Method<unknown>> = new Map([
  ['equals', method<unknown>(1, 1, (value, [other]) => deepEqual(value, other))],
  ['toString', method<unknown>(0, 0, (value) => toConcatenationText(value))],
]);

const ALL_METHOD_NAMES = [
  ...new Set([...STRING_METHODS.keys(), ...LIST_METHODS.keys(), ...OBJECT_METHODS.keys(), ...ANY_METHODS.keys()]),
].sort();

/** Calls a whitelisted method on a non-null value; throws {@link ExpressionFailure} otherwise. */
export function callMethod(target: unknown, name: string, args: unknown[]): unknown {
  const typed = findMethod(target, name);
  if (typed === undefined) {
    if (!ALL_METHOD_NAMES.includes(name)) {
      throw new ExpressionFailure(`method '${name}' is not allowed; allowed methods: ${ALL_METHOD_NAMES.join(', ')}`);
    }
    throw new ExpressionFailure(`method '${name}' cannot be called on ${typeNameWithArticle(target)}`);
  }
  if (args.length < typed.minArgs || args.length > typed.maxArgs) {
    const expected = typed.minArgs === typed.maxArgs ? `${typed.minArgs}` : `${typed.minArgs} to ${typed.maxArgs}`;
    throw new ExpressionFailure(`${name}() takes ${expected} argument(s) but got ${args.length}`);
  }
  return typed.call(target, args, name);
}

function findMethod(target: unknown, name: string): Method<unknown> | undefined {
  let found: Method<never> | undefined;
  if (typeof target === 'string') found = STRING_METHODS.get(name);
  else if (Array.isArray(target)) found = LIST_METHODS.get(name);
  else if (isPlainObject(target)) found = OBJECT_METHODS.get(name);
  if (found === undefined && (typeof target !== 'object' || Array.isArray(target) || isPlainObject(target))) {
    found = ANY_METHODS.get(name);
  }
  return found as Method<unknown> | undefined;
}

function stringArgument(value: unknown, method: string): string {
  if (typeof value !== 'string') throw new ExpressionFailure(`${method}() needs a string argument but got ${describeValue(value)}`);
  return value;
}

function integerArgument(value: unknown, method: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new ExpressionFailure(`${method}() needs an integer argument but got ${describeValue(value)}`);
  }
  return value;
}

function listIndex(list: unknown[], value: unknown, method: string): number {
  const index = integerArgument(value, method);
  if (index < 0 || index >= list.length) throw new ExpressionFailure(`index ${index} is out of bounds for a list of size ${list.length}`);
  return index;
}

function objectKey(value: unknown, method: string): string {
  if (typeof value !== 'string' && typeof value !== 'number') {
    throw new ExpressionFailure(`${method}() needs a string key but got ${describeValue(value)}`);
  }
  const key = String(value);
  if (FORBIDDEN_NAMES.has(key)) throw new ExpressionFailure(`access to '${key}' is not allowed`);
  return key;
}

/** Java's substring: out-of-range bounds are errors, not clamped. */
function substring(s: string, args: unknown[], name: string): string {
  const begin = integerArgument(args[0], name);
  const end = args.length > 1 ? integerArgument(args[1], name) : s.length;
  if (begin < 0 || end > s.length || begin > end) {
    throw new ExpressionFailure(`substring(${args.map(String).join(', ')}) is out of range for a string of length ${s.length}`);
  }
  return s.slice(begin, end);
}

/** Java's `String.replace`: every occurrence, matched literally. */
function replaceLiteral(s: string, from: string, to: string): string {
  const occurrences = from === '' ? s.length + 1 : s.split(from).length - 1;
  assertResultLength(s.length + occurrences * (to.length - from.length));
  return from === '' ? to + [...s].join(to) + (s === '' ? '' : to) : s.split(from).join(to);
}

/**
 * Java's `String.replaceAll(regex, replacement)`: `$1`/`${name}` insert groups and `\` escapes the
 * next character. Built piece by piece so that an oversized result fails before it is allocated.
 */
function replaceAll(s: string, [regex, replacement]: unknown[], name: string): string {
  const re = compileUserRegex(stringArgument(regex, name), { global: true });
  const template = stringArgument(replacement, name);
  assertRegexInput(s);
  let result = '';
  let last = 0;
  let match: RegExpExecArray | null;
  while ((match = re.exec(s)) !== null) {
    result += s.slice(last, match.index) + expandReplacement(template, match);
    assertResultLength(result.length);
    last = match.index + match[0].length;
    if (match[0].length === 0) re.lastIndex += 1;
  }
  return result + s.slice(last);
}

function expandReplacement(template: string, match: RegExpExecArray): string {
  let out = '';
  for (let i = 0; i < template.length; i += 1) {
    const c = template[i];
    if (c === '\\') {
      i += 1;
      out += template[i] ?? '';
    } else if (c === '$') {
      const named = /^\{([A-Za-z][A-Za-z0-9]*)\}/.exec(template.slice(i + 1));
      const numbered = /^\d/.exec(template.slice(i + 1));
      if (named !== null) {
        if (match.groups === undefined || !hasOwn(match.groups, named[1])) throw new ExpressionFailure(`no group named '${named[1]}'`);
        out += match.groups[named[1]] ?? '';
        i += named[0].length;
      } else if (numbered !== null) {
        const group = Number(numbered[0]);
        if (group >= match.length) throw new ExpressionFailure(`no group ${group} in the regular expression`);
        out += match[group] ?? '';
        i += 1;
      } else throw new ExpressionFailure("'$' in a replacement must be followed by a group number or {name}");
    } else out += c;
  }
  return out;
}

function assertResultLength(length: number): void {
  if (length > MAX_STRING_LENGTH) throw new ExpressionFailure(`result is longer than ${MAX_STRING_LENGTH} characters`);
}

/**
 * Java's `String.split(regex)`: no capture groups in the result, no leading empty piece from a
 * zero-width match at the start, trailing empty pieces removed.
 */
export function splitJava(s: string, regex: string): string[] {
  const re = compileUserRegex(regex, { global: true });
  assertRegexInput(s);
  const pieces: string[] = [];
  let pieceStart = 0;
  let match: RegExpExecArray | null;
  while ((match = re.exec(s)) !== null) {
    const matchEnd = match.index + match[0].length;
    if (match[0].length === 0) {
      re.lastIndex += 1;
      if (match.index === 0 || match.index >= s.length) continue;
    }
    pieces.push(s.slice(pieceStart, match.index));
    pieceStart = matchEnd;
  }
  if (pieces.length === 0) return [s];
  pieces.push(s.slice(pieceStart));
  while (pieces.length > 0 && pieces[pieces.length - 1] === '') pieces.pop();
  return pieces;
}
