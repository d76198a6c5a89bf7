import { RE2JS, type Matcher } from 're2js';
import { ExpressionBudget } from './budget';
import { abbreviate, ExpressionFailure, limitFailure } from './errors';
import { MAX_REGEX_INPUT_LENGTH, MAX_REGEX_LENGTH, MAX_REGEX_PROGRAM_SIZE, MAX_STRING_LENGTH, REGEX_COMPILE_COST, REGEX_STEP_OVERHEAD } from './limits';
import { hasOwn } from './values';

/**
 * User regular expressions (`matches`, `split`, `replaceAll`) on RE2 (the pure-JavaScript port
 * `re2js`): matching takes time proportional to program size × input length whatever the pattern,
 * so every scan is charged that product to the expression's budget before it runs. RE2's syntax is
 * Java's for everything pipelines use (classes, `\d\w\s\b`, `\p{..}`, `(?i)` and other inline
 * flags, named groups, lazy quantifiers, `\Q..\E`); backreferences, lookaround, possessive
 * quantifiers and atomic groups cannot run in linear time and are refused with a clear message.
 */

interface Compiled {
  re: RE2JS;
  /** RE2 instructions; every scanned character costs at most this many steps. */
  size: number;
}

const METACHARACTERS = /[\\^$.|?*+()[\]{}]/;

/** A user pattern compiled for code outside expressions (trigger constraints, artifact matching). */
export interface UserRegex {
  /** Whether the pattern matches `text` (the whole text with `wholeInput`, else anywhere in it). */
  test(text: string): boolean;
}

/**
 * Compiles a user pattern on the same linear-time engine and size limits as expressions (a broken,
 * unsupported or oversized pattern throws with the engine's reason). Matching is linear in the text,
 * whose length is limited as in expressions.
 */
export function compileUserRegex(pattern: string, options: { wholeInput?: boolean } = {}): UserRegex {
  const { re } = compile(pattern, new ExpressionBudget());
  return {
    test(text: string): boolean {
      assertRegexInput(text);
      return options.wholeInput ? re.testExact(text) : re.test(text);
    },
  };
}

/** Java's `String.matches`: the whole text must match. */
export function matchesWholeInput(text: string, pattern: string, budget: ExpressionBudget): boolean {
  const compiled = compile(pattern, budget);
  assertRegexInput(text);
  chargeScan(budget, compiled, text.length);
  // No groups are needed, so RE2 can answer on its DFA.
  return compiled.re.testExact(text);
}

/**
 * Java's `String.split(regex)`: no capture groups in the result, no leading empty piece from a
 * zero-width match at the start, trailing empty pieces removed.
 */
export function splitJava(text: string, pattern: string, budget: ExpressionBudget): string[] {
  if (pattern === '') return splitCharacters(text, budget);
  if (!METACHARACTERS.test(pattern)) return splitLiteral(text, pattern, budget);
  const compiled = compile(pattern, budget);
  assertRegexInput(text);
  const pieces: string[] = [];
  let pieceStart = 0;
  forEachMatch(compiled, text, budget, (m) => {
    if (m.start() === m.end() && (m.start() === 0 || m.start() >= text.length)) return;
    pieces.push(text.slice(pieceStart, m.start()));
    pieceStart = m.end();
  });
  if (pieces.length === 0) return [text];
  pieces.push(text.slice(pieceStart));
  while (pieces.length > 0 && pieces[pieces.length - 1] === '') pieces.pop();
  return pieces;
}

/**
 * Java's `String.replaceAll(regex, replacement)`: `$1`/`${name}` insert groups and `\` escapes the
 * next character. Built piece by piece so that an oversized result fails before it is allocated.
 */
export function replaceAllJava(text: string, pattern: string, replacement: string, budget: ExpressionBudget): string {
  if (pattern !== '' && !METACHARACTERS.test(pattern)) return replaceLiteral(text, pattern, replacement, budget);
  const compiled = compile(pattern, budget);
  assertRegexInput(text);
  let result = '';
  let last = 0;
  forEachMatch(compiled, text, budget, (m) => {
    budget.charge('scan', replacement.length);
    result += text.slice(last, m.start()) + expandReplacement(replacement, groupsOf(m, compiled.re));
    if (result.length > MAX_STRING_LENGTH) throw limitFailure(`result is longer than ${MAX_STRING_LENGTH} characters`);
    last = m.end();
  });
  return result + text.slice(last);
}

/** Refuses to run a regular expression on very long text. */
export function assertRegexInput(text: string): void {
  if (text.length > MAX_REGEX_INPUT_LENGTH) {
    throw limitFailure(`text is longer than ${MAX_REGEX_INPUT_LENGTH} characters for a regular expression`);
  }
}

/**
 * Calls `onMatch` for each successive match. A search from position `p` may read the rest of the
 * text, so each one is charged (length − p + 1) × program size before it runs.
 */
function forEachMatch(compiled: Compiled, text: string, budget: ExpressionBudget, onMatch: (m: Matcher) => void): void {
  const m = compiled.re.matcher(text);
  let from = 0;
  for (;;) {
    chargeScan(budget, compiled, text.length - from);
    if (!m.find()) return;
    onMatch(m);
    from = m.end() === m.start() ? m.end() + 1 : m.end();
    if (from > text.length) return;
  }
}

function chargeScan(budget: ExpressionBudget, compiled: Compiled, length: number): void {
  budget.charge('regex', (length + 1) * (compiled.size + REGEX_STEP_OVERHEAD));
}

/** `split('')`: one piece per character (code point, as Java's regex sees them). */
function splitCharacters(text: string, budget: ExpressionBudget): string[] {
  budget.charge('scan', text.length);
  return text === '' ? [''] : Array.from(text);
}

/** A pattern without metacharacters is split like a plain string (as Java's own fast path does). */
function splitLiteral(text: string, separator: string, budget: ExpressionBudget): string[] {
  budget.charge('scan', text.length + separator.length);
  if (!text.includes(separator)) return [text];
  const pieces = text.split(separator);
  while (pieces.length > 0 && pieces[pieces.length - 1] === '') pieces.pop();
  return pieces;
}

/** Compiles (or reuses) a pattern after checking its length and estimated program size; compiling is charged per instruction. */
function compile(pattern: string, budget: ExpressionBudget): Compiled {
  const cached = budget.compiled.get(pattern) as Compiled | undefined;
  if (cached !== undefined) return cached;
  if (pattern.length > MAX_REGEX_LENGTH) {
    throw limitFailure(`regular expression is longer than ${MAX_REGEX_LENGTH} characters`);
  }
  const estimate = estimateProgramSize(pattern);
  if (estimate > MAX_REGEX_PROGRAM_SIZE) throw tooLarge(pattern, estimate);
  budget.charge('regex', estimate * REGEX_COMPILE_COST);
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern);
  } catch (error) {
    throw unsupported(pattern, error);
  }
  const size = re.programSize();
  if (size > MAX_REGEX_PROGRAM_SIZE) throw tooLarge(pattern, size);
  const compiled = { re, size };
  budget.compiled.set(pattern, compiled);
  return compiled;
}

function tooLarge(pattern: string, size: number): ExpressionFailure {
  return limitFailure(
    `regular expression '${abbreviate(pattern)}' is too large: about ${size} instructions, at most ${MAX_REGEX_PROGRAM_SIZE} (large repetition counts such as {1000} multiply the pattern)`,
  );
}

const UNSUPPORTED_SYNTAX: [RegExp, string][] = [
  [/\\[1-9]|\\k</, 'backreferences'],
  [/\(\?<?[=!]/, 'lookahead and lookbehind'],
  [/\(\?>/, 'atomic groups'],
  [/[*+?}]\+/, 'possessive quantifiers'],
];

function unsupported(pattern: string, error: unknown): ExpressionFailure {
  const reason = error instanceof Error ? error.message : String(error);
  const feature = UNSUPPORTED_SYNTAX.find(([shape]) => shape.test(pattern));
  const why = feature
    ? `${feature[1]} are not supported: regular expressions run on a linear-time engine (RE2 syntax)`
    : `${reason} (regular expressions use RE2 syntax)`;
  return new ExpressionFailure(`invalid regular expression '${abbreviate(pattern)}': ${why}`);
}

/**
 * An upper bound of the RE2 program size, computed from the text before compiling (compiling a
 * huge program is itself slow): every atom counts 1, alternatives and quantifiers add a few
 * instructions, groups add two, and a counted repetition `{n,m}` multiplies its operand by m.
 */
export function estimateProgramSize(pattern: string): number {
  // One frame per open group: size of the finished part, and of the last atom (for a quantifier).
  const frames: { total: number; last: number }[] = [{ total: 2, last: 0 }];
  const top = () => frames[frames.length - 1];
  const atom = (size: number) => {
    top().total += top().last;
    top().last = size;
  };
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === '\\') {
      i = skipEscape(pattern, i);
      atom(1);
    } else if (c === '[') {
      i = skipClass(pattern, i);
      atom(1);
    } else if (c === '(') {
      frames.push({ total: 2, last: 0 });
      i += 1;
    } else if (c === ')') {
      const closed = frames.length > 1 ? (frames.pop() as { total: number; last: number }) : { total: 0, last: 0 };
      i += 1;
      atom(closed.total + closed.last);
    } else if (c === '|') {
      top().total += top().last + 1;
      top().last = 0;
      i += 1;
    } else if (c === '*' || c === '+' || c === '?') {
      top().last += 2;
      i += 1;
    } else if (c === '{') {
      const counted = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i, i + 24));
      if (counted === null) {
        atom(1);
        i += 1;
      } else {
        const min = Number(counted[1]);
        const max = counted[3] === undefined ? min : counted[3] === '' ? min + 1 : Number(counted[3]);
        // RE2 expands x{n,m} into n copies of x and m−n optional ones (two more instructions each).
        top().last = (top().last + 2) * Math.max(min, max, 1) + 2;
        i += counted[0].length;
      }
    } else {
      atom(1);
      i += 1;
    }
    if (top().total + top().last > MAX_REGEX_PROGRAM_SIZE * 4) return top().total + top().last;
  }
  let size = 0;
  for (const frame of frames) size += frame.total + frame.last;
  return size;
}

/** Skips one escape: `\x`, `\Q…\E`, `\p{…}`, `\x{…}`. */
function skipEscape(pattern: string, start: number): number {
  const next = pattern[start + 1];
  if (next === 'Q') {
    const end = pattern.indexOf('\\E', start + 2);
    return end === -1 ? pattern.length : end + 2;
  }
  if ((next === 'p' || next === 'P' || next === 'x') && pattern[start + 2] === '{') {
    const close = pattern.indexOf('}', start + 3);
    return close === -1 ? pattern.length : close + 1;
  }
  return start + 2;
}

/** Skips a character class, nested POSIX classes (`[[:alpha:]]`) and escapes included. */
function skipClass(pattern: string, start: number): number {
  let i = start + 1;
  if (pattern[i] === '^') i += 1;
  if (pattern[i] === ']') i += 1;
  while (i < pattern.length && pattern[i] !== ']') {
    if (pattern[i] === '\\') i = skipEscape(pattern, i);
    else if (pattern[i] === '[' && pattern[i + 1] === ':') {
      const close = pattern.indexOf(':]', i + 2);
      i = close === -1 ? i + 1 : close + 2;
    } else i += 1;
  }
  return i + 1;
}

/** A pattern without metacharacters is replaced like a plain string; its only group is `$0`. */
function replaceLiteral(text: string, literal: string, replacement: string, budget: ExpressionBudget): string {
  budget.charge('scan', text.length + literal.length);
  const expanded = expandReplacement(replacement, { count: 0, group: () => literal, hasName: () => false });
  let occurrences = 0;
  for (let at = text.indexOf(literal); at !== -1; at = text.indexOf(literal, at + literal.length)) occurrences += 1;
  const length = text.length + occurrences * (expanded.length - literal.length);
  if (length > MAX_STRING_LENGTH) throw limitFailure(`result is longer than ${MAX_STRING_LENGTH} characters`);
  budget.charge('scan', length);
  return text.split(literal).join(expanded);
}

/** The groups of one match, as a replacement sees them. */
interface MatchGroups {
  /** Number of capturing groups (group 0, the whole match, not counted). */
  count: number;
  group(group: number | string): string | null;
  hasName(name: string): boolean;
}

function groupsOf(m: Matcher, re: RE2JS): MatchGroups {
  return { count: m.groupCount(), group: (g) => m.group(g), hasName: (name) => hasOwn(re.namedGroups(), name) };
}

/** Expands Java's replacement syntax for one match: `$n`, `${name}`, and `\` escaping the next character. */
function expandReplacement(template: string, m: MatchGroups): string {
  let out = '';
  for (let i = 0; i < template.length; i += 1) {
    const c = template[i];
    if (c === '\\') {
      i += 1;
      out += template[i] ?? '';
    } else if (c === '$') {
      const next = template[i + 1] ?? '';
      if (next === '{') {
        const close = template.indexOf('}', i + 2);
        const name = close === -1 ? '' : template.slice(i + 2, close);
        if (!/^[A-Za-z][A-Za-z0-9]*$/.test(name)) throw new ExpressionFailure("'${' in a replacement must be followed by a group name and '}'");
        if (!m.hasName(name)) throw new ExpressionFailure(`no group named '${name}'`);
        out += m.group(name) ?? '';
        i = close;
      } else if (next >= '0' && next <= '9') {
        const group = Number(next);
        if (group > m.count) throw new ExpressionFailure(`no group ${group} in the regular expression`);
        out += m.group(group) ?? '';
        i += 1;
      } else throw new ExpressionFailure("'$' in a replacement must be followed by a group number or {name}");
    } else out += c;
  }
  return out;
}
