import { black76, DERIVATIVE_EXCHANGES, INDEX_EXCHANGES, type Instrument } from '@openalgo/core';
import {
  dayFromExpiryColumn,
  previousTradingDay,
  type Session,
  sessionCloseMs,
  sessionForExchange,
  sessionOpenMs,
} from './calendar.js';
import type { RootProfile } from './catalogue.js';
import { combine, hashString, unitFromHash } from './random.js';
import type { RootSeries } from './root-series.js';

/**
 * How one instrument's price follows its underlying. Every instrument is a monotone function of its
 * root's price within a day (cash and index: identity; future: × carry; option: Black-76 with the time
 * to expiry fixed for the session), so the instrument's high/low over any stretch of steps is the
 * function applied to the root's high and low. That is what lets candles and snapshots agree exactly
 * without pricing an option at every step. Time value therefore decays once per trading day.
 */
export type PricingKind = 'cash' | 'index' | 'future' | 'call' | 'put';

export interface InstrumentPricing {
  readonly instrument: Instrument;
  readonly kind: PricingKind;
  readonly root: RootSeries;
  readonly session: Session;
  readonly tick: number;
  /** 1 / tick when that is a whole number (0.05 → 20), so rounding divides by an integer exactly. */
  readonly ticksPerUnit: number;
  readonly lotSize: number;
  readonly strike: number;
  /** Expiry instant (session close of the expiry day); NaN for cash and indices. */
  readonly expiryMs: number;
  /** Randomness of this instrument's depth and volume. */
  readonly hash: number;
}

/** What stays fixed for one instrument for one session. */
export interface DayTerms {
  readonly day: number;
  readonly forwardFactor: number;
  readonly discount: number;
  readonly sigmaSqrtT: number;
  /** Units traded over the whole session. */
  readonly dailyVolume: number;
  /** Typical units at one depth level. */
  readonly levelQuantity: number;
  readonly openInterest: number;
}

const YEAR_MS = 365 * 86_400_000;
const DEFAULT_TENOR_MS = 30 * 86_400_000;
const DEFAULT_TICK = 0.05;

export function pricingKind(instrument: Instrument): PricingKind {
  const type = instrument.instrumentType.toUpperCase();
  const { exchange, symbol } = instrument;
  if (INDEX_EXCHANGES.has(exchange) || type === 'INDEX') return 'index';
  const looksCall = type === 'CE' || (type.startsWith('OPT') && symbol.endsWith('CE'));
  const looksPut = type === 'PE' || (type.startsWith('OPT') && symbol.endsWith('PE'));
  // An option row without a strike cannot be priced as one; pricing it like its future keeps it sane.
  if ((looksCall || looksPut) && instrument.strike > 0) return looksCall ? 'call' : 'put';
  if (type.startsWith('FUT') || DERIVATIVE_EXCHANGES.has(exchange)) return 'future';
  return 'cash';
}

/** Cash and index rows are their own underlying; derivatives name theirs in `name`. */
export function rootNameOf(instrument: Instrument, kind: PricingKind): string {
  if (kind === 'cash' || kind === 'index') return instrument.symbol;
  return instrument.name.trim() || instrument.symbol;
}

export function fallbackSessionOf(instrument: Instrument): Session {
  return sessionForExchange(instrument.exchange);
}

export function createPricing(
  instrument: Instrument,
  kind: PricingKind,
  root: RootSeries,
): InstrumentPricing {
  const tick = instrument.tickSize > 0 ? instrument.tickSize : DEFAULT_TICK;
  const inverse = 1 / tick;
  const session = root.profile.session;
  const expiryDay = dayFromExpiryColumn(instrument.expiry);
  return {
    instrument,
    kind,
    root,
    session,
    tick,
    ticksPerUnit: Math.abs(inverse - Math.round(inverse)) < 1e-9 ? Math.round(inverse) : 0,
    lotSize: Math.max(1, instrument.lotSize),
    strike: instrument.strike,
    expiryMs:
      kind === 'cash' || kind === 'index' || expiryDay === undefined
        ? Number.NaN
        : sessionCloseMs(session, expiryDay),
    hash: hashString(`${instrument.exchange}:${instrument.symbol}`),
  };
}

export function roundToTick(value: number, pricing: InstrumentPricing): number {
  const { ticksPerUnit, tick } = pricing;
  // Dividing an integer count of ticks by the integer ticks-per-rupee gives the nearest double to the
  // decimal price (0.05 × 2417 → 120.85, not 120.85000000000001).
  const rounded =
    ticksPerUnit > 0
      ? Math.round(value * ticksPerUnit) / ticksPerUnit
      : Number((Math.round(value / tick) * tick).toFixed(10));
  return Math.max(rounded, tick);
}

/** The instrument's price for a root price on a given session (already rounded to tick, ≥ one tick). */
export function priceFromRoot(pricing: InstrumentPricing, terms: DayTerms, rootPrice: number): number {
  switch (pricing.kind) {
    case 'cash':
    case 'index':
      return roundToTick(rootPrice, pricing);
    case 'future':
      return roundToTick(rootPrice * terms.forwardFactor, pricing);
    default:
      return roundToTick(
        black76(
          rootPrice * terms.forwardFactor,
          pricing.strike,
          terms.sigmaSqrtT,
          terms.discount,
          pricing.kind === 'call',
        ),
        pricing,
      );
  }
}

interface Liquidity {
  futureLotsPerDay: number;
  futureLevelLots: number;
  optionLotsPerDay: number;
  optionLevelLots: number;
}

const LIQUIDITY: Readonly<Record<RootProfile['kind'], Liquidity>> = {
  index: { futureLotsPerDay: 80_000, futureLevelLots: 30, optionLotsPerDay: 400_000, optionLevelLots: 200 },
  equity: { futureLotsPerDay: 20_000, futureLevelLots: 12, optionLotsPerDay: 40_000, optionLevelLots: 40 },
  commodity: { futureLotsPerDay: 30_000, futureLevelLots: 10, optionLotsPerDay: 20_000, optionLevelLots: 20 },
  currency: {
    futureLotsPerDay: 300_000,
    futureLevelLots: 300,
    optionLotsPerDay: 50_000,
    optionLevelLots: 100,
  },
};

export function dayTerms(pricing: InstrumentPricing, day: number): DayTerms {
  const { kind, root, lotSize } = pricing;
  const profile = root.profile;
  const dayNoise = 0.6 + 0.8 * unitFromHash(combine(pricing.hash, day));
  if (kind === 'cash' || kind === 'index') {
    // The same company on BSE trades a fraction of its NSE volume, with a thinner book.
    const share = pricing.instrument.exchange === 'BSE' ? 0.1 : 1;
    return {
      day,
      forwardFactor: 1,
      discount: 1,
      sigmaSqrtT: 0,
      dailyVolume: profile.dailyVolume * share * dayNoise,
      levelQuantity: profile.levelQuantity * (share < 1 ? 0.3 : 1),
      openInterest: 0,
    };
  }
  const remaining = Number.isNaN(pricing.expiryMs)
    ? DEFAULT_TENOR_MS
    : Math.max(0, pricing.expiryMs - sessionOpenMs(pricing.session, day));
  const years = remaining / YEAR_MS;
  const liquidity = LIQUIDITY[profile.kind];
  const forwardFactor = Math.exp(profile.carryRate * years);
  const sigmaSqrtT = profile.impliedVol * Math.sqrt(years);
  let activity: number;
  let lotsPerDay: number;
  let levelLots: number;
  if (kind === 'future') {
    // The near month carries the market; later months are thin.
    activity = Math.exp(-24 * years);
    lotsPerDay = liquidity.futureLotsPerDay;
    levelLots = liquidity.futureLevelLots;
  } else {
    // Strikes near the money and near expiry trade most; far out of the money is a few lots deep.
    const forward = root.closeOf(previousTradingDay(day)) * forwardFactor;
    const moneyness = Math.log(forward / pricing.strike) / Math.max(sigmaSqrtT, 0.005);
    activity = Math.max(0.02, Math.exp((-moneyness * moneyness) / 2)) / (1 + 20 * years);
    lotsPerDay = liquidity.optionLotsPerDay;
    levelLots = liquidity.optionLevelLots;
  }
  const dailyVolume = lotsPerDay * activity * dayNoise * lotSize;
  return {
    day,
    forwardFactor,
    discount: Math.exp(-profile.carryRate * years),
    sigmaSqrtT,
    dailyVolume,
    levelQuantity: Math.max(1, levelLots * activity) * lotSize,
    openInterest: dailyVolume * 1.5,
  };
}

/** Cumulative units traded by the end of a step: a whole number of lots, never decreasing. */
export function volumeAt(pricing: InstrumentPricing, terms: DayTerms, volumeShare: number): number {
  const lots = Math.round((terms.dailyVolume * volumeShare) / pricing.lotSize);
  return lots * pricing.lotSize;
}

/** Open interest builds through the day with the volume; zero for cash and indices. */
export function openInterestAt(pricing: InstrumentPricing, terms: DayTerms, volumeShare: number): number {
  if (terms.openInterest === 0) return 0;
  const units = terms.openInterest + 0.1 * terms.dailyVolume * volumeShare;
  return Math.round(units / pricing.lotSize) * pricing.lotSize;
}
