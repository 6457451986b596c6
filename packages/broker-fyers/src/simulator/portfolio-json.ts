import type { FundsView, HoldingView, PositionView } from '@openalgo/sandbox';
import { SEGMENTS } from './fyers-symbols.js';
import type { FyersInstrument } from './master.js';
import { ENGINE_TO_PRODUCT } from './order-form.js';

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

function average(value: number, quantity: number): number {
  return quantity > 0 ? round2(value / quantity) : 0;
}

/**
 * One `netPositions` entry (brokers.md §3.4, Go SDK models). Buy/sell totals include what was carried
 * in (`cfBuyQty`/`cfSellQty`); `id` is `EXCH:SYMBOL-PRODUCT`, what `DELETE /positions` takes.
 */
export function positionRow(
  view: PositionView,
  instrument: FyersInstrument,
  slNo: number,
): Record<string, unknown> {
  const r = view.record;
  const productType = ENGINE_TO_PRODUCT[r.product];
  const carried = view.quantity - (r.dayBuyQuantity - r.daySellQuantity);
  const cfBuyQty = Math.max(carried, 0);
  const cfSellQty = Math.max(-carried, 0);
  const buyQty = r.dayBuyQuantity + cfBuyQty;
  const sellQty = r.daySellQuantity + cfSellQty;
  const buyVal = round2(r.dayBuyValue + cfBuyQty * r.averagePrice);
  const sellVal = round2(r.daySellValue + cfSellQty * r.averagePrice);
  const codes = SEGMENTS[instrument.file];
  return {
    netQty: view.quantity,
    qty: Math.abs(view.quantity),
    avgPrice: r.averagePrice,
    netAvg: r.averagePrice,
    side: view.quantity > 0 ? 1 : view.quantity < 0 ? -1 : 0,
    productType,
    realized_profit: r.realisedPnl,
    unrealized_profit: view.unrealisedPnl,
    pl: view.pnl,
    ltp: view.ltp,
    buyQty,
    buyAvg: average(buyVal, buyQty),
    buyVal,
    sellQty,
    sellAvg: average(sellVal, sellQty),
    sellVal,
    slNo,
    fyToken: instrument.fyToken,
    crossCurrency: 'N',
    rbiRefRate: 1,
    qtyMulti_com: 1,
    segment: codes.segment,
    symbol: instrument.ticker,
    id: `${instrument.ticker}-${productType}`,
    cfBuyQty,
    cfSellQty,
    dayBuyQty: r.dayBuyQuantity,
    daySellQty: r.daySellQuantity,
    exchange: codes.exchange,
  };
}

export function positionsOverall(rows: readonly Record<string, unknown>[]): Record<string, number> {
  let realized = 0;
  let unrealized = 0;
  let open = 0;
  for (const row of rows) {
    realized += row.realized_profit as number;
    unrealized += row.unrealized_profit as number;
    if (row.netQty !== 0) open += 1;
  }
  return {
    count_total: rows.length,
    count_open: open,
    pl_total: round2(realized + unrealized),
    pl_realized: round2(realized),
    pl_unrealized: round2(unrealized),
  };
}

/**
 * One `holdings` entry: `quantity` is everything held, today's unsettled CNC buys included (what
 * OpenAlgo reads as the holding), with the unsettled part also in `qty_t1`; a row with nothing
 * settled yet has `holdingType` T1 [unverified: how Fyers splits T1 is not in any official sample].
 */
export function holdingRow(
  view: HoldingView,
  instrument: FyersInstrument,
  id: number,
): Record<string, unknown> {
  const settled = view.quantity - view.t1Quantity;
  const codes = SEGMENTS[instrument.file];
  return {
    holdingType: settled > 0 ? 'HLD' : 'T1',
    quantity: view.quantity,
    costPrice: round2(view.averagePrice),
    marketVal: round2(view.quantity * view.ltp),
    remainingQuantity: view.quantity,
    pl: view.pnl,
    ltp: view.ltp,
    id,
    fyToken: instrument.fyToken,
    exchange: codes.exchange,
    symbol: instrument.ticker,
    segment: codes.segment,
    isin: instrument.isin,
    qty_t1: view.t1Quantity,
    remainingPledgeQuantity: 0,
    collateralQuantity: 0,
  };
}

export function holdingsOverall(views: readonly HoldingView[]): Record<string, number> {
  let investment = 0;
  let current = 0;
  for (const view of views) {
    investment += view.quantity * view.averagePrice;
    current += view.quantity * view.ltp;
  }
  const pl = current - investment;
  return {
    count_total: views.length,
    total_investment: round2(investment),
    total_current_value: round2(current),
    total_pl: round2(pl),
    pnl_perc: investment > 0 ? round2((pl / investment) * 100) : 0,
  };
}

/**
 * `fund_limit` (§3.4): the titles Fyers lists, ids 1–10 in that order [unverified ids], from the
 * sandbox's one cash pool (equity; commodity 0). Clear and Available Balance are both the free cash.
 */
export function fundLimits(funds: FundsView): Record<string, unknown>[] {
  const total = round2(funds.availableCash + funds.utilisedDebits + funds.holdingsCost);
  const lines: Array<[string, number]> = [
    ['Total Balance', total],
    ['Utilized Amount', funds.utilisedDebits],
    ['Clear Balance', funds.availableCash],
    ['Realized Profit and Loss', funds.m2mRealised],
    ['Collaterals', funds.collateral],
    ['Fund Transfer', 0],
    ['Receivables', 0],
    ['Adhoc Limit', 0],
    ['Limit at start of the day', funds.startingCapital],
    ['Available Balance', funds.availableCash],
  ];
  return lines.map(([title, amount], i) => ({
    id: i + 1,
    title,
    equityAmount: round2(amount),
    commodityAmount: 0,
  }));
}
