import { isTradingDay, istDayNumber, istMidnight, previousTradingDay, sessionOpenMs } from './calendar.js';
import { deriveCircuitBand } from './circuit.js';
import { buildBook, EMPTY_BOOK, PINNED_SPREAD } from './depth.js';
import {
  type DayTerms,
  dayTerms,
  type InstrumentPricing,
  openInterestAt,
  priceFromRoot,
  volumeAt,
} from './instrument-pricing.js';
import type { MarketSnapshot } from './price-source.js';
import { combine, Mulberry32 } from './random.js';

/** Which session step an instant shows: outside trading hours, the last step of the latest session. */
export interface SessionStep {
  day: number;
  step: number;
}

export function locateStep(pricing: InstrumentPricing, nowMs: number, stepMs: number): SessionStep {
  const steps = pricing.root.steps;
  const today = istDayNumber(nowMs);
  const sinceMidnight = nowMs - istMidnight(today);
  const openOffset = pricing.session.openMinute * 60_000;
  if (isTradingDay(today) && sinceMidnight >= openOffset) {
    return { day: today, step: Math.min(steps - 1, Math.floor((sinceMidnight - openOffset) / stepMs)) };
  }
  return { day: previousTradingDay(today), step: steps - 1 };
}

/** Epoch ms at which a session step begins. */
export function stepStartMs(pricing: InstrumentPricing, day: number, step: number, stepMs: number): number {
  return sessionOpenMs(pricing.session, day) + step * stepMs;
}

/**
 * One instrument inside a market: its pricing plus the caches that keep `snapshot()` cheap — the last
 * snapshot (valid for one clock step and one pin version) and the per-session terms of the last two
 * sessions asked for (today and the previous close).
 */
export class InstrumentState {
  /** Clock step (now / tick interval) and pin version the cached snapshot was built for. */
  cachedStep = Number.NaN;
  cachedVersion = -1;
  cached: MarketSnapshot | undefined;
  /** A price pinned on this instrument alone (setPrice on a future or option). */
  pinned: number | undefined;
  private recentTerms: DayTerms | undefined;
  private olderTerms: DayTerms | undefined;

  constructor(readonly pricing: InstrumentPricing) {}

  termsFor(day: number): DayTerms {
    if (this.recentTerms?.day === day) return this.recentTerms;
    if (this.olderTerms?.day === day) return this.olderTerms;
    const terms = dayTerms(this.pricing, day);
    this.olderTerms = this.recentTerms;
    this.recentTerms = terms;
    return terms;
  }

  /** Builds the snapshot for a clock instant; `rootPin` is a price pinned on the underlying. */
  compute(nowMs: number, stepMs: number, rootPin: number | undefined): MarketSnapshot {
    const { pricing } = this;
    const { day, step } = locateStep(pricing, nowMs, stepMs);
    const root = pricing.root;
    const path = root.pathWithExtremes(day);
    const terms = this.termsFor(day);
    const prevDay = previousTradingDay(day);
    const prevClose = priceFromRoot(pricing, this.termsFor(prevDay), root.closeOf(prevDay));

    let rootHigh = (path.prefixHigh as Float64Array)[step] as number;
    let rootLow = (path.prefixLow as Float64Array)[step] as number;
    if (rootPin !== undefined) {
      rootHigh = Math.max(rootHigh, rootPin);
      rootLow = Math.min(rootLow, rootPin);
    }
    const rootNow = rootPin ?? (path.prices[step] as number);
    const ltp = this.pinned ?? priceFromRoot(pricing, terms, rootNow);
    // Every instrument is monotone in its root within a session (up or down), so its extremes are the
    // prices at the root's extremes, whichever way round.
    const atHigh = priceFromRoot(pricing, terms, rootHigh);
    const atLow = priceFromRoot(pricing, terms, rootLow);
    const high = Math.max(atHigh, atLow, ltp);
    const low = Math.min(atHigh, atLow, ltp);

    const share = path.volumeShare[step] as number;
    const isIndex = pricing.kind === 'index';
    const rng = new Mulberry32(combine(combine(pricing.hash, day), step));
    const pinned = this.pinned !== undefined || rootPin !== undefined;
    const book = isIndex
      ? EMPTY_BOOK
      : buildBook(ltp, pricing, terms.levelQuantity, rng, pinned ? PINNED_SPREAD : undefined);
    const levelLots = Math.max(1, terms.levelQuantity / pricing.lotSize);
    // The band is published with the quote, so a trader sees the limits the engine enforces.
    const band = isIndex
      ? undefined
      : deriveCircuitBand({ prevClose, high, low, ltp }, pricing.instrument.tickSize);
    const snapshot: MarketSnapshot = {
      symbol: pricing.instrument.symbol,
      exchange: pricing.instrument.exchange,
      ltp,
      bid: book.bid,
      ask: book.ask,
      bids: book.bids,
      asks: book.asks,
      open: priceFromRoot(pricing, terms, path.prices[0] as number),
      high,
      low,
      prevClose,
      volume: isIndex ? 0 : volumeAt(pricing, terms, share),
      oi: openInterestAt(pricing, terms, share),
      lastQuantity: isIndex ? 0 : Math.max(1, Math.round(levelLots * 0.25 * rng.next())) * pricing.lotSize,
      timestamp: nowMs - (((nowMs % stepMs) + stepMs) % stepMs),
    };
    if (band) {
      snapshot.lowerCircuit = band.lower;
      snapshot.upperCircuit = band.upper;
    }
    return snapshot;
  }
}
