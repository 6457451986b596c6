import type { Funds, Holding, Position } from '@openalgo/core';
import type { KiteSymbols } from '../instruments/symbols.js';
import type { KiteHolding, KiteMargins, KitePosition, KiteSegmentMargin } from './kite-types.js';
import { mapProduct, wholeQuantity } from './orders.js';

/** One net position (carry-forward + today); `quantity` is signed, negative when short. */
export function mapPosition(raw: KitePosition, symbols: KiteSymbols): Position {
  const context = `position ${raw.exchange}:${raw.tradingsymbol}`;
  const ref = symbols.fromKite(raw.exchange, raw.tradingsymbol, raw.instrument_token);
  const position: Position = {
    symbol: ref.symbol,
    exchange: ref.exchange,
    product: mapProduct(raw.product, context),
    quantity: wholeQuantity(raw.quantity, 'quantity', context),
    averagePrice: raw.average_price,
    ltp: raw.last_price,
    pnl: raw.pnl,
    raw,
  };
  if (raw.realised !== undefined) position.realisedPnl = raw.realised;
  if (raw.unrealised !== undefined) position.unrealisedPnl = raw.unrealised;
  if (raw.buy_quantity !== undefined)
    position.buyQuantity = wholeQuantity(raw.buy_quantity, 'buy quantity', context);
  if (raw.sell_quantity !== undefined)
    position.sellQuantity = wholeQuantity(raw.sell_quantity, 'sell quantity', context);
  if (raw.buy_price !== undefined) position.buyAverage = raw.buy_price;
  if (raw.sell_price !== undefined) position.sellAverage = raw.sell_price;
  return position;
}

/**
 * Kite reports settled shares in `quantity` and shares bought in the last session, not yet settled,
 * in `t1_quantity`; the unified holding counts both (with `t1Quantity` saying how many are T+1).
 */
export function mapHolding(raw: KiteHolding, symbols: KiteSymbols): Holding {
  const context = `holding ${raw.exchange}:${raw.tradingsymbol}`;
  const ref = symbols.fromKite(raw.exchange, raw.tradingsymbol, raw.instrument_token);
  const settled = wholeQuantity(raw.quantity, 'quantity', context);
  const t1 = wholeQuantity(raw.t1_quantity ?? 0, 't1 quantity', context);
  const avg = raw.average_price;
  return {
    symbol: ref.symbol,
    exchange: ref.exchange,
    product: mapProduct(raw.product, context),
    quantity: settled + t1,
    t1Quantity: t1,
    averagePrice: avg,
    ltp: raw.last_price,
    pnl: raw.pnl,
    pnlPercent: avg > 0 ? ((raw.last_price - avg) / avg) * 100 : 0,
    raw,
  };
}

/** Money is reported to the paisa; summing floats otherwise leaks `…0000002` into funds. */
function paise(value: number): number {
  return Math.round(value * 100) / 100;
}

function sum(segments: readonly KiteSegmentMargin[], pick: (s: KiteSegmentMargin) => number): number {
  let total = 0;
  for (const segment of segments) total += pick(segment);
  return total;
}

/**
 * Funds over the equity and commodity segments: available cash = Σnet − Σcollateral (cash left after
 * blocked margin), collateral = Σavailable.collateral, utilised debits = Σutilised.debits. M2M comes from the segments' own `m2m_realised`/`m2m_unrealised`, so
 * funds are one request rather than positions plus a quote per position.
 */
export function mapFunds(raw: KiteMargins): Funds {
  const segments = [raw.equity, raw.commodity].filter((s): s is KiteSegmentMargin => s !== undefined);
  const net = sum(segments, (s) => s.net);
  const debits = sum(segments, (s) => s.utilised.debits);
  const collateral = sum(segments, (s) => s.available.collateral);
  return {
    // Kite's `net` is cash + collateral − debits. OpenAlgo reports net + debits − collateral, which is
    // plain cash and does not fall when margin is blocked; we report cash left after margin (collateral
    // separately), so availableCash means the same for every broker (the contract suite checks it).
    availableCash: paise(net - collateral),
    collateral: paise(collateral),
    m2mRealised: paise(sum(segments, (s) => s.utilised.m2m_realised)),
    m2mUnrealised: paise(sum(segments, (s) => s.utilised.m2m_unrealised)),
    utilisedDebits: paise(debits),
    raw,
  };
}
