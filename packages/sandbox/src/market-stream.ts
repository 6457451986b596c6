import {
  type InstrumentRef,
  InvalidRequestError,
  Listeners,
  type Logger,
  type MarketStream,
  type StreamMode,
  StreamModeSchema,
  type StreamStatus,
  type Tick,
  type Unsubscribe,
} from '@openalgo/core';
import { toTick } from './mapping.js';
import type { MarketSnapshot, PriceSource } from './market/price-source.js';
import { StatusChannel } from './stream-status.js';

interface Subscription {
  mode: StreamMode;
  stop: () => void;
}

export interface MarketStreamOptions {
  priceSource: PriceSource;
  /** Checks the session and resolves the symbol (SYMBOL_NOT_FOUND) before anything subscribes. */
  check: (ref: InstrumentRef) => void;
  logger: Logger;
}

/**
 * The market feed over the price source's `watch`: one watch per subscribed instrument, ticks
 * shaped by the instrument's mode. Subscribing sends the current snapshot at once, as a broker's
 * feed sends the last tick on subscribe.
 */
export class SandboxMarketStream implements MarketStream {
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly ticks: Listeners<Tick>;
  private readonly status: StatusChannel;
  private closed = false;

  constructor(private readonly options: MarketStreamOptions) {
    this.ticks = new Listeners(options.logger, 'tick');
    this.status = new StatusChannel(options.logger);
  }

  async subscribe(instruments: readonly InstrumentRef[], mode: StreamMode): Promise<void> {
    if (this.closed) throw new InvalidRequestError('The market stream is closed: open a new one');
    const checkedMode = StreamModeSchema.safeParse(mode);
    if (!checkedMode.success) {
      throw new InvalidRequestError(`Invalid stream mode "${String(mode)}": must be ltp, quote or depth`, {
        field: 'mode',
      });
    }
    for (const ref of instruments) this.options.check(ref);
    const fresh: InstrumentRef[] = [];
    for (const ref of instruments) {
      const key = `${ref.exchange}:${ref.symbol}`;
      const existing = this.subscriptions.get(key);
      if (existing) {
        existing.mode = checkedMode.data;
        continue;
      }
      const subscription: Subscription = { mode: checkedMode.data, stop: () => {} };
      this.subscriptions.set(key, subscription);
      subscription.stop = this.options.priceSource.watch(
        [{ symbol: ref.symbol, exchange: ref.exchange }],
        (s) => this.deliver(key, s),
      );
      fresh.push(ref);
    }
    const snapshots = await Promise.all(fresh.map((ref) => this.options.priceSource.snapshot(ref)));
    for (const snapshot of snapshots) this.deliver(`${snapshot.exchange}:${snapshot.symbol}`, snapshot);
  }

  async unsubscribe(instruments: readonly InstrumentRef[]): Promise<void> {
    for (const ref of instruments) {
      const key = `${ref.exchange}:${ref.symbol}`;
      this.subscriptions.get(key)?.stop();
      this.subscriptions.delete(key);
    }
  }

  onTick(listener: (tick: Tick) => void): Unsubscribe {
    return this.ticks.add(listener);
  }

  onStatus(listener: (status: StreamStatus) => void): Unsubscribe {
    return this.status.onStatus(listener);
  }

  /** Instruments currently subscribed, as `exchange:symbol` → mode. */
  subscribed(): Map<string, StreamMode> {
    return new Map([...this.subscriptions].map(([key, s]) => [key, s.mode]));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const subscription of this.subscriptions.values()) subscription.stop();
    this.subscriptions.clear();
    this.status.set({ state: 'closed', reason: 'closed by the client' });
    this.ticks.clear();
    this.status.clear();
  }

  private deliver(key: string, snapshot: MarketSnapshot): void {
    const subscription = this.subscriptions.get(key);
    if (!subscription || this.closed) return;
    this.ticks.emit(toTick(snapshot, subscription.mode));
  }
}
