import type { Exchange } from '@openalgo/core';
import type { AccountBook } from './book.js';
import { money } from './money.js';
import { unrealisedPnl } from './positions.js';
import { type HoldingRecord, instrumentKey, type PositionRecord } from './records.js';

/** Latest LTP per instrument key (`exchange:symbol`). */
export type LtpLookup = (key: string) => number;

export interface PositionView {
  record: PositionRecord;
  /** What a broker shows as the net quantity: today's buys minus sells plus what was carried in. */
  quantity: number;
  ltp: number;
  unrealisedPnl: number;
  pnl: number;
}

export interface HoldingView {
  symbol: string;
  exchange: Exchange;
  /** Settled plus T1 (bought on CNC, not yet settled). */
  quantity: number;
  t1Quantity: number;
  averagePrice: number;
  ltp: number;
  pnl: number;
  pnlPercent: number;
}

export interface FundsView {
  startingCapital: number;
  /** Cash free for new orders: capital + realised P&L − used margin − money in holdings. */
  availableCash: number;
  /** Margin blocked by working orders and held by open positions. */
  utilisedDebits: number;
  m2mRealised: number;
  /** Open positions marked to market. */
  m2mUnrealised: number;
  /** Money paid for settled holdings. */
  holdingsCost: number;
  collateral: number;
}

function ltpOr(ltps: LtpLookup, key: string, fallback: number): number {
  const ltp = ltps(key);
  return ltp > 0 ? ltp : fallback;
}

export function positionView(record: PositionRecord, ltps: LtpLookup): PositionView {
  const ltp = ltpOr(ltps, instrumentKey(record.exchange, record.symbol), record.lastPrice);
  const unrealised = unrealisedPnl(record, ltp);
  return {
    record,
    quantity: record.netQuantity - record.soldFromHoldings,
    ltp,
    unrealisedPnl: unrealised,
    pnl: money(record.realisedPnl + unrealised),
  };
}

/** Settled holdings merged with today's unsettled CNC buys (shown as T1, like a broker does). */
export function holdingViews(book: AccountBook, ltps: LtpLookup): HoldingView[] {
  const rows = new Map<string, { holding?: HoldingRecord; t1?: PositionRecord }>();
  for (const holding of book.holdings.values()) rows.set(holding.key, { holding });
  for (const position of book.positions.values()) {
    if (position.product !== 'CNC' || position.netQuantity <= 0) continue;
    const key = instrumentKey(position.exchange, position.symbol);
    rows.set(key, { ...rows.get(key), t1: position });
  }
  const views: HoldingView[] = [];
  for (const [key, { holding, t1 }] of rows) {
    const settled = holding?.quantity ?? 0;
    const t1Quantity = t1?.netQuantity ?? 0;
    const quantity = settled + t1Quantity;
    if (quantity <= 0) continue;
    const averagePrice =
      (settled * (holding?.averagePrice ?? 0) + t1Quantity * (t1?.averagePrice ?? 0)) / quantity;
    const ltp = ltpOr(ltps, key, t1?.lastPrice || holding?.lastPrice || averagePrice);
    const symbol = (holding?.symbol ?? t1?.symbol) as string;
    const exchange = (holding?.exchange ?? t1?.exchange) as Exchange;
    views.push({
      symbol,
      exchange,
      quantity,
      t1Quantity,
      averagePrice,
      ltp,
      pnl: money((ltp - averagePrice) * quantity),
      pnlPercent: averagePrice > 0 ? money(((ltp - averagePrice) / averagePrice) * 100) : 0,
    });
  }
  return views;
}

export function holdingsCost(book: AccountBook): number {
  let cost = 0;
  for (const holding of book.holdings.values()) cost += holding.cost;
  return money(cost);
}

export function availableCash(book: AccountBook, account = book.account): number {
  return money(account.startingCapital + account.realisedPnl - account.usedMargin - holdingsCost(book));
}

export function fundsView(book: AccountBook, ltps: LtpLookup): FundsView {
  let unrealised = 0;
  for (const position of book.positions.values()) unrealised += positionView(position, ltps).unrealisedPnl;
  return {
    startingCapital: book.account.startingCapital,
    availableCash: availableCash(book),
    utilisedDebits: book.account.usedMargin,
    m2mRealised: book.account.realisedPnl,
    m2mUnrealised: money(unrealised),
    holdingsCost: holdingsCost(book),
    collateral: 0,
  };
}
