import type {
  HistoryRequest,
  ModifyRequest,
  OrderRequest,
  SmartOrderRequestInput,
  SplitOrderRequestInput,
} from '@openalgo/core';

/** Every field of the core requests the API carries. */
type CoreField =
  | keyof OrderRequest
  | keyof ModifyRequest
  | keyof SmartOrderRequestInput
  | keyof SplitOrderRequestInput
  | keyof HistoryRequest;

/**
 * The one name map between OpenAlgo's wire format and core: each core field's snake_case name on the
 * wire and what the API docs say about it. Request schemas are derived from core's schemas through
 * it, error messages and fields are renamed through it, and a core field without a line here does not
 * compile — a new order field is one line.
 */
export const WIRE_FIELDS = {
  symbol: ['symbol', 'OpenAlgo symbol (SBIN, NIFTY26DEC24FUT, NIFTY26DEC2424000CE)'],
  exchange: ['exchange', 'Exchange'],
  action: ['action', 'BUY or SELL (any case)'],
  quantity: ['quantity', 'Quantity, a whole number > 0'],
  priceType: ['pricetype', 'Order type'],
  product: ['product', 'Product'],
  price: ['price', 'Limit price (LIMIT and SL orders)'],
  triggerPrice: ['trigger_price', 'Trigger price (SL and SL-M orders)'],
  disclosedQuantity: ['disclosed_quantity', 'Disclosed quantity'],
  strategy: ['strategy', 'Strategy name, for your books (never sent to the broker)'],
  clientOrderId: ['client_order_id', 'The tag the order was placed with'],
  orderId: ['orderid', 'Broker order id'],
  positionSize: ['position_size', 'Target net position: positive long, negative short, 0 flat'],
  splitSize: ['splitsize', 'Size of each child order'],
  interval: ['interval', 'An interval the broker serves (see /intervals): 1m, 5m, 1h, D…'],
  start: ['start_date', 'First day, YYYY-MM-DD (IST)'],
  end: ['end_date', 'Last day, YYYY-MM-DD (IST), inclusive'],
} as const satisfies Record<CoreField, readonly [wire: string, description: string]>;

type Fields = typeof WIRE_FIELDS;
type WireToCore = { [C in keyof Fields as Fields[C][0]]: C };

/** A decoded request: wire names replaced by core's, every other key kept. */
export type Decoded<T> = { [K in keyof T as K extends keyof WireToCore ? WireToCore[K] : K]: T[K] };

const CORE_BY_WIRE = new Map<string, string>(
  Object.entries(WIRE_FIELDS).map(([core, [wire]]) => [wire, core]),
);
const WIRE_BY_CORE = new Map<string, string>(
  Object.entries(WIRE_FIELDS).map(([core, [wire]]) => [core, wire]),
);

export function wireName(coreName: string): string {
  return WIRE_BY_CORE.get(coreName) ?? coreName;
}

export function describeField(coreName: keyof Fields): string {
  return WIRE_FIELDS[coreName][1];
}

/** Renames a parsed wire object's keys to core's. */
export function decodeNames<T extends object>(wire: T): Decoded<T> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(wire)) out[CORE_BY_WIRE.get(key) ?? key] = value;
  return out as Decoded<T>;
}

/** A dotted core path (`orders.2.triggerPrice`) in the request's wire names (`orders.2.trigger_price`). */
export function wirePath(field: string): string {
  return field.split('.').map(wireName).join('.');
}

const namesIn = (names: string[]) => new RegExp(`\\b(${names.join('|')})\\b`, 'g');
// In an error's prose, plain words (`start`, `end`) may not be fields; camelCase names always are.
const CAMEL_NAMES = namesIn([...WIRE_BY_CORE.keys()].filter((n) => /[A-Z]/.test(n)));
const ALL_NAMES = namesIn([...WIRE_BY_CORE.keys()]);

/**
 * Core's field names inside a message, in the request's snake_case names. `schemaIssue`: the text is
 * a core schema's own wording about its fields ("must not be before start"), so every name is one.
 */
export function wireMessage(text: string, schemaIssue = false): string {
  return text.replace(schemaIssue ? ALL_NAMES : CAMEL_NAMES, wireName);
}
