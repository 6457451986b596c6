import {
  type Depth,
  type Funds,
  type Holding,
  type Order,
  type Position,
  type Quote,
  type StreamMode,
  type Tick,
  type Trade,
  toIstIso,
} from '@openalgo/core';
import { isWorking } from './engine/book.js';
import { money } from './engine/money.js';
import type { EngineOrderStatus, OrderRecord, TradeRecord } from './engine/records.js';
import type { FundsView, HoldingView, PositionView } from './engine/views.js';
import type { MarketSnapshot } from './market/price-source.js';

/** Kite-style upper-case status strings, kept as the order's rawStatus. */
export const RAW_STATUS: Readonly<Record<EngineOrderStatus, string>> = {
  open: 'OPEN',
  trigger_pending: 'TRIGGER PENDING',
  complete: 'COMPLETE',
  cancelled: 'CANCELLED',
  rejected: 'REJECTED',
};

export function toOrder(record: OrderRecord): Order {
  const order: Order = {
    orderId: record.orderId,
    symbol: record.symbol,
    exchange: record.exchange,
    action: record.action,
    priceType: record.priceType,
    product: record.product,
    quantity: record.quantity,
    filledQuantity: record.filledQuantity,
    pendingQuantity: isWorking(record) ? record.quantity - record.filledQuantity : 0,
    price: record.price,
    triggerPrice: record.triggerPrice,
    averagePrice: record.averagePrice,
    status: record.status,
    rawStatus: RAW_STATUS[record.status],
    timestamp: toIstIso(record.updatedAt),
    raw: record,
  };
  if (record.tag !== undefined) order.clientOrderId = record.tag;
  if (record.statusMessage !== undefined) order.statusMessage = record.statusMessage;
  return order;
}

export function toTrade(record: TradeRecord): Trade {
  return {
    tradeId: record.tradeId,
    orderId: record.orderId,
    symbol: record.symbol,
    exchange: record.exchange,
    action: record.action,
    product: record.product,
    quantity: record.quantity,
    price: record.price,
    tradeValue: money(record.quantity * record.price),
    timestamp: toIstIso(record.at),
    raw: record,
  };
}

export function toPosition(view: PositionView): Position {
  const r = view.record;
  return {
    symbol: r.symbol,
    exchange: r.exchange,
    product: r.product,
    quantity: view.quantity,
    averagePrice: r.averagePrice,
    ltp: view.ltp,
    pnl: view.pnl,
    realisedPnl: r.realisedPnl,
    unrealisedPnl: view.unrealisedPnl,
    buyQuantity: r.dayBuyQuantity,
    sellQuantity: r.daySellQuantity,
    buyAverage: r.dayBuyQuantity > 0 ? r.dayBuyValue / r.dayBuyQuantity : 0,
    sellAverage: r.daySellQuantity > 0 ? r.daySellValue / r.daySellQuantity : 0,
    raw: r,
  };
}

export function toHolding(view: HoldingView): Holding {
  return {
    symbol: view.symbol,
    exchange: view.exchange,
    product: 'CNC',
    quantity: view.quantity,
    t1Quantity: view.t1Quantity,
    averagePrice: view.averagePrice,
    ltp: view.ltp,
    pnl: view.pnl,
    pnlPercent: view.pnlPercent,
    raw: view,
  };
}

export function toFunds(view: FundsView): Funds {
  return {
    availableCash: view.availableCash,
    collateral: view.collateral,
    m2mRealised: view.m2mRealised,
    m2mUnrealised: view.m2mUnrealised,
    utilisedDebits: view.utilisedDebits,
    raw: view,
  };
}

function sumQuantity(levels: MarketSnapshot['bids']): number {
  let total = 0;
  for (const level of levels) total += level.quantity;
  return total;
}

export function toQuote(s: MarketSnapshot): Quote {
  const quote: Quote = {
    symbol: s.symbol,
    exchange: s.exchange,
    ltp: s.ltp,
    open: s.open,
    high: s.high,
    low: s.low,
    prevClose: s.prevClose,
    volume: s.volume,
    oi: s.oi,
    bid: s.bid,
    ask: s.ask,
    lastTradeTime: s.timestamp,
    raw: s,
  };
  const bidQuantity = s.bids[0]?.quantity;
  const askQuantity = s.asks[0]?.quantity;
  if (bidQuantity !== undefined) quote.bidQuantity = bidQuantity;
  if (askQuantity !== undefined) quote.askQuantity = askQuantity;
  return quote;
}

export function toDepth(s: MarketSnapshot): Depth {
  return {
    symbol: s.symbol,
    exchange: s.exchange,
    bids: s.bids.map((l) => ({ ...l })),
    asks: s.asks.map((l) => ({ ...l })),
    ltp: s.ltp,
    ltq: s.lastQuantity,
    open: s.open,
    high: s.high,
    low: s.low,
    prevClose: s.prevClose,
    volume: s.volume,
    oi: s.oi,
    totalBuyQuantity: sumQuantity(s.bids),
    totalSellQuantity: sumQuantity(s.asks),
    raw: s,
  };
}

/** A stream update with the fields of its mode: ltp < quote < depth. */
export function toTick(s: MarketSnapshot, mode: StreamMode): Tick {
  const tick: Tick = { symbol: s.symbol, exchange: s.exchange, mode, ltp: s.ltp, timestamp: s.timestamp };
  if (mode === 'ltp') return tick;
  tick.lastQuantity = s.lastQuantity;
  tick.volume = s.volume;
  tick.oi = s.oi;
  tick.open = s.open;
  tick.high = s.high;
  tick.low = s.low;
  tick.close = s.prevClose;
  tick.change = money(s.ltp - s.prevClose);
  tick.totalBuyQuantity = sumQuantity(s.bids);
  tick.totalSellQuantity = sumQuantity(s.asks);
  if (mode === 'depth') {
    tick.bids = s.bids.map((l) => ({ ...l }));
    tick.asks = s.asks.map((l) => ({ ...l }));
  }
  return tick;
}
