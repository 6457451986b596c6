/** One watch() call: the instruments it asked for and who to tell. */
export interface Subscription<T, L> {
  readonly targets: readonly T[];
  readonly listener: L;
}

/**
 * The set of live watch() calls. Unsubscribing is idempotent, and iteration works on a copy so a
 * listener may unsubscribe (itself or others) while being called.
 */
export class Subscriptions<T, L> {
  private readonly active = new Set<Subscription<T, L>>();

  constructor(private readonly onChange: (count: number) => void) {}

  get size(): number {
    return this.active.size;
  }

  add(targets: readonly T[], listener: L): () => void {
    const subscription: Subscription<T, L> = { targets, listener };
    this.active.add(subscription);
    this.onChange(this.active.size);
    return () => {
      if (this.active.delete(subscription)) this.onChange(this.active.size);
    };
  }

  list(): Subscription<T, L>[] {
    return [...this.active];
  }

  clear(): void {
    if (this.active.size === 0) return;
    this.active.clear();
    this.onChange(0);
  }
}
