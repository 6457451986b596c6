import type { DepthLevel } from '@openalgo/core';
import type { InstrumentPricing } from './instrument-pricing.js';
import type { Mulberry32 } from './random.js';

export const DEPTH_LEVELS = 5;

export interface Book {
  bid: number;
  ask: number;
  bids: DepthLevel[];
  asks: DepthLevel[];
}

export const EMPTY_BOOK: Book = Object.freeze({
  bid: 0,
  ask: 0,
  bids: Object.freeze([]) as unknown as DepthLevel[],
  asks: Object.freeze([]) as unknown as DepthLevel[],
});

/**
 * Where the best bid and ask sit around the last price, in ticks: the spread is one or two ticks and
 * the last trade happened at one side or inside it.
 */
const SPREADS: readonly (readonly [number, number])[] = [
  [1, 1],
  [1, 0],
  [0, 1],
];
/** A pinned price gets the symmetric spread, so tests know where bid and ask are. */
export const PINNED_SPREAD: readonly [number, number] = [1, 1];

function levels(
  bestUnits: number,
  direction: 1 | -1,
  pricing: InstrumentPricing,
  levelQuantity: number,
  rng: Mulberry32,
): DepthLevel[] {
  const out: DepthLevel[] = [];
  const levelLots = Math.max(1, levelQuantity / pricing.lotSize);
  for (let i = 0; i < DEPTH_LEVELS; i++) {
    const units = bestUnits + direction * i;
    // A bid at zero is no bid: near the minimum price the bid side has fewer levels.
    if (units <= 0) break;
    const lots = Math.max(1, Math.round(levelLots * (0.4 + 1.2 * rng.next()) * (1 + 0.5 * i)));
    out.push({
      price: priceOfUnits(units, pricing),
      quantity: lots * pricing.lotSize,
      orders: 1 + Math.floor(rng.next() * Math.min(30, lots)),
    });
  }
  return out;
}

function priceOfUnits(units: number, pricing: InstrumentPricing): number {
  return pricing.ticksPerUnit > 0 ? units / pricing.ticksPerUnit : Number((units * pricing.tick).toFixed(10));
}

/**
 * Five levels a side around `ltp`, quantities drawn from `rng` around the instrument's typical level
 * size, so a large order walks the book (or fills partially at the best level).
 */
export function buildBook(
  ltp: number,
  pricing: InstrumentPricing,
  levelQuantity: number,
  rng: Mulberry32,
  spread?: readonly [number, number],
): Book {
  const ltpUnits = Math.round(ltp / pricing.tick);
  const [below, above] = spread ?? (SPREADS[Math.floor(rng.next() * SPREADS.length)] as [number, number]);
  // At the minimum price (one tick) the best bid stays at one tick and the ask moves up, so the book
  // neither loses its bid side nor locks (bid = ask).
  const bestBid = Math.max(1, ltpUnits - below);
  const bestAsk = Math.max(ltpUnits + above, bestBid + 1);
  const bids = levels(bestBid, -1, pricing, levelQuantity, rng);
  const asks = levels(bestAsk, 1, pricing, levelQuantity, rng);
  return { bid: bids[0]?.price ?? 0, ask: asks[0]?.price ?? 0, bids, asks };
}
