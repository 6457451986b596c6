import type { Action, Exchange, Logger } from '@openalgo/core';
import type { MarketSnapshot, PriceSource } from '../market/price-source.js';
import { marketPrice } from './matching.js';
import { instrumentKey } from './records.js';

interface Ref {
  symbol: string;
  exchange: Exchange;
}

/**
 * The engine's window on the price source, remembering the last snapshot seen per instrument.
 * Time-based work that runs inside a synchronous step (a square-off caught up while matching a
 * tick) prices from that memory instead of waiting for a quote.
 */
export class MarketAccess {
  private readonly latest = new Map<string, MarketSnapshot>();

  constructor(
    private readonly source: PriceSource,
    private readonly logger: Logger,
  ) {}

  remember(snapshot: MarketSnapshot): void {
    this.latest.set(instrumentKey(snapshot.exchange, snapshot.symbol), snapshot);
  }

  /** Without a promise, from sources that price locally (the synthetic market); else undefined. */
  snapshotNow(ref: Ref): MarketSnapshot | undefined {
    if (!this.source.snapshotSync) return undefined;
    const snapshot = this.source.snapshotSync({ symbol: ref.symbol, exchange: ref.exchange });
    this.remember(snapshot);
    return snapshot;
  }

  async snapshot(ref: Ref): Promise<MarketSnapshot> {
    const snapshot = await this.source.snapshot({ symbol: ref.symbol, exchange: ref.exchange });
    this.remember(snapshot);
    return snapshot;
  }

  /** Refreshes the instruments of `rows`; a failed quote leaves the last one seen in place. */
  async refresh(rows: readonly Ref[]): Promise<void> {
    const refs = new Map(rows.map((r) => [instrumentKey(r.exchange, r.symbol), r]));
    await Promise.all(
      [...refs.values()].map((ref) =>
        this.snapshot(ref).catch((error: unknown) => {
          const { symbol, exchange } = ref;
          this.logger.warn({ err: error, symbol, exchange }, 'quote failed; using the last price seen');
        }),
      ),
    );
  }

  /** Where a market order would trade now, or 0 when nothing is known. */
  marketPrice(key: string, action: Action): number {
    const snapshot = this.latest.get(key);
    return snapshot ? marketPrice(snapshot, action) : 0;
  }

  ltp(key: string): number {
    return this.latest.get(key)?.ltp ?? 0;
  }
}
