/**
 * The routes an Express app serves, read from its router once every router is mounted: which
 * methods a path allows (for `OPTIONS`) and what each path segment is called (so a problem in a
 * segment names `path.application` rather than a position).
 *
 * Express keeps its routes in `app.router.stack`: a layer with a `route` is a route, a layer whose
 * `handle` has a `stack` is a mounted router. Every router here is mounted at `/` (see app.ts).
 */
import type { Express } from 'express';

interface RouteLike {
  path?: unknown;
  methods?: Record<string, boolean>;
}
interface LayerLike {
  route?: RouteLike;
  handle?: { stack?: unknown };
}

/** One route: its path split into segments (`:name` for a parameter, `*` for a trailing wildcard). */
export interface RouteEntry {
  segments: string[];
  methods: Set<string>;
}

function segmentsOf(path: string): string[] | undefined {
  const segments = path.split('/').slice(1);
  const out: string[] = [];
  for (const [i, segment] of segments.entries()) {
    if (/^:[A-Za-z_$][\w$]*$/.test(segment)) out.push(segment);
    else if (/^\{?\*[\w$]+\}?$/.test(segment) && i === segments.length - 1) out.push('*');
    else if (/^[^:*{}()?+]*$/.test(segment)) out.push(segment);
    else return undefined; // a pattern this table does not model: left out
  }
  return out;
}

function collect(stack: unknown, into: RouteEntry[]): void {
  if (!Array.isArray(stack)) return;
  for (const layer of stack as LayerLike[]) {
    const route = layer?.route;
    if (route && typeof route.path === 'string' && route.methods) {
      const segments = segmentsOf(route.path);
      if (!segments) continue;
      const methods = new Set(Object.keys(route.methods).map((m) => m.toUpperCase()));
      into.push({ segments, methods });
    } else if (layer?.handle?.stack) {
      collect(layer.handle.stack, into);
    }
  }
}

/** The route table of `app`, built on first use (after every router has been mounted). */
export function routeTable(app: Express): () => RouteEntry[] {
  let table: RouteEntry[] | undefined;
  return () => {
    if (!table) {
      table = [];
      collect((app as unknown as { router?: { stack?: unknown } }).router?.stack, table);
    }
    return table;
  };
}

/**
 * Whether `segments` (already decoded) fits `route`. A literal segment must match exactly, a
 * parameter anything non-empty, a wildcard the rest.
 */
export function fits(route: RouteEntry, segments: readonly string[]): boolean {
  const wildcard = route.segments.at(-1) === '*';
  const fixed = wildcard ? route.segments.length - 1 : route.segments.length;
  if (wildcard ? segments.length < fixed : segments.length !== fixed) return false;
  for (let i = 0; i < fixed; i++) {
    const expected = route.segments[i];
    if (expected.startsWith(':') ? segments[i] === '' : expected !== segments[i]) return false;
  }
  return true;
}

/** Methods allowed on a path (HEAD with GET, OPTIONS always); empty when no route serves it. */
export function allowedMethods(routes: readonly RouteEntry[], segments: readonly string[]): string[] {
  const methods = new Set<string>();
  for (const route of routes) {
    if (!fits(route, segments)) continue;
    for (const method of route.methods) {
      if (method === '_ALL') return ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'];
      methods.add(method);
    }
  }
  if (!methods.size) return [];
  if (methods.has('GET')) methods.add('HEAD');
  methods.add('OPTIONS');
  return [...methods].sort();
}

/**
 * The name of segment `index` of a path (`path.application`), from the first route whose literal
 * segments agree with the ones that could be decoded; `path[index]` when no route says.
 */
export function segmentName(routes: readonly RouteEntry[], segments: readonly (string | undefined)[], index: number): string {
  for (const route of routes) {
    if (route.segments.length !== segments.length) continue;
    const agrees = route.segments.every(
      (expected, i) => i === index || expected.startsWith(':') || segments[i] === undefined || expected === segments[i],
    );
    const name = route.segments[index];
    if (agrees && name.startsWith(':')) return `path.${name.slice(1)}`;
  }
  return `path[${index}]`;
}
