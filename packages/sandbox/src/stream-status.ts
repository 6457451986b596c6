import { Listeners, type Logger, type StreamStatus, type Unsubscribe } from '@openalgo/core';

/**
 * Status and listener bookkeeping shared by the sandbox streams. The sandbox is in-process, so a
 * stream is `open` from the start; a listener added later is told the current status (on the next
 * microtask, never inside the registering call) so code that waits for `open` does not hang.
 */
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
