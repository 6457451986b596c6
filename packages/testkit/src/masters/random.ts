/**
 * Stateless hashing randomness: every value is a pure function of (seed, stream, index), so any row
 * of the universe can be computed on its own, in any order, and the same seed always gives the same
 * universe.
 */
function mix(value: number): number {
  let t = (value + 0x9e3779b9) | 0;
  t ^= t >>> 16;
  t = Math.imul(t, 0x21f0aaad);
  t ^= t >>> 15;
  t = Math.imul(t, 0x735a2d97);
  t ^= t >>> 15;
  return t >>> 0;
}

export function seedOf(seed: number | string): number {
  if (typeof seed === 'number') return mix(seed | 0);
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
  return mix(h);
}

/** A uniform number in [0, 1). */
export function unit(seed: number, stream: number, index: number): number {
  return mix(seed ^ mix(stream ^ mix(index))) / 4_294_967_296;
}

export function pick<T>(items: readonly T[], seed: number, stream: number, index: number): T {
  return items[Math.floor(unit(seed, stream, index) * items.length)] as T;
}

/** Log-uniform between `low` and `high`: share prices spread over orders of magnitude. */
export function logUniform(low: number, high: number, seed: number, stream: number, index: number): number {
  return Math.exp(Math.log(low) + unit(seed, stream, index) * (Math.log(high) - Math.log(low)));
}
