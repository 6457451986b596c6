import type { Exchange, Instrument } from '@openalgo/core';
import {
  BFO_INDEX_UNDERLYINGS,
  BSE_INDICES,
  COMMODITY_UNDERLYINGS,
  CURRENCY_UNDERLYINGS,
  NFO_INDEX_UNDERLYINGS,
  NSE_INDICES,
  STOCK_LOT_SIZES,
} from './catalogue.js';
import { type DerivativeFamily, derivativeRows } from './derivatives.js';
import { equityProfile } from './equities.js';
import { dayOfMonthExpiries, istDay, mergeExpiries, monthlyExpiries, weeklyExpiries } from './expiries.js';
import { pick, seedOf, unit } from './random.js';
import type { MasterInstrument, MasterUniverseOptions } from './types.js';

const TUESDAY = 2;
const THURSDAY = 4;
const WEDNESDAY = 3;
/** F&O stocks: the first names of the NSE list, as in the real market (~200 of them). */
const FNO_STOCKS = 200;

/** Shares of the rows after indices, close to a full Indian master's make-up. */
const SHARES = { nse: 0.065, bse: 0.08, nfoIndex: 0.2, bfo: 0.1, cds: 0.04, mcx: 0.05 } as const;

function* equities(
  seed: number,
  exchange: Exchange,
  namespace: number,
  from: number,
  count: number,
  nextToken: () => number,
) {
  for (let n = from; n < from + count; n++) {
    const p = equityProfile(seed, namespace, n);
    const row: MasterInstrument = {
      token: nextToken(),
      kind: 'equity',
      segment: 'equity',
      exchange,
      symbol: p.ticker,
      underlying: p.ticker,
      name: p.name,
      expiry: '',
      strike: 0,
      lotSize: 1,
      tickSize: p.tickSize,
      instrumentType: 'EQ',
      isin: p.isin,
      price: p.price,
    };
    yield row;
  }
}

/**
 * A deterministic, full-size universe of Indian instruments for benchmarks and broker simulators:
 * indices, NSE and BSE equities, index and stock futures and options over several expiries,
 * currency and commodity derivatives. Exactly `size` rows, streamed one at a time, so a
 * 120k-row master never has to sit in memory.
 */
export function* generateMasterUniverse(options: MasterUniverseOptions): Generator<MasterInstrument, void> {
  const size = options.size ?? 120_000;
  if (!Number.isInteger(size) || size < 0)
    throw new RangeError(`size must be a whole number ≥ 0, got ${size}`);
  const seed = seedOf(options.seed);
  const today = istDay(typeof options.asOf === 'number' ? options.asOf : options.asOf.getTime());
  let token = 1000 + Math.floor(unit(seed, 90, 0) * 1000);
  const nextToken = () => {
    token += 1 + Math.floor(unit(seed, 91, token) * 3);
    return token;
  };
  let emitted = 0;

  const indices = [
    ...NSE_INDICES.map((i) => ['NSE_INDEX', ...i] as const),
    ...BSE_INDICES.map((i) => ['BSE_INDEX', ...i] as const),
  ].slice(0, Math.min(NSE_INDICES.length + BSE_INDICES.length, Math.floor(size * 0.002)));
  for (const [exchange, symbol, name, price] of indices) {
    yield {
      token: nextToken(),
      kind: 'index',
      segment: 'index',
      exchange,
      symbol,
      underlying: symbol,
      name,
      expiry: '',
      strike: 0,
      lotSize: 0,
      tickSize: 0.05,
      instrumentType: 'INDEX',
      price,
    };
    emitted++;
  }
  const rest = size - emitted;
  const budget = (share: number) => Math.floor(rest * share);
  const nseCount = budget(SHARES.nse);
  const monthly = (weekday: number, n: number) => monthlyExpiries(today, weekday, n);

  yield* equities(seed, 'NSE', 0, 0, nseCount, nextToken);
  emitted += nseCount;
  // Most BSE names are dual-listed NSE names; the rest are BSE-only.
  const bseCount = budget(SHARES.bse);
  const dual = Math.min(bseCount, Math.floor(nseCount * 0.7));
  yield* equities(seed, 'BSE', 0, 0, dual, nextToken);
  yield* equities(seed, 'BSE', 1, 0, bseCount - dual, nextToken);
  emitted += bseCount;

  const indexFamily = (
    exchange: Exchange,
    list: typeof NFO_INDEX_UNDERLYINGS,
    weekday: number,
  ): DerivativeFamily => ({
    exchange,
    segment: 'index-derivative',
    futureType: 'FUTIDX',
    optionType: 'OPTIDX',
    underlyings: list.map((u) => ({
      ...u,
      name: u.base,
      futureExpiries: monthly(weekday, 3),
      optionExpiries: u.weekly
        ? mergeExpiries(weeklyExpiries(today, weekday, 8), monthly(weekday, 3))
        : monthly(weekday, 3),
    })),
  });
  emitted += yield* derivativeRows(
    indexFamily('NFO', NFO_INDEX_UNDERLYINGS, TUESDAY),
    budget(SHARES.nfoIndex),
    nextToken,
  );
  emitted += yield* derivativeRows(
    indexFamily('BFO', BFO_INDEX_UNDERLYINGS, THURSDAY),
    budget(SHARES.bfo),
    nextToken,
  );
  const commodityFamily = (
    exchange: Exchange,
    segment: 'currency' | 'commodity',
    list: typeof CURRENCY_UNDERLYINGS,
    futureType: string,
    optionType: string,
    expiries: ReturnType<typeof monthly>,
  ): DerivativeFamily => ({
    exchange,
    segment,
    futureType,
    optionType,
    underlyings: list.map((u) => ({
      ...u,
      name: u.base,
      futureExpiries: expiries,
      optionExpiries: expiries.slice(0, 3),
    })),
  });
  emitted += yield* derivativeRows(
    commodityFamily('CDS', 'currency', CURRENCY_UNDERLYINGS, 'FUTCUR', 'OPTCUR', monthly(WEDNESDAY, 6)),
    budget(SHARES.cds),
    nextToken,
  );
  emitted += yield* derivativeRows(
    commodityFamily(
      'MCX',
      'commodity',
      COMMODITY_UNDERLYINGS,
      'FUTCOM',
      'OPTFUT',
      dayOfMonthExpiries(today, 19, 4),
    ),
    budget(SHARES.mcx),
    nextToken,
  );

  // Stock F&O takes whatever is left, so the total is exact.
  const stocks = Array.from({ length: Math.min(FNO_STOCKS, nseCount) }, (_, n) => {
    const p = equityProfile(seed, 0, n);
    const step = strikeStepFor(p.price);
    return {
      base: p.ticker,
      name: p.ticker,
      price: p.price,
      lotSize: pick(STOCK_LOT_SIZES, seed, 20, n),
      tickSize: 0.05,
      strikeStep: step,
      futureExpiries: monthly(TUESDAY, 3),
      optionExpiries: monthly(TUESDAY, 3),
    };
  });
  emitted += yield* derivativeRows(
    {
      exchange: 'NFO',
      segment: 'stock-derivative',
      futureType: 'FUTSTK',
      optionType: 'OPTSTK',
      underlyings: stocks,
    },
    size - emitted,
    nextToken,
  );
  // Tiny universes may have no F&O stocks to absorb the remainder: more NSE names fill it.
  yield* equities(seed, 'NSE', 0, nseCount, size - emitted, nextToken);
}

function strikeStepFor(price: number): number {
  if (price < 100) return 1;
  if (price < 250) return 2.5;
  if (price < 500) return 5;
  if (price < 1000) return 10;
  if (price < 2500) return 20;
  if (price < 5000) return 50;
  return 100;
}

/** A generic unified row for a generated instrument (broker symbol and exchange = OpenAlgo's). */
export function masterRowToInstrument(row: MasterInstrument): Instrument {
  return {
    symbol: row.symbol,
    exchange: row.exchange,
    brsymbol: row.symbol,
    brexchange: row.exchange,
    token: String(row.token),
    name: row.kind === 'option' || row.kind === 'future' ? row.underlying : row.name,
    expiry: row.expiry,
    strike: row.strike,
    lotSize: row.lotSize,
    tickSize: row.tickSize,
    instrumentType: row.instrumentType,
  };
}
