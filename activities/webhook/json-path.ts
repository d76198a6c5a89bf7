/**
 * Reads a value by a simple JSONPath (`$.a.b[0].c`, `a.b`, `$['a']`), enough for Spinnaker's
 * `statusJsonPath`/`statusUrlJsonPath`. Returns undefined when any step is missing.
 */
export function readJsonPath(value: unknown, path: string): unknown {
  const steps: (string | number)[] = [];
  const re = /\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\]|^([A-Za-z_][\w$-]*)/g;
  const body = path.trim().replace(/^\$/, '');
  let match: RegExpExecArray | null;
  let consumed = 0;
  while ((match = re.exec(body)) !== null) {
    if (match.index !== consumed) return undefined;
    consumed = re.lastIndex;
    const [, dot, index, single, double, bare] = match;
    steps.push(index !== undefined ? Number(index) : (dot ?? single ?? double ?? bare) as string);
  }
  if (consumed !== body.length) return undefined;
  let current: unknown = value;
  for (const step of steps) {
    if (current === null || typeof current !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(current, step)) return undefined;
    current = (current as Record<string | number, unknown>)[step];
  }
  return current;
}
