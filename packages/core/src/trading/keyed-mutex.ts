/**
 * Serialises async tasks per key with a promise chain: tasks for the same key run one after the
 * other in call order, tasks for different keys run concurrently. A key's entry is removed as soon
 * as its chain drains, so a long-running process holding many symbols does not grow the map.
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `task` once every earlier task for `key` has settled; a failing task does not block the next. */
  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release: () => void = () => {};
    const done = new Promise<void>((resolve) => {
      release = resolve;
    });
    // `previous` never rejects (it is built from `done` promises only), so the chain cannot break.
    const tail = previous.then(() => done);
    this.tails.set(key, tail);
    try {
      await previous;
      return await task();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** True while a task for `key` is running or queued. */
  isLocked(key: string): boolean {
    return this.tails.has(key);
  }

  /** Number of keys with a running or queued task. */
  get size(): number {
    return this.tails.size;
  }
}
