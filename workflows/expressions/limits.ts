/** Bounds that make pathological expressions fail cleanly instead of hanging or overflowing the stack. */

/** Longest expression body (the text between `${` and `}`) the parser accepts. */
export const MAX_EXPRESSION_LENGTH = 10_000;

/** Deepest nesting of the syntax tree (parentheses, operator chains, calls...). */
export const MAX_NESTING_DEPTH = 128;

/** Most evaluation steps (one per syntax-tree node visited) a single expression may take. */
export const MAX_EVALUATION_STEPS = 100_000;

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
