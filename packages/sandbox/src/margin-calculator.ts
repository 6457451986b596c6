import type { Instrument, MarginLeg, MarginResult } from '@openalgo/core';
import { instrumentKind } from './engine/instrument-kind.js';
import { leverageFor, marginFor } from './engine/margin.js';
import { marketPrice } from './engine/matching.js';
import { money } from './engine/money.js';
import type { LeverageSettings } from './engine/settings.js';
import type { MarketSnapshot } from './market/price-source.js';

export interface PricedLeg {
  leg: MarginLeg;
  instrument: Instrument;
  snapshot: MarketSnapshot;
}

/**
 * The price a leg is margined at: its limit price (LIMIT, SL), its trigger (SL-M), the touch for
 * MARKET. OpenAlgo's calculator defaults price and trigger to "0"; an unpriced leg is margined at the
 * touch (the price it would trade at now), as Kite's calculator does, rather than as free.
 */
function marginPrice({ leg, snapshot }: PricedLeg): number {
  const given = leg.priceType === 'MARKET' ? 0 : leg.priceType === 'SL-M' ? leg.triggerPrice : leg.price;
  return given > 0 ? given : marketPrice(snapshot, leg.action);
}

/**
 * Margin a basket would need under the sandbox's rules: each leg's value (see `marginPrice`) divided
 * by its leverage. Legs are margined as new exposure, the way a pre-trade margin calculator quotes
 * them; the engine itself charges nothing for the part of an order that closes an open position.
 */
export function basketMargin(legs: readonly PricedLeg[], leverage: LeverageSettings): MarginResult {
  let total = 0;
  const perLeg: number[] = [];
  for (const priced of legs) {
    const { leg, instrument } = priced;
    const price = marginPrice(priced);
    const kind = instrumentKind(instrument);
    const margin = marginFor(leg.quantity, price, leverageFor(leverage, kind, leg.product, leg.action));
    perLeg.push(margin);
    total += margin;
  }
  const totalMarginRequired = money(total);
  return { totalMarginRequired, spanMargin: totalMarginRequired, exposureMargin: 0, raw: { perLeg } };
}
