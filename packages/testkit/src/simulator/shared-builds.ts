/**
 * Built once per process, keyed by what determines the result: a harness that starts a fresh
 * simulator per check (100k-row instrument masters, CSV bytes) pays for the build once. Holds at
 * most `limit` results, dropping the oldest, so a long test run cannot grow without bound.
 */
export class SharedBuilds<T> {
  private readonly cache = new Map<string, T>();

  constructor(private readonly limit = 2) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be ≥ 1, got ${limit}`);
  }

  get(key: string, build: () => T): T {
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const built = build();
    if (this.cache.size >= this.limit) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(key, built);
    return built;
  }

  get size(): number {
    return this.cache.size;
  }
}
