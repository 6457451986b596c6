import type { Logger, Unsubscribe } from '@openalgo/core';

/** Listener sets whose members cannot break each other or the socket by throwing. */
export class Listeners<T> {
  private readonly set = new Set<(value: T) => void>();

  constructor(
    private readonly logger: Logger,
    private readonly what: string,
  ) {}

  add(listener: (value: T) => void): Unsubscribe {
    this.set.add(listener);
    return () => {
      this.set.delete(listener);
    };
  }

  get size(): number {
    return this.set.size;
  }

  emit(value: T): void {
    for (const listener of this.set) {
      try {
        listener(value);
      } catch (err) {
        this.logger.error({ err, listener: this.what }, `${this.what} listener threw`);
      }
    }
  }

  clear(): void {
    this.set.clear();
  }
}
