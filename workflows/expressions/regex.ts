import { ExpressionFailure } from './errors';
import { MAX_REGEX_INPUT_LENGTH, MAX_REGEX_LENGTH } from './limits';

/**
 * Compiles a user-supplied (Java-style) regular expression, refusing the shapes that make a
 * backtracking engine take exponential time: a repeated group that contains repetition or
 * alternatives (`(a+)+`, `(a|aa)*`), and backreferences. This is a heuristic, not a proof; the
 * length limits bound the rest.
 * A leading `(?i)` (Java's inline case-insensitive flag) becomes the `i` flag.
 */
export function compileUserRegex(pattern: string, options: { wholeInput?: boolean; global?: boolean } = {}): RegExp {
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
export function assertRegexInput(text: string): void {
  if (text.length > MAX_REGEX_INPUT_LENGTH) {
    throw new ExpressionFailure(`text is longer than ${MAX_REGEX_INPUT_LENGTH} characters for a regular expression`);
  }
}

/** Java's `String.matches`: the whole text must match. */
export function matchesWholeInput(text: string, pattern: string): boolean {
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
