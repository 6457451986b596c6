import type { OrderRecord } from '@openalgo/sandbox';
import { kiteDateTime } from './kite-time.js';
import type { KiteInstrument } from './master.js';
import { priceTerms } from './price-terms.js';

/** Every status a history row can carry (docs/reference/brokers.md §1.4 and order_info.json). */
export type KiteOrderStatus =
  | 'PUT ORDER REQ RECEIVED'
  | 'VALIDATION PENDING'
  | 'OPEN PENDING'
  | 'OPEN'
  | 'TRIGGER PENDING'
  | 'MODIFY VALIDATION PENDING'
  | 'MODIFY PENDING'
  | 'MODIFIED'
  | 'CANCEL PENDING'
  | 'COMPLETE'
  | 'CANCELLED'
  | 'REJECTED';

/** One order row as Kite sends it (field names and order from orders.json). */
export interface KiteOrderRow {
  placed_by: string;
  order_id: string;
  exchange_order_id: string | null;
  parent_order_id: null;
  status: KiteOrderStatus;
  status_message: string | null;
  status_message_raw: string | null;
  order_timestamp: string;
  exchange_update_timestamp: string | null;
  exchange_timestamp: string | null;
  variety: string;
  modified: boolean;
  exchange: string;
  tradingsymbol: string;
  instrument_token: number;
  order_type: string;
  transaction_type: string;
  validity: string;
  validity_ttl: number;
  product: string;
  quantity: number;
  disclosed_quantity: number;
  price: number;
  trigger_price: number;
  average_price: number;
  filled_quantity: number;
  pending_quantity: number;
  cancelled_quantity: number;
  market_protection: number;
  meta: Record<string, never>;
  tag: string | null;
  tags?: string[];
  guid: string;
}

/** What the simulator keeps about an order beyond the engine's record. */
export interface OrderEntry {
  orderId: string;
  /** The Kite user id the order belongs to. */
  placedBy: string;
  engineId: string | undefined;
  instrument: KiteInstrument;
  tag: string | null;
  variety: string;
  validity: string;
  disclosedQuantity: number;
  marketProtection: number;
  guid: string;
  /** Set once the order reaches the exchange (its first OPEN / TRIGGER PENDING row). */
  exchangeOrderId: string | null;
  exchangeTimestamp: string | null;
  /** Placement time; a modification moves it (as order_info.json shows). */
  orderTimestamp: string;
  cancelRequested: boolean;
  /** The last engine state turned into rows. */
  last: OrderRecord | undefined;
  history: KiteOrderRow[];
}

/** Which fill figures a row shows: none yet (the request is still on its way) or the record's. */
export type RowPhase = 'request' | 'exchange';

/**
 * One history row for `entry` in `status`, with the terms and progress of `record`. Rows before
 * the exchange acknowledged the order carry no exchange id, timestamps or fills.
 */
export function orderRow(
  entry: OrderEntry,
  record: OrderRecord,
  status: KiteOrderStatus,
  phase: RowPhase,
  now: number,
): KiteOrderRow {
  const atExchange = phase === 'exchange';
  const filled = atExchange ? record.filledQuantity : 0;
  const open = record.quantity - filled;
  const terminal = status === 'CANCELLED' || status === 'REJECTED';
  const userCancel = status === 'CANCELLED' && entry.cancelRequested;
  const message = terminal && !userCancel ? (record.statusMessage ?? null) : null;
  const terms = priceTerms(record.priceType, record.price, record.triggerPrice);
  const row: KiteOrderRow = {
    placed_by: entry.placedBy,
    order_id: entry.orderId,
    exchange_order_id: atExchange ? entry.exchangeOrderId : null,
    parent_order_id: null,
    status,
    status_message: message,
    status_message_raw: message === null ? null : `RMS:${message}`,
    order_timestamp: entry.orderTimestamp,
    exchange_update_timestamp: atExchange && entry.exchangeOrderId ? kiteDateTime(now) : null,
    exchange_timestamp: atExchange ? entry.exchangeTimestamp : null,
    variety: entry.variety,
    modified: false,
    exchange: entry.instrument.exchange,
    tradingsymbol: entry.instrument.tradingsymbol,
    instrument_token: entry.instrument.instrumentToken,
    order_type: record.priceType,
    transaction_type: record.action,
    validity: entry.validity,
    validity_ttl: 0,
    product: record.product,
    quantity: record.quantity,
    disclosed_quantity: entry.disclosedQuantity,
    price: terms.price,
    trigger_price: terms.triggerPrice,
    average_price: filled > 0 ? record.averagePrice : 0,
    filled_quantity: filled,
    // Kite leaves the unfilled quantity as pending on a cancelled order and also reports it as cancelled.
    pending_quantity: status === 'COMPLETE' || status === 'REJECTED' ? 0 : open,
    cancelled_quantity: status === 'CANCELLED' ? open : 0,
    market_protection: entry.marketProtection,
    meta: {},
    tag: entry.tag,
    guid: entry.guid,
  };
  if (entry.tag !== null) row.tags = [entry.tag];
  return row;
}
