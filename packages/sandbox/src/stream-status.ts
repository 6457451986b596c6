import type { Logger, StreamStatus, Unsubscribe } from '@openalgo/core';

/**
 * Status and listener bookkeeping shared by the sandbox streams. The sandbox is in-process, so a
 * stream is `open` from the start; a listener added later is told the current status (on the next
 * microtask, never inside the registering call) so code that waits for `open` does not hang.
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
        this.logger.error({ err: error }, `${this.what} listener threw`);
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}

export class StatusChannel {
  private current: StreamStatus = { state: 'open' };
  private readonly listeners: Listeners<StreamStatus>;

  constructor(logger: Logger) {
    this.listeners = new Listeners(logger, 'stream status');
  }

  get status(): StreamStatus {
    return this.current;
  }

  onStatus(listener: (status: StreamStatus) => void): Unsubscribe {
    const unsubscribe = this.listeners.add(listener);
    const replay = this.current;
    queueMicrotask(() => {
      if (this.listeners.has(listener)) listener(replay);
    });
    return unsubscribe;
  }

  set(status: StreamStatus): void {
    this.current = status;
    this.listeners.emit(status);
  }

  clear(): void {
    this.listeners.clear();
  }
}
