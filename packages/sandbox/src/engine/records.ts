import type { Action, Exchange, PriceType, Product } from '@openalgo/core';

/**
 * The engine's persistent records. Every record is flat (primitive fields only) so a store can copy
 * it with a spread and map it to one table row; nothing in here references another object.
 */

/** What an instrument is, for margin and product rules. */
export type InstrumentKind = 'equity' | 'future' | 'option';

/** The statuses an engine order can be in (a subset of core's OrderStatus). */
export type EngineOrderStatus = 'open' | 'trigger_pending' | 'complete' | 'cancelled' | 'rejected';

export interface OrderRecord {
  orderId: string;
  /** Placement order across the account's life; stores sort by it. */
  sequence: number;
  /** The client order id the caller sent as the broker tag. */
  tag: string | undefined;
  symbol: string;
  exchange: Exchange;
  kind: InstrumentKind;
  lotSize: number;
  action: Action;
  priceType: PriceType;
  product: Product;
  quantity: number;
  filledQuantity: number;
  price: number;
  triggerPrice: number;
  averagePrice: number;
  status: EngineOrderStatus;
  /** Why it was rejected or cancelled, in words a trader understands. */
  statusMessage: string | undefined;
  /** Margin still blocked for the unfilled part (0 for terminal orders). */
  blockedMargin: number;
  createdAt: number;
  updatedAt: number;
}

export interface TradeRecord {
  tradeId: string;
  sequence: number;
  orderId: string;
  symbol: string;
  exchange: Exchange;
  action: Action;
  product: Product;
  quantity: number;
  price: number;
  at: number;
}

export interface PositionRecord {
  /** `exchange:symbol:product`. */
  key: string;
  symbol: string;
  exchange: Exchange;
  product: Product;
  kind: InstrumentKind;
  /** Open exposure: positive long, negative short. Excludes shares sold out of holdings. */
  netQuantity: number;
  /** Average price of the open exposure (0 when flat). */
  averagePrice: number;
  /** Margin held against the open exposure. */
  margin: number;
  /** Realised on this row since it was opened (reductions, crossings, sales out of holdings). */
  realisedPnl: number;
  dayBuyQuantity: number;
  dayBuyValue: number;
  daySellQuantity: number;
  daySellValue: number;
  /** CNC only: shares sold today out of settled holdings (already taken from the holding). */
  soldFromHoldings: number;
  /** Last price seen for the instrument, used when no fresh quote is at hand. */
  lastPrice: number;
  updatedAt: number;
}

export interface HoldingRecord {
  /** `exchange:symbol`. */
  key: string;
  symbol: string;
  exchange: Exchange;
  /** Settled quantity. */
  quantity: number;
  averagePrice: number;
  /** Money paid for the settled quantity; part of what is not available as cash. */
  cost: number;
  lastPrice: number;
  updatedAt: number;
}

export interface AccountRecord {
  accountId: string;
  startingCapital: number;
  /** Cumulative realised P&L since the account was opened. */
  realisedPnl: number;
  /** Margin blocked by working orders plus margin held by open positions. */
  usedMargin: number;
  /** Last order/trade sequence handed out; ids continue from here after a restart. */
  orderSequence: number;
  tradeSequence: number;
  /** Time-based work (square-off, day start, settlement) is done for every instant up to here. */
  processedUntil: number;
  createdAt: number;
}

/** Everything the engine persists for one account. Lists are in the order they were created. */
export interface SandboxState {
  account: AccountRecord;
  orders: OrderRecord[];
  trades: TradeRecord[];
  positions: PositionRecord[];
  holdings: HoldingRecord[];
}

export function instrumentKey(exchange: Exchange, symbol: string): string {
  return `${exchange}:${symbol}`;
}

export function positionKey(exchange: Exchange, symbol: string, product: Product): string {
  return `${exchange}:${symbol}:${product}`;
}
