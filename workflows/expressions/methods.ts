import type { ExpressionBudget } from './budget';
import { ExpressionFailure, limitFailure } from './errors';
import { MAX_STRING_LENGTH } from './limits';
import { matchesWholeInput, replaceAllJava, splitJava } from './regex';
import { legacyMatchesWholeInput, legacyReplaceAll, legacySplit } from './regex-legacy';
import { deepEqual, describeValue, FORBIDDEN_NAMES, hasOwn, isPlainObject, toConcatenationText, typeNameWithArticle } from './values';

/**
 * The methods an expression may call, with Java's names and behaviour. Dispatch goes through these
 * tables only, never through the target's own properties, so nothing else is reachable.
 */
interface Method<T> {
  minArgs: number;
  maxArgs: number;
  /** Charges its work to the budget before (or while) doing it. */
  call(target: T, args: unknown[], name: string, budget: ExpressionBudget): unknown;
}

const method = <T>(minArgs: number, maxArgs: number, call: Method<T>['call']): Method<T> => ({ minArgs, maxArgs, call });

const STRING_METHODS: ReadonlyMap<string, Method<string>> = new Map([
  ['toUpperCase', method<string>(0, 0, (s, _args, _name, budget) => built(budget, s.length, s.length, () => s.toUpperCase()))],
  ['toLowerCase', method<string>(0, 0, (s, _args, _name, budget) => built(budget, s.length, s.length, () => s.toLowerCase()))],
  ['trim', method<string>(0, 0, (s, _args, _name, budget) => built(budget, s.length, s.length, () => s.trim()))],
  ['length', method<string>(0, 0, (s) => s.length)],
  ['isEmpty', method<string>(0, 0, (s) => s.length === 0)],
  ['contains', method<string>(1, 1, (s, [part], name, budget) => search(budget, s, stringArgument(part, name), () => s.includes(part as string)))],
  ['startsWith', method<string>(1, 1, (s, [part], name, budget) => search(budget, s, stringArgument(part, name), () => s.startsWith(part as string)))],
  ['endsWith', method<string>(1, 1, (s, [part], name, budget) => search(budget, s, stringArgument(part, name), () => s.endsWith(part as string)))],
  ['indexOf', method<string>(1, 1, (s, [part], name, budget) => search(budget, s, stringArgument(part, name), () => s.indexOf(part as string)))],
  ['substring', method<string>(1, 2, substring)],
  ['replace', method<string>(2, 2, (s, [from, to], name, budget) => replaceLiteral(s, stringArgument(from, name), stringArgument(to, name), budget))],
  ['replaceAll', method<string>(2, 2, (s, [regex, replacement], name, budget) => {
    const pattern = stringArgument(regex, name);
    const template = stringArgument(replacement, name);
    return budget.legacy ? legacyReplaceAll(s, pattern, template) : replaceAllJava(s, pattern, template, budget);
  })],
  ['split', method<string>(1, 1, (s, [regex], name, budget) => {
    const pattern = stringArgument(regex, name);
    if (budget.legacy) return legacySplit(s, pattern);
    const pieces = splitJava(s, pattern, budget);
    budget.chargeElements(pieces.length);
    budget.charge('size', s.length);
    return pieces;
  })],
  ['matches', method<string>(1, 1, (s, [regex], name, budget) => {
    const pattern = stringArgument(regex, name);
    return budget.legacy ? legacyMatchesWholeInput(s, pattern) : matchesWholeInput(s, pattern, budget);
  })],
  ['equalsIgnoreCase', method<string>(1, 1, (s, [other], _name, budget) => {
    if (typeof other !== 'string') return false;
    budget.charge('scan', s.length + other.length);
    return s.length === other.length && s.toLowerCase() === other.toLowerCase();
  })],
]);

const LIST_METHODS: ReadonlyMap<string, Method<unknown[]>> = new Map([
  ['size', method<unknown[]>(0, 0, (list) => list.length)],
  ['isEmpty', method<unknown[]>(0, 0, (list) => list.length === 0)],
  ['contains', method<unknown[]>(1, 1, (list, [item], _name, budget) => {
    chargeListSearch(list, item, budget);
    return list.some((element) => deepEqual(element, item));
  })],
  ['indexOf', method<unknown[]>(1, 1, (list, [item], _name, budget) => {
    chargeListSearch(list, item, budget);
    return list.findIndex((element) => deepEqual(element, item));
  })],
  ['get', method<unknown[]>(1, 1, (list, [index], name) => list[listIndex(list, index, name)] ?? null)],
]);

const OBJECT_METHODS: ReadonlyMap<string, Method<Record<string, unknown>>> = new Map([
  ['size', method<Record<string, unknown>>(0, 0, (object, _args, _name, budget) => keysOf(object, budget).length)],
  ['isEmpty', method<Record<string, unknown>>(0, 0, (object, _args, _name, budget) => keysOf(object, budget).length === 0)],
  ['containsKey', method<Record<string, unknown>>(1, 1, (object, [key], name) => hasOwn(object, objectKey(key, name)))],
  ['get', method<Record<string, unknown>>(1, 1, (object, [key], name) => {
    const k = objectKey(key, name);
    return hasOwn(object, k) ? (object[k] ?? null) : null;
  })],
  ['keySet', method<Record<string, unknown>>(0, 0, (object, _args, _name, budget) => {
    const keys = keysOf(object, budget);
    budget.chargeElements(keys.length);
    return keys;
  })],
  ['values', method<Record<string, unknown>>(0, 0, (object, _args, _name, budget) => {
    const values = Object.values(object);
    budget.charge('scan', values.length);
    budget.chargeElements(values.length);
    return values;
  })],
]);

const ANY_METHODS: ReadonlyMap<string, Method<unknown>> = new Map([
  ['equals', method<unknown>(1, 1, (value, [other], _name, budget) => {
    budget.chargeComparison(value, other);
    return deepEqual(value, other);
  })],
  ['toString', method<unknown>(0, 0, (value, _args, _name, budget) => {
    budget.chargeSerialization(value);
    return toConcatenationText(value);
  })],
]);

const ALL_METHOD_NAMES = [
  ...new Set([...STRING_METHODS.keys(), ...LIST_METHODS.keys(), ...OBJECT_METHODS.keys(), ...ANY_METHODS.keys()]),
].sort();

/** Calls a whitelisted method on a non-null value, charging its work to `budget`; throws {@link ExpressionFailure} otherwise. */
export function callMethod(target: unknown, name: string, args: unknown[], budget: ExpressionBudget): unknown {
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
  return typed.call(target, args, name, budget);
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
function substring(s: string, args: unknown[], name: string, budget: ExpressionBudget): string {
  const begin = integerArgument(args[0], name);
  const end = args.length > 1 ? integerArgument(args[1], name) : s.length;
  if (begin < 0 || end > s.length || begin > end) {
    throw new ExpressionFailure(`substring(${args.map(String).join(', ')}) is out of range for a string of length ${s.length}`);
  }
  return built(budget, end - begin, end - begin, () => s.slice(begin, end));
}

/** Java's `String.replace`: every occurrence, matched literally. */
function replaceLiteral(s: string, from: string, to: string, budget: ExpressionBudget): string {
  budget.charge('scan', s.length + from.length);
  let occurrences = from === '' ? s.length + 1 : 0;
  for (let at = from === '' ? -1 : s.indexOf(from); at !== -1; at = s.indexOf(from, at + from.length)) occurrences += 1;
  const length = s.length + occurrences * (to.length - from.length);
  assertResultLength(length);
  budget.charge('scan', length);
  budget.charge('size', length);
  return from === '' ? to + [...s].join(to) + (s === '' ? '' : to) : s.split(from).join(to);
}

function assertResultLength(length: number): void {
  if (length > MAX_STRING_LENGTH) throw limitFailure(`result is longer than ${MAX_STRING_LENGTH} characters`);
}

/** A string operation that reads `read` characters and creates a string of `created` characters. */
function built<T>(budget: ExpressionBudget, read: number, created: number, run: () => T): T {
  budget.charge('scan', read);
  budget.charge('size', created);
  return run();
}

/** A substring search reads both strings (V8's searches are linear in their lengths). */
function search<T>(budget: ExpressionBudget, s: string, part: string, run: () => T): T {
  budget.charge('scan', s.length + part.length);
  return run();
}

/** `Object.keys` walks every key; a map may be large. */
function keysOf(object: Record<string, unknown>, budget: ExpressionBudget): string[] {
  const keys = Object.keys(object);
  budget.charge('scan', keys.length);
  return keys;
}

/** Comparing `item` with each element reads at most every element once (a comparison stops at the smaller side). */
function chargeListSearch(list: unknown[], item: unknown, budget: ExpressionBudget): void {
  budget.charge('scan', budget.sizeOf(list) + budget.sizeOf(item));
}
