import type { DepthLevel } from '@openalgo/core';
import type { MarketSnapshot } from '@openalgo/sandbox';
import { expiryEpochSeconds } from './fyers-symbols.js';
import type { FyersInstrument } from './master.js';

/**
 * What Fyers' quote shapes need: a sandbox snapshot for priced instruments, a still picture at the
 * master's price for a filler row (listed, never priced).
 */
export type QuoteSource = Pick<
  MarketSnapshot,
  | 'ltp'
  | 'bid'
  | 'ask'
  | 'open'
  | 'high'
  | 'low'
  | 'prevClose'
  | 'volume'
  | 'oi'
  | 'lastQuantity'
  | 'lowerCircuit'
  | 'upperCircuit'
  | 'timestamp'
> & { bids: readonly DepthLevel[]; asks: readonly DepthLevel[] };

export function quoteSource(
  instrument: FyersInstrument,
  snapshotOf: (i: FyersInstrument) => MarketSnapshot | undefined,
  now: number,
): QuoteSource {
  const snapshot = snapshotOf(instrument);
  if (snapshot) return snapshot;
  const p = instrument.lastPrice;
  return {
    ltp: p,
    bid: 0,
    ask: 0,
    open: p,
    high: p,
    low: p,
    prevClose: p,
    volume: 0,
    oi: 0,
    lastQuantity: 0,
    bids: [],
    asks: [],
    timestamp: now,
  };
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function change(q: QuoteSource): { ch: number; chp: number } {
  const ch = round2(q.ltp - q.prevClose);
  return { ch, chp: q.prevClose > 0 ? round2((ch / q.prevClose) * 100) : 0 };
}

/** The volume-weighted price the sandbox does not track: the day's typical price, to the paisa. */
function atp(q: QuoteSource): number {
  return round2((q.high + q.low + q.ltp) / 3);
}

/** `exchange` in a quote is the exchange's name (`NSE`), the ticker's prefix. */
function exchangeName(instrument: FyersInstrument): string {
  return instrument.ticker.slice(0, instrument.ticker.indexOf(':'));
}

/** `v` of one `GET /data/quotes` entry (brokers.md §3.4: no OI). */
export function quoteValue(instrument: FyersInstrument, q: QuoteSource): Record<string, unknown> {
  return {
    ...change(q),
    lp: q.ltp,
    spread: q.ask > 0 && q.bid > 0 ? round2(q.ask - q.bid) : 0,
    ask: q.ask,
    bid: q.bid,
    open_price: q.open,
    high_price: q.high,
    low_price: q.low,
    prev_close_price: q.prevClose,
    atp: atp(q),
    volume: q.volume,
    short_name: instrument.ticker.slice(instrument.ticker.indexOf(':') + 1),
    exchange: exchangeName(instrument),
    description: instrument.ticker,
    original_name: instrument.ticker,
    symbol: instrument.ticker,
    fyToken: instrument.fyToken,
    tt: Math.floor(q.timestamp / 1000),
  };
}

/** Five levels a side, best first, padded with zero levels; `ord` is the order count. */
function depthSide(levels: readonly DepthLevel[]): Array<{ price: number; volume: number; ord: number }> {
  const out = levels.slice(0, 5).map((l) => ({ price: l.price, volume: l.quantity, ord: l.orders ?? 1 }));
  while (out.length < 5) out.push({ price: 0, volume: 0, ord: 0 });
  return out;
}

/** One `GET /data/depth` entry, keyed by ticker by the caller; note Fyers' singular `ask` key. */
export function depthValue(instrument: FyersInstrument, q: QuoteSource): Record<string, unknown> {
  const sum = (levels: readonly DepthLevel[]) => levels.reduce((n, l) => n + l.quantity, 0);
  return {
    totalbuyqty: sum(q.bids),
    totalsellqty: sum(q.asks),
    bids: depthSide(q.bids),
    ask: depthSide(q.asks),
    o: q.open,
    h: q.high,
    l: q.low,
    c: q.prevClose,
    ...change(q),
    tick_Size: instrument.tickSize,
    ltq: q.lastQuantity,
    ltt: Math.floor(q.timestamp / 1000),
    ltp: q.ltp,
    v: q.volume,
    atp: atp(q),
    lower_ckt: q.lowerCircuit ?? 0,
    upper_ckt: q.upperCircuit ?? 0,
    expiry: instrument.expiry ? String(expiryEpochSeconds(instrument.expiry)) : '',
    oi: q.oi,
    oiflag: instrument.kind === 'future' || instrument.kind === 'option',
    pdoi: q.oi,
    oipercent: 0,
  };
}
