/**
 * Finds dependency cycles among stages. Returns each cycle once, as the refIds along it with the
 * first repeated at the end (e.g. ["1", "2", "1"]).
 */
export function findCycles(edges: Map<string, string[]>): string[][] {
  const state = new Map<string, 'visiting' | 'done'>();
  const cycles: string[][] = [];
  const seen = new Set<string>();
  const path: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'visiting');
    path.push(node);
    for (const parent of edges.get(node) ?? []) {
      if (!edges.has(parent)) continue;
      if (state.get(parent) === 'visiting') {
        const cycle = [...path.slice(path.indexOf(parent)), parent];
        const key = [...cycle.slice(0, -1)].sort().join('\u0000');
        if (!seen.has(key)) {
          seen.add(key);
          cycles.push(cycle);
        }
      } else if (!state.has(parent)) {
        visit(parent);
      }
    }
    path.pop();
    state.set(node, 'done');
  };
  for (const node of edges.keys()) if (!state.has(node)) visit(node);
  return cycles;
}
