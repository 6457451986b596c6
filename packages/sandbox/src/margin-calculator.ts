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
 * Margin a basket would need under the sandbox's rules: each leg's value (at its price, its trigger
 * for SL-M, the touch for MARKET) divided by its leverage. Legs are margined as new exposure, the
 * way a pre-trade margin calculator quotes them; the engine itself charges nothing for the part of
 * an order that closes an open position.
 */
export function basketMargin(legs: readonly PricedLeg[], leverage: LeverageSettings): MarginResult {
  let total = 0;
  const perLeg: number[] = [];
  for (const { leg, instrument, snapshot } of legs) {
    const price =
      leg.priceType === 'MARKET'
        ? marketPrice(snapshot, leg.action)
        : leg.priceType === 'SL-M'
          ? leg.triggerPrice
          : leg.price;
    const kind = instrumentKind(instrument);
    const margin = marginFor(leg.quantity, price, leverageFor(leverage, kind, leg.product, leg.action));
    perLeg.push(margin);
    total += margin;
  }
  const totalMarginRequired = money(total);
  return { totalMarginRequired, spanMargin: totalMarginRequired, exposureMargin: 0, raw: { perLeg } };
}
