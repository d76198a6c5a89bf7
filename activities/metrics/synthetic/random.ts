/**
 * Counter-based pseudo-random numbers: the k-th draw of point i under a seed is a pure function of
 * (seed, i, k), so a series can be regenerated point by point in any order, by any process.
 */

/** 32-bit FNV-1a of a string, for string seeds. */
export function hashSeed(seed: string | number): number {
  const text = String(seed);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A well-mixed 32-bit integer of three inputs (murmur3's finalizer over a combined key). */
function mix(a: number, b: number, c: number): number {
  let h = (a ^ Math.imul(b, 0x9e3779b1) ^ Math.imul(c + 0x7f4a7c15, 0x85ebca6b)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Uniform in (0, 1): the `draw`-th number of point `index` under `seed`. */
export function uniform(seed: number, index: number, draw: number): number {
  return (mix(seed, index, draw) + 0.5) / 4294967296;
}

/** Standard normal (Box–Muller over two uniform draws) for point `index` under `seed`. */
export function standardNormal(seed: number, index: number): number {
  const u1 = uniform(seed, index, 0);
  const u2 = uniform(seed, index, 1);
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}
