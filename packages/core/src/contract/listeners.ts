import type { Logger } from '../http/logger.js';
import type { Unsubscribe } from './adapter.js';

/**
 * A set of stream listeners that cannot break each other or the stream by throwing: a throwing
 * listener is logged and the rest still run. Emission walks a snapshot, so a listener may unsubscribe
 * (itself or another) while being called. Every adapter's MarketStream/OrderStream needs this.
 */
export class Listeners<T> {
  private readonly listeners = new Set<(value: T) => void>();

  constructor(
    private readonly logger: Logger,
    private readonly what: string,
  ) {}

  add(listener: (value: T) => void): Unsubscribe {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  has(listener: (value: T) => void): boolean {
    return this.listeners.has(listener);
  }

  get size(): number {
    return this.listeners.size;
  }

  emit(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (error) {
        this.logger.error({ err: error, listener: this.what }, `${this.what} listener threw`);
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
