/**
 * Small, fast, deterministic randomness. Every synthetic price is a pure function of
 * (seed, instrument, time), so instead of one global generator each (root, day) or (instrument, step)
 * gets its own generator seeded from a hash: any instant can be computed without replaying history.
 */

/** Murmur3's finaliser: spreads the bits so nearby inputs (day 100, day 101) give unrelated outputs. */
export function mix32(value: number): number {
  let x = value | 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** 32-bit FNV-1a of a string, finalised; stable across runs, platforms and Node versions. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

/** Hash of a hash and an integer (negative integers are fine: days before 1970 still work). */
export function combine(hash: number, value: number): number {
  return mix32((hash ^ mix32((value | 0) + 0x9e3779b9)) + Math.imul(value | 0, 0x27d4eb2f));
}

/** [0, 1) from a 32-bit hash. */
export function unitFromHash(hash: number): number {
  return (hash >>> 0) / 4294967296;
}

/** [-1, 1) from a 32-bit hash. */
export function signedFromHash(hash: number): number {
  return (hash >>> 0) / 2147483648 - 1;
}

/** Mulberry32: one 32-bit word of state, a handful of integer ops per draw, good enough for a walk. */
export class Mulberry32 {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform in [-1, 1). */
  nextSigned(): number {
    return this.next() * 2 - 1;
  }
}

/** The hash every series of one market derives from; any finite number (or string) is a valid seed. */
export function seedHash(seed: number | string): number {
  return hashString(`seed:${String(seed)}`);
}
