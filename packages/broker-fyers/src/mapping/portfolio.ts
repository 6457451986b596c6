import type { Funds, Holding, Position } from '@openalgo/core';
import type { FyersFundLimit, FyersHolding, FyersPosition } from './fyers-types.js';
import { type MappingContext, mapProduct, wholeQuantity } from './orders.js';

/** One net position; `netQty` is signed (negative when short), averages are Fyers' net average. */
export function mapPosition(raw: FyersPosition, ctx: MappingContext): Position {
  const context = `position ${raw.symbol} ${raw.productType}`;
  const ref = ctx.symbols.fromFyers({
    ticker: raw.symbol,
    fyToken: raw.fyToken,
    exchange: raw.exchange,
    segment: raw.segment,
  });
  const position: Position = {
    symbol: ref.symbol,
    exchange: ref.exchange,
    product: mapProduct(raw.productType, context),
    quantity: wholeQuantity(raw.netQty, 'netQty', context),
    averagePrice: raw.netAvg ?? raw.avgPrice ?? 0,
    ltp: raw.ltp,
    pnl: raw.pl,
    raw,
  };
  if (raw.realized_profit !== null && raw.realized_profit !== undefined) {
    position.realisedPnl = raw.realized_profit;
  }
  if (raw.unrealized_profit !== null && raw.unrealized_profit !== undefined) {
    position.unrealisedPnl = raw.unrealized_profit;
  }
  if (raw.buyQty !== null && raw.buyQty !== undefined) {
    position.buyQuantity = wholeQuantity(raw.buyQty, 'buyQty', context);
  }
  if (raw.sellQty !== null && raw.sellQty !== undefined) {
    position.sellQuantity = wholeQuantity(raw.sellQty, 'sellQty', context);
  }
  if (raw.buyAvg !== null && raw.buyAvg !== undefined) position.buyAverage = raw.buyAvg;
  if (raw.sellAvg !== null && raw.sellAvg !== undefined) position.sellAverage = raw.sellAvg;
  return position;
}

/**
 * A holding row. Fyers lists settled shares (`holdingType` HLD) and shares bought in the last session,
 * not yet settled (T1), as separate rows; a T1 row's whole quantity is T+1. The meaning of `qty_t1` on
 * an HLD row is [unverified], so it is left in `raw` rather than added (OpenAlgo reads `quantity` only).
 */
export function mapHolding(raw: FyersHolding, ctx: MappingContext): Holding {
  const context = `holding ${raw.symbol}`;
  const ref = ctx.symbols.fromFyers({
    ticker: raw.symbol,
    fyToken: raw.fyToken,
    exchange: raw.exchange,
    segment: raw.segment,
  });
  const quantity = wholeQuantity(raw.quantity, 'quantity', context);
  const avg = raw.costPrice;
  const holding: Holding = {
    symbol: ref.symbol,
    exchange: ref.exchange,
    product: 'CNC',
    quantity,
    averagePrice: avg,
    ltp: raw.ltp,
    pnl: raw.pl,
    pnlPercent: avg > 0 ? ((raw.ltp - avg) / avg) * 100 : 0,
    raw,
  };
  if (raw.holdingType?.trim().toUpperCase() === 'T1') holding.t1Quantity = quantity;
  return holding;
}

/** Money is reported to the paisa; summing floats otherwise leaks `…0000002` into funds. */
function paise(value: number): number {
  return Math.round(value * 100) / 100;
}

/** A `fund_limit` line by title (case and spacing ignored), equity plus commodity; undefined if absent. */
export function fundLine(lines: readonly FyersFundLimit[], title: string): number | undefined {
  const want = title.toLowerCase().replace(/\s+/g, ' ');
  const line = lines.find((l) => l.title.trim().toLowerCase().replace(/\s+/g, ' ') === want);
  return line ? line.equityAmount + line.commodityAmount : undefined;
}

/**
 * Funds from `fund_limit` plus the day's P&L from the positions (as OpenAlgo does: Fyers' funds carry no
 * unrealised figure).
 *
 * - availableCash = "Available Balance" − "Collaterals": cash left after the margin in use, collateral
 *   reported apart, so it means the same for every broker (the contract suite checks cash + margin in use
 *   only moves by P&L). Without an "Available Balance" line, "Clear Balance" − "Utilized Amount".
 * - utilisedDebits = "Utilized Amount"; collateral = "Collaterals".
 * - m2m realised / unrealised = Σ the positions' `realized_profit` / `unrealized_profit`.
 */
export function mapFunds(
  lines: readonly FyersFundLimit[],
  positions: readonly FyersPosition[],
  raw: unknown,
): Funds {
  const collateral = fundLine(lines, 'Collaterals') ?? 0;
  const utilised = fundLine(lines, 'Utilized Amount') ?? 0;
  const available = fundLine(lines, 'Available Balance');
  const cash =
    available !== undefined ? available - collateral : (fundLine(lines, 'Clear Balance') ?? 0) - utilised;
  let realised = 0;
  let unrealised = 0;
  for (const p of positions) {
    realised += p.realized_profit ?? 0;
    unrealised += p.unrealized_profit ?? 0;
  }
  return {
    availableCash: paise(cash),
    collateral: paise(collateral),
    m2mRealised: paise(realised),
    m2mUnrealised: paise(unrealised),
    utilisedDebits: paise(utilised),
    raw,
  };
}
