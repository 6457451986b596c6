import type { InstrumentRef } from '@openalgo/core';
import type { PriceListener, PriceSource } from '../market/price-source.js';
import { instrumentKey } from './records.js';

/**
 * Keeps exactly the instruments with working orders subscribed: a resting order is matched on
 * every snapshot of its instrument, and an instrument nobody waits on costs nothing.
 */
export class WorkingOrderWatch {
  private readonly subscriptions = new Map<string, () => void>();

  constructor(
    private readonly priceSource: PriceSource,
    private readonly listener: PriceListener,
  ) {}

  /** Subscribes or unsubscribes `ref` so that it is watched exactly when `needed`. */
  update(ref: InstrumentRef, needed: boolean): void {
    const key = instrumentKey(ref.exchange, ref.symbol);
    const unsubscribe = this.subscriptions.get(key);
    if (needed && !unsubscribe) {
      // Registered before `watch` returns in case the source emits synchronously.
      this.subscriptions.set(key, () => {});
      this.subscriptions.set(
        key,
        this.priceSource.watch([{ symbol: ref.symbol, exchange: ref.exchange }], this.listener),
      );
    } else if (!needed && unsubscribe) {
      this.subscriptions.delete(key);
      unsubscribe();
    }
  }

  watched(): string[] {
    return [...this.subscriptions.keys()];
  }

  close(): void {
    for (const unsubscribe of this.subscriptions.values()) unsubscribe();
    this.subscriptions.clear();
  }
}
