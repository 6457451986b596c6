import { istParts } from '@openalgo/core';
import type { MarketSnapshot, OrderRecord, TradeRecord } from '@openalgo/sandbox';
import { SEGMENTS } from './fyers-symbols.js';
import type { FyersInstrument } from './master.js';
import { ENGINE_TO_PRODUCT, PRICE_TYPE_TO_TYPE } from './order-form.js';

/**
 * Fyers' order status ints (brokers.md §3.4): 1 cancelled, 2 traded, 4 transit, 5 rejected,
 * 6 pending, 7 expired (3 unused). A trigger-pending stop order is "transit" (OpenAlgo reads 4 as
 * trigger pending on REST).
 */
export const STATUS_INTS: Readonly<Record<OrderRecord['status'], number>> = {
  cancelled: 1,
  complete: 2,
  trigger_pending: 4,
  rejected: 5,
  open: 6,
};

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** `05-Jan-2026 09:30:00` in IST, the book's time format ([unverified] exact form, Go SDK models). */
export function fyersDateTime(epochMs: number): string {
  const p = istParts(epochMs);
  return `${pad2(p.day)}-${MONTH_NAMES[p.month - 1]}-${p.year} ${pad2(p.hour)}:${pad2(p.minute)}:${pad2(p.second)}`;
}

/** What the simulator remembers about an order besides the engine's record. */
export interface OrderMeta {
  validity: 'DAY' | 'IOC';
  disclosedQty: number;
  offlineOrder: boolean;
  /** Set when the order reaches the exchange (never for an order rejected before it). */
  exchOrdId: string;
}

export const DEFAULT_META: OrderMeta = {
  validity: 'DAY',
  disclosedQty: 0,
  offlineOrder: false,
  exchOrdId: '',
};

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/** `ch`, `chp`, `lp` of an instrument's current quote (0 when it has none). */
export function changeOf(snapshot: MarketSnapshot | undefined): { ch: number; chp: number; lp: number } {
  if (!snapshot) return { ch: 0, chp: 0, lp: 0 };
  const ch = round2(snapshot.ltp - snapshot.prevClose);
  return { ch, chp: snapshot.prevClose > 0 ? round2((ch / snapshot.prevClose) * 100) : 0, lp: snapshot.ltp };
}

/** The ticker's symbol part, `SBIN` of `NSE:SBIN-EQ` (the `ex_sym` field). */
function exSym(instrument: FyersInstrument): string {
  return instrument.kind === 'equity' || instrument.kind === 'index'
    ? instrument.underlying
    : instrument.ticker.slice(4);
}

/** One `orderBook` entry (Go SDK models, brokers.md §3.4). */
export function orderRow(
  record: OrderRecord,
  meta: OrderMeta,
  instrument: FyersInstrument,
  clientId: string,
  snapshot: MarketSnapshot | undefined,
  slNo: number,
): Record<string, unknown> {
  const status = STATUS_INTS[record.status];
  const codes = SEGMENTS[instrument.file];
  return {
    clientId,
    id: record.orderId,
    exchOrdId: meta.exchOrdId,
    parentId: '',
    qty: record.quantity,
    remainingQuantity: record.quantity - record.filledQuantity,
    filledQty: record.filledQuantity,
    discloseQty: meta.disclosedQty,
    disclosedQty: meta.disclosedQty,
    dqQtyRem: meta.disclosedQty,
    limitPrice: record.price,
    stopPrice: record.triggerPrice,
    tradedPrice: record.averagePrice,
    type: PRICE_TYPE_TO_TYPE[record.priceType],
    fyToken: instrument.fyToken,
    exchange: codes.exchange,
    segment: codes.segment,
    symbol: instrument.ticker,
    instrument: instrument.typeCode,
    message:
      record.status === 'rejected' || record.status === 'cancelled' ? (record.statusMessage ?? '') : '',
    offlineOrder: meta.offlineOrder,
    orderDateTime: fyersDateTime(record.createdAt),
    orderValidity: meta.validity,
    pan: '',
    productType: ENGINE_TO_PRODUCT[record.product],
    side: record.action === 'BUY' ? 1 : -1,
    status,
    source: 'API',
    ex_sym: exSym(instrument),
    description: instrument.details,
    ...changeOf(snapshot),
    slNo,
    orderNumStatus: `${record.orderId}:${status}`,
    orderTag: record.tag ?? '',
  };
}

/** One `tradeBook` entry. */
export function tradeRow(
  trade: TradeRecord,
  order: OrderRecord | undefined,
  meta: OrderMeta,
  instrument: FyersInstrument,
  clientId: string,
  row: number,
): Record<string, unknown> {
  const codes = SEGMENTS[instrument.file];
  return {
    clientId,
    orderDateTime: fyersDateTime(trade.at),
    orderNumber: trade.orderId,
    exchangeOrderNo: meta.exchOrdId,
    exchange: codes.exchange,
    side: trade.action === 'BUY' ? 1 : -1,
    segment: codes.segment,
    orderType: order ? PRICE_TYPE_TO_TYPE[order.priceType] : 2,
    fyToken: instrument.fyToken,
    productType: ENGINE_TO_PRODUCT[trade.product],
    tradedQty: trade.quantity,
    tradePrice: trade.price,
    tradeValue: round2(trade.quantity * trade.price),
    tradeNumber: trade.tradeId,
    row,
    symbol: instrument.ticker,
    orderTag: order?.tag ?? '',
  };
}
