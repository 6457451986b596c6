import { SymbolNotFoundError } from '../errors/openalgo-error.js';
import type { Exchange } from '../model/enums.js';
import type { Candle, Depth, DepthLevel, Quote } from '../model/market.js';
import type { InstrumentRef } from '../model/order.js';
import { refKey } from './fake-streams.js';

/**
 * How the fake derives a quote and a depth from an instrument's last price. Offsets are added to the
 * price; a depth level `i` (1-based) sits `i × halfSpread` from it with `i × levelQuantity`.
 */
export interface MarketShape {
  /** Bid and ask sit this far below and above the price; 0 puts all three on one price. */
  halfSpread: number;
  open: number;
  high: number;
  low: number;
  prevClose: number;
  volume: number;
  /** Quantities at the best bid and ask on a quote; left off the quote when undefined. */
  bidQuantity?: number;
  askQuantity?: number;
  /** Levels a side on a depth. */
  depthLevels: number;
  levelQuantity: number;
  /** Last traded quantity on a depth. */
  ltq: number;
}

/** A market that has not moved all day: every price field is the price, one empty level a side. */
export const FLAT_MARKET: MarketShape = Object.freeze({
  halfSpread: 0,
  open: 0,
  high: 0,
  low: 0,
  prevClose: 0,
  volume: 0,
  depthLevels: 1,
  levelQuantity: 0,
  ltq: 0,
});

export interface FakeMarketOptions {
  broker: string;
  shape?: Partial<MarketShape>;
  /** Price of instruments without one set; `null`: they are unknown (SYMBOL_NOT_FOUND). */
  defaultPrice?: number | null;
  candles?: readonly Candle[];
}

type QuoteFields = Omit<Quote, 'symbol' | 'exchange'>;
type DepthFields = Omit<Depth, 'symbol' | 'exchange'>;

const round = (n: number): number => Math.round(n * 1e6) / 1e6;

/** Prices per instrument, the quote and depth derived from them, and fields a test pins per instrument. */
export class FakeMarket {
  private readonly prices = new Map<string, number>();
  private readonly quoteOverrides = new Map<string, Partial<QuoteFields>>();
  private readonly depthOverrides = new Map<string, Partial<DepthFields>>();
  private readonly shape: MarketShape;
  candles: Candle[];

  constructor(private readonly options: FakeMarketOptions) {
    this.shape = { ...FLAT_MARKET, ...options.shape };
    this.candles = structuredClone([...(options.candles ?? [])]);
  }

  setPrice(ref: InstrumentRef, price: number): void {
    this.prices.set(refKey(ref), price);
  }

  /** Pins quote fields of one instrument over what the shape derives. */
  setQuote(ref: InstrumentRef, fields: Partial<QuoteFields>): void {
    this.quoteOverrides.set(refKey(ref), { ...this.quoteOverrides.get(refKey(ref)), ...fields });
  }

  /** Pins depth fields (levels, totals…) of one instrument over what the shape derives. */
  setDepth(ref: InstrumentRef, fields: Partial<DepthFields>): void {
    this.depthOverrides.set(refKey(ref), { ...this.depthOverrides.get(refKey(ref)), ...fields });
  }

  /** The instrument's price; SYMBOL_NOT_FOUND when it has none and there is no default. */
  priceOf(ref: { symbol: string; exchange: Exchange }): number {
    const price = this.prices.get(refKey(ref)) ?? this.options.defaultPrice ?? undefined;
    if (price === undefined) {
      throw new SymbolNotFoundError(`${ref.symbol} is not listed on ${ref.exchange}`, {
        broker: this.options.broker,
        details: { symbol: ref.symbol, exchange: ref.exchange },
      });
    }
    return price;
  }

  quote(ref: InstrumentRef): Quote {
    const ltp = this.priceOf(ref);
    const s = this.shape;
    const quantities = {
      ...(s.bidQuantity !== undefined ? { bidQuantity: s.bidQuantity } : {}),
      ...(s.askQuantity !== undefined ? { askQuantity: s.askQuantity } : {}),
    };
    return {
      symbol: ref.symbol,
      exchange: ref.exchange,
      ...this.session(ltp),
      bid: round(ltp - s.halfSpread),
      ask: round(ltp + s.halfSpread),
      ...quantities,
      raw: { fake: true },
      ...this.quoteOverrides.get(refKey(ref)),
    };
  }

  depth(ref: InstrumentRef): Depth {
    const ltp = this.priceOf(ref);
    const bids = this.levels(ltp, -1);
    const asks = this.levels(ltp, 1);
    const total = (levels: DepthLevel[]) => levels.reduce((sum, l) => sum + l.quantity, 0);
    const depth: Depth = {
      symbol: ref.symbol,
      exchange: ref.exchange,
      ...this.session(ltp),
      ltq: this.shape.ltq,
      bids,
      asks,
      totalBuyQuantity: total(bids),
      totalSellQuantity: total(asks),
      raw: { fake: true },
      ...this.depthOverrides.get(refKey(ref)),
    };
    return depth;
  }

  private session(ltp: number) {
    const s = this.shape;
    return {
      ltp,
      open: round(ltp + s.open),
      high: round(ltp + s.high),
      low: round(ltp + s.low),
      prevClose: round(ltp + s.prevClose),
      volume: s.volume,
      oi: 0,
    };
  }

  private levels(ltp: number, side: -1 | 1): DepthLevel[] {
    const { depthLevels, halfSpread, levelQuantity } = this.shape;
    return Array.from({ length: depthLevels }, (_, i) => ({
      price: round(ltp + side * halfSpread * (i + 1)),
      quantity: levelQuantity * (i + 1),
      ...(levelQuantity > 0 ? { orders: i + 1 } : {}),
    }));
  }
}
