import { type InstrumentRef, istToEpoch, ManualClock } from '@openalgo/core';
import { FakeAdapter, type FakeMarketStream, instrumentRow } from '@openalgo/core/testing';
import type { MarketSnapshot } from '../../src/market/price-source.js';
import { SyntheticMarket } from '../../src/market/synthetic-market.js';

/** Monday 2026-01-05 10:00:00 IST, inside the NSE session. */
export const MONDAY_10AM = istToEpoch(2026, 1, 5, 10, 0, 0);

export const NIFTY: InstrumentRef = { symbol: 'NIFTY', exchange: 'NSE_INDEX' };
export const SBIN: InstrumentRef = { symbol: 'SBIN', exchange: 'NSE' };
export const SBIN_BSE: InstrumentRef = { symbol: 'SBIN', exchange: 'BSE' };
export const NIFTY_FUT: InstrumentRef = { symbol: 'NIFTY27JAN26FUT', exchange: 'NFO' };
export const CRUDE_FUT: InstrumentRef = { symbol: 'CRUDEOIL19JAN26FUT', exchange: 'MCX' };

export function marketAt(at = MONDAY_10AM, seed = 42, tickIntervalMs = 1000) {
  const clock = new ManualClock(at);
  const market = new SyntheticMarket({ clock, seed, tickIntervalMs });
  return { clock, market };
}

/** Is `price` a whole number of ticks (within float noise)? */
export function onTick(price: number, tick: number): boolean {
  return Math.abs(price / tick - Math.round(price / tick)) < 1e-6;
}

/** The book and ranges make sense for a traded instrument. */
export function expectSaneSnapshot(s: MarketSnapshot, tick: number, lot: number): string[] {
  const problems: string[] = [];
  const say = (what: string) => problems.push(`${s.exchange}:${s.symbol} ${what}`);
  if (!(s.ltp > 0)) say(`ltp ${s.ltp} not > 0`);
  for (const [name, value] of Object.entries({
    ltp: s.ltp,
    open: s.open,
    high: s.high,
    low: s.low,
    prevClose: s.prevClose,
  })) {
    if (!onTick(value, tick)) say(`${name} ${value} not on tick ${tick}`);
  }
  if (!(s.low <= s.ltp && s.ltp <= s.high)) say(`ltp ${s.ltp} outside ${s.low}..${s.high}`);
  if (!(s.low <= s.open && s.open <= s.high)) say(`open ${s.open} outside ${s.low}..${s.high}`);
  if (!Number.isInteger(s.volume) || s.volume < 0 || s.volume % lot !== 0) say(`volume ${s.volume}`);
  if (s.bid > 0 && s.ask > 0 && !(s.bid < s.ask)) say(`crossed/locked book ${s.bid}/${s.ask}`);
  if (s.bid > 0 && !(s.bid <= s.ltp)) say(`bid ${s.bid} above ltp ${s.ltp}`);
  if (s.ask > 0 && !(s.ask >= s.ltp)) say(`ask ${s.ask} below ltp ${s.ltp}`);
  if (s.bids[0]?.price !== (s.bid || undefined)) say('bid is not the best bid level');
  if (s.asks[0]?.price !== (s.ask || undefined)) say('ask is not the best ask level');
  s.bids.forEach((level, i) => {
    if (i > 0 && !(level.price < (s.bids[i - 1]?.price ?? 0))) say('bids not descending');
    if (!(level.quantity > 0 && level.quantity % lot === 0)) say(`bid quantity ${level.quantity}`);
    if (!onTick(level.price, tick) || level.price <= 0) say(`bid level price ${level.price}`);
  });
  s.asks.forEach((level, i) => {
    if (i > 0 && !(level.price > (s.asks[i - 1]?.price ?? 0))) say('asks not ascending');
    if (!(level.quantity > 0 && level.quantity % lot === 0)) say(`ask quantity ${level.quantity}`);
    if (!onTick(level.price, tick)) say(`ask level price ${level.price}`);
  });
  if (s.asks.length !== 5) say(`${s.asks.length} ask levels`);
  return problems;
}

/**
 * The live broker an analyzer or live price source reads: core's fake adapter with a live-looking market
 * (a spread, a day's range, six levels a side), prices set per instrument and nothing else known.
 */
export function liveBroker(options: { depth: boolean; stream: boolean }): FakeAdapter {
  return new FakeAdapter({
    manifest: { id: 'fakebroker', capabilities: { getDepth: options.depth, marketStream: options.stream } },
    defaultPrice: null,
    market: {
      halfSpread: 0.05,
      open: -1,
      high: 2,
      low: -2,
      prevClose: -3,
      volume: 5000,
      bidQuantity: 40,
      askQuantity: 60,
      depthLevels: 6,
      levelQuantity: 10,
      ltq: 7,
    },
    candles: [{ timestamp: 1_767_585_600, open: 1, high: 2, low: 0.5, close: 1.5, volume: 10, oi: 0 }],
    instruments: [instrumentRow({ symbol: 'SBIN', exchange: 'NSE', brsymbol: 'SBIN-EQ', token: '3045' })],
  });
}

export const quoteCalls = (adapter: FakeAdapter) => adapter.callsTo('getQuotes').map((c) => c.args[0]);
export const depthCalls = (adapter: FakeAdapter) => adapter.callsTo('getDepth').map((c) => c.args[0]);
export const subscribes = (stream: FakeMarketStream | undefined) =>
  stream?.callsOf('subscribe').map((c) => [c.refs, c.mode]);
export const unsubscribes = (stream: FakeMarketStream | undefined) =>
  stream?.callsOf('unsubscribe').map((c) => c.refs);
