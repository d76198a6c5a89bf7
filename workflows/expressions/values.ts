import { abbreviate, ExpressionFailure } from './errors';

/** Names that lead to JavaScript internals; refused as property names, keys and identifiers. */
export const FORBIDDEN_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * A JSON-like object: its prototype is `Object.prototype` or `null`. The check looks at the shape of
 * the prototype chain rather than comparing with `Object.prototype`, because Temporal's workflow
 * sandbox may hand over objects created in another realm.
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

export function hasOwn(object: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

/** A short type name for messages: `null`, `string`, `number`, `boolean`, `list`, `object`. */
export function typeName(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'list';
  if (isPlainObject(value)) return 'object';
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'boolean' ? type : 'unsupported value';
}

/** The type name with an article, for messages: `a list`, `an object`. */
export function typeNameWithArticle(value: unknown): string {
  const name = typeName(value);
  if (name === 'null') return name;
  return /^[aeiou]/.test(name) ? `an ${name}` : `a ${name}`;
}

/** A value described for messages, e.g. `string 'abc'` or `list`. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return `string '${abbreviate(value, 40)}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  return typeName(value);
}

/** Coerces a condition as SpEL does: booleans, or the strings "true"/"false" (any case). */
export function toCondition(value: unknown, what: string): boolean {
  if (typeof value === 'boolean') return value;
  // Only "true" and "false" can pass, so a long string is never lower-cased.
  if (typeof value === 'string' && (value.length === 4 || value.length === 5)) {
    const lower = value.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
  }
  throw new ExpressionFailure(`${what} must be a boolean but is ${describeValue(value)}`);
}

/** Equality on JSON-like data: numbers by value, lists and objects by content. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => hasOwn(b, key) && deepEqual(a[key], b[key]));
  }
  return false;
}

/** JSON text of a value; `undefined` becomes `null`. */
export function toJson(value: unknown): string {
  return JSON.stringify(value) ?? 'null';
}

/** How `+` turns a value into text, as in SpEL: `null` becomes "null", lists and objects become JSON. */
export function toConcatenationText(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'object') return toJson(value);
  return String(value);
}

/** How a template turns a result into text: `null` becomes "", lists and objects become JSON. */
export function toTemplateText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return toConcatenationText(value);
}

/**
 * A deep copy of lists and plain objects, so that results never alias the execution document.
 * Keys are defined rather than assigned, so a `__proto__` key stays an ordinary property.
 */
export function cloneData<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item: unknown) => cloneData(item)) as T;
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    Object.defineProperty(copy, key, { value: cloneData(value[key]), enumerable: true, writable: true, configurable: true });
  }
  return copy as T;
}
