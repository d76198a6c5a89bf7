import { ExpressionFailure } from './errors';
import { MAX_REGEX_INPUT_LENGTH, MAX_REGEX_LENGTH, MAX_STRING_LENGTH } from './limits';
import { hasOwn } from './values';

/*
 * The regular expressions of executions recorded before `gennaker-expr-budget-v1`, kept unchanged so
 * that their histories replay exactly: JavaScript's backtracking engine behind a heuristic. New
 * executions use `regex.ts` (RE2, linear time). Remove with that patch.
 */

/**
 * Compiles a user-supplied (Java-style) regular expression, refusing the shapes that make a
 * backtracking engine take exponential time: a repeated group that contains repetition or
 * alternatives (`(a+)+`, `(a|aa)*`), and backreferences. This is a heuristic, not a proof; the
 * length limits bound the rest.
 * A leading `(?i)` (Java's inline case-insensitive flag) becomes the `i` flag.
 */
function compileUserRegex(pattern: string, options: { wholeInput?: boolean; global?: boolean } = {}): RegExp {
  if (pattern.length > MAX_REGEX_LENGTH) {
    throw new ExpressionFailure(`regular expression is longer than ${MAX_REGEX_LENGTH} characters`);
  }
  let flags = options.global ? 'g' : '';
  let body = pattern;
  if (body.startsWith('(?i)')) {
    body = body.slice(4);
    flags += 'i';
  }
  assertNoNestedRepetition(body, pattern);
  const source = options.wholeInput ? `^(?:${body})$` : body;
  try {
    return new RegExp(source, flags);
  } catch (error) {
    throw new ExpressionFailure(`invalid regular expression '${pattern}': ${(error as Error).message}`);
  }
}

/** Refuses to run a regular expression on very long text. */
function assertRegexInput(text: string): void {
  if (text.length > MAX_REGEX_INPUT_LENGTH) {
    throw new ExpressionFailure(`text is longer than ${MAX_REGEX_INPUT_LENGTH} characters for a regular expression`);
  }
}

/** Java's `String.matches`: the whole text must match. */
export function legacyMatchesWholeInput(text: string, pattern: string): boolean {
  const re = compileUserRegex(pattern, { wholeInput: true });
  assertRegexInput(text);
  return re.test(text);
}

const REPEATS = new Set(['*', '+', '{']);

function assertNoNestedRepetition(body: string, pattern: string): void {
  const unsafe = (why: string): ExpressionFailure =>
    new ExpressionFailure(`regular expression '${pattern}' is not allowed: ${why}`);
  // One entry per open group: whether it contains repetition or alternatives.
  const groups: boolean[] = [false];
  let i = 0;
  while (i < body.length) {
    const c = body[i];
    if (c === '\\') {
      const next = body[i + 1] ?? '';
      if ((next >= '1' && next <= '9') || next === 'k') throw unsafe('backreferences are not supported');
      i += 2;
    } else if (c === '[') {
      i = skipCharacterClass(body, i);
    } else if (c === '(') {
      groups.push(false);
      i += 1;
      if (body[i] === '?') i = skipGroupPrefix(body, i);
    } else if (c === ')') {
      const innerIsRisky = groups.pop() ?? false;
      if (groups.length === 0) throw new ExpressionFailure(`invalid regular expression '${pattern}': unmatched ')'`);
      i += 1;
      if (innerIsRisky && REPEATS.has(body[i] ?? '')) {
        throw unsafe('a repeated group must not contain repetition or alternatives');
      }
      if (innerIsRisky) groups[groups.length - 1] = true;
    } else {
      if (REPEATS.has(c) || c === '?' || c === '|') groups[groups.length - 1] = true;
      i += 1;
    }
  }
}

function skipCharacterClass(body: string, start: number): number {
  let i = start + 1;
  while (i < body.length && body[i] !== ']') i += body[i] === '\\' ? 2 : 1;
  return i + 1;
}

/** Skips `?:`, `?=`, `?!`, `?<=`, `?<!` and `?<name>` after an opening parenthesis. */
function skipGroupPrefix(body: string, questionMark: number): number {
  const next = body[questionMark + 1];
  if (next === '<' && body[questionMark + 2] !== '=' && body[questionMark + 2] !== '!') {
    const close = body.indexOf('>', questionMark);
    return close === -1 ? body.length : close + 1;
  }
  return next === '<' ? questionMark + 3 : questionMark + 2;
}

/** Java's `String.replaceAll(regex, replacement)` on the legacy engine. */
export function legacyReplaceAll(s: string, regex: string, template: string): string {
  const re = compileUserRegex(regex, { global: true });
  assertRegexInput(s);
  let result = '';
  let last = 0;
  let match: RegExpExecArray | null;
  while ((match = re.exec(s)) !== null) {
    result += s.slice(last, match.index) + expandReplacement(template, match);
    if (result.length > MAX_STRING_LENGTH) throw new ExpressionFailure(`result is longer than ${MAX_STRING_LENGTH} characters`);
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

/** Java's `String.split(regex)` on the legacy engine. */
export function legacySplit(s: string, regex: string): string[] {
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
