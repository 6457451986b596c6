import type { Action, Product } from '@openalgo/core';
import { money } from './money.js';
import type { InstrumentKind } from './records.js';
import type { LeverageSettings } from './settings.js';

/**
 * Leverage for exposure opened in `direction` (BUY opens a long, SELL a short): equity by product,
 * all futures alike, options by side (a buyer pays the premium, a seller's margin is configurable).
 */
export function leverageFor(
  leverage: LeverageSettings,
  kind: InstrumentKind,
  product: Product,
  direction: Action,
): number {
  switch (kind) {
    case 'equity':
      return product === 'CNC' ? leverage.equityCnc : leverage.equityMis;
    case 'future':
      return leverage.futures;
    case 'option':
      return direction === 'BUY' ? leverage.optionBuy : leverage.optionSell;
  }
}

/** Margin for opening `quantity` at `price`: trade value / leverage, in paise. */
export function marginFor(quantity: number, price: number, leverageMultiple: number): number {
  return money((quantity * price) / leverageMultiple);
}

/** The part of `total` that belongs to `part` of `whole`; the last part takes the remainder exactly. */
export function proportion(total: number, part: number, whole: number): number {
  if (part >= whole) return total;
  return money((total * part) / whole);
}
