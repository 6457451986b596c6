import type { Exchange } from '../../src/model/enums.js';
import type { Instrument } from '../../src/model/instrument.js';
import type { Quote } from '../../src/model/market.js';
import type { InstrumentRef } from '../../src/model/order.js';
import type { OptionMarket } from '../../src/options/underlying.js';
import { InstrumentIndex } from '../../src/symbols/instrument-index.js';
import { instrumentRow } from '../../src/testing/instrument-row.js';
import { istToEpoch } from '../../src/time/ist.js';

/** 2024-11-20 10:00 IST: before every fixture expiry. */
export const NOW = istToEpoch(2024, 11, 20, 10, 0);

export function optionRow(
  base: string,
  compact: string,
  dashed: string,
  strike: number,
  type: 'CE' | 'PE',
  exchange: Exchange = 'NFO',
  extra: Partial<Instrument> = {},
): Instrument {
  return instrumentRow({
    symbol: `${base}${compact}${strike}${type}`,
    exchange,
    name: base,
    expiry: dashed,
    strike,
    lotSize: 25,
    instrumentType: type,
    ...extra,
  });
}

export function futureRow(
  base: string,
  compact: string,
  dashed: string,
  exchange: Exchange = 'NFO',
): Instrument {
  return instrumentRow({
    symbol: `${base}${compact}FUT`,
    exchange,
    name: base,
    expiry: dashed,
    lotSize: 25,
    instrumentType: 'FUT',
  });
}

/** Both sides of every strike from `low` to `high` in `step`s. */
export function chainRows(
  base: string,
  compact: string,
  dashed: string,
  strikes: readonly number[],
  exchange: Exchange = 'NFO',
): Instrument[] {
  return strikes.flatMap((k) => [
    optionRow(base, compact, dashed, k, 'CE', exchange),
    optionRow(base, compact, dashed, k, 'PE', exchange),
  ]);
}

export function range(low: number, high: number, step: number): number[] {
  const out: number[] = [];
  for (let k = low; k <= high; k += step) out.push(k);
  return out;
}

export function quoteOf(ref: InstrumentRef, ltp: number, extra: Partial<Quote> = {}): Quote {
  return {
    symbol: ref.symbol,
    exchange: ref.exchange,
    ltp,
    open: ltp,
    high: ltp,
    low: ltp,
    prevClose: ltp,
    volume: 0,
    oi: 0,
    bid: ltp,
    ask: ltp,
    raw: null,
    ...extra,
  };
}

/** A market over `rows` whose quotes come from `prices` (`EXCH:SYMBOL` → ltp); records every call. */
export function stubMarket(rows: readonly Instrument[], prices: Record<string, number>, now = NOW) {
  const calls: InstrumentRef[][] = [];
  const market: OptionMarket = {
    index: InstrumentIndex.fromRows(rows),
    now: () => now,
    quotes: async (refs) => {
      calls.push([...refs]);
      return refs.flatMap((ref) => {
        const ltp = prices[`${ref.exchange}:${ref.symbol}`];
        return ltp === undefined ? [] : [quoteOf(ref, ltp)];
      });
    },
  };
  return { market, calls };
}
