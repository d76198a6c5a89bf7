/**
 * Bounds that make pathological expressions fail cleanly instead of hanging, exhausting memory or
 * overflowing the stack. The `*_BUDGET` values bound the cost of one expression by construction:
 * every node visited, every character a string operation touches, every element or character
 * created, copied or serialized, and every step of the regular-expression engine is charged before
 * (or as) the work is done. The worst case under these budgets is measured by
 * `bench/expression-worst-case.ts` (see BENCHMARKS.md).
 */

/** Longest expression body (the text between `${` and `}`) the parser accepts. */
export const MAX_EXPRESSION_LENGTH = 10_000;

/** Deepest nesting of the syntax tree (parentheses, operator chains, calls...). */
export const MAX_NESTING_DEPTH = 128;

/** Most evaluation steps (one per syntax-tree node visited) a single expression may take. */
export const EVALUATION_STEP_BUDGET = 50_000;

/** The step limit of executions recorded before the budgets (`gennaker-expr-budget-v1`). */
export const MAX_EVALUATION_STEPS = 100_000;

/**
 * Scan work of one expression: characters and elements read, written or compared by string and
 * data operations (case changes, searches, comparisons, concatenation, substrings, Base64, JSON,
 * list searches, measuring a structure before copying it), charged by length.
 */
export const SCAN_BUDGET = 10_000_000;

/**
 * A list element, map entry or scalar weighs this many characters in the size budget: copying or
 * serializing one costs tens of times more than one character, in time and memory.
 */
export const ELEMENT_UNITS = 16;

/**
 * Measuring a structure before copying, serializing or comparing it (visiting each list, map and
 * entry once) is charged this many scan units per node: visiting a node costs hundreds of times more
 * than comparing one character (measured with `bench/expression-worst-case.ts`).
 */
export const NODE_SCAN_UNITS = 128;

/**
 * Size of one expression's values: {@link ELEMENT_UNITS} per list element, map entry or scalar and
 * one per character of every value it creates, copies or serializes. A reference to an existing structure
 * (`#root`, `#this`, a variable) is free to hold but is charged its full expanded size when it is
 * copied into the result, serialized (`#toJson`, `+`, templates) or compared.
 */
export const SIZE_BUDGET = 2_000_000;

/**
 * Regular-expression work of one expression, in (program instructions + {@link REGEX_STEP_OVERHEAD})
 * × characters: RE2 runs in time proportional to program size × input length per scan, so each
 * scan is charged that product before it runs, and compiling a pattern is charged
 * {@link REGEX_COMPILE_COST} per instruction.
 */
export const REGEX_WORK_BUDGET = 150_000;

/** The fixed cost of one character of a scan, in instructions (measured: the engine's per-character overhead). */
export const REGEX_STEP_OVERHEAD = 10;

/** Regular-expression work charged per instruction for compiling a pattern (compiling costs far more than one scan step). */
export const REGEX_COMPILE_COST = 60;

/** Largest regular-expression program (estimated before compiling) that is compiled at all. */
export const MAX_REGEX_PROGRAM_SIZE = 1_000;

/**
 * The expressions evaluated in one workflow task (every stage that starts in that task) share this
 * many times the budgets of one expression, so that many stages starting at once cannot add up to
 * the sandbox's deadlock timeout either.
 */
export const WORKFLOW_TASK_BUDGET_MULTIPLE = 2;

/** Longest string an expression may build by concatenation. */
export const MAX_STRING_LENGTH = 1_000_000;

/** Most characters of new strings (operators, methods, functions) a single expression may build in total. */
export const MAX_BUILT_STRING_CHARS = 10_000_000;

/** Longest regular expression accepted by `matches`, `split` and `replaceAll`. */
export const MAX_REGEX_LENGTH = 1_000;

/** Longest string a regular expression is run against. */
export const MAX_REGEX_INPUT_LENGTH = 10_000;

/** Deepest object/array nesting walked when evaluating templates. */
export const MAX_TEMPLATE_DEPTH = 200;
