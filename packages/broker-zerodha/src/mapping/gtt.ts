import {
  BrokerError,
  GTT_STATUSES,
  type Gtt,
  type GttModifyRequest,
  type GttRequest,
  type GttStatus,
  type GttType,
  type Instrument,
  type OpenAlgoError,
} from '@openalgo/core';
import { z } from 'zod';
import { BROKER_ID } from '../errors.js';
import type { KiteSymbols } from '../instruments/symbols.js';
import { kiteTimestamp, mapAction, wholeQuantity } from './orders.js';

/** Kite's GTT `type`: OpenAlgo's OCO is Kite's "two-leg". */
export const KITE_GTT_TYPES: Readonly<Record<GttType, string>> = { single: 'single', oco: 'two-leg' };

/** Kite's seven documented GTT statuses (the SDK's GTT_STATUS_* constants) are the unified ones. */
const KITE_GTT_STATUSES: ReadonlySet<string> = new Set<GttStatus>(GTT_STATUSES);

/** Market protection for a MARKET leg: Kite refuses a market order sent through the API without it. */
export const GTT_MARKET_PROTECTION = -1;

const num = z.number();
const text = z.string().nullable().optional();

const KiteGttResultSchema = z
  .object({
    order_result: z
      .object({
        status: text,
        order_id: z.union([z.string(), num]).nullable().optional(),
        rejection_reason: text,
      })
      .loose()
      .nullable()
      .optional(),
  })
  .loose();

export const KiteGttSchema = z
  .object({
    id: z.union([num, z.string().min(1)]),
    type: z.string(),
    status: z.string(),
    created_at: z.string(),
    updated_at: text,
    expires_at: text,
    condition: z
      .object({
        exchange: z.string(),
        tradingsymbol: z.string(),
        trigger_values: z.array(num),
        last_price: num,
        instrument_token: num.optional(),
      })
      .loose(),
    orders: z.array(
      z
        .object({
          transaction_type: z.string(),
          quantity: num,
          price: num,
          order_type: z.string(),
          product: z.string(),
          result: KiteGttResultSchema.nullable().optional(),
        })
        .loose(),
    ),
  })
  .loose();
export type KiteGtt = z.infer<typeof KiteGttSchema>;

export const KiteTriggerIdSchema = z.object({ trigger_id: z.union([num, z.string().min(1)]) }).loose();

function unexpected(what: string, value: unknown, context: string): OpenAlgoError {
  return new BrokerError(`${BROKER_ID}: unexpected ${what} "${String(value)}" in ${context}`, {
    details: { [what]: String(value) },
  });
}

/**
 * The form of `POST /gtt/triggers` and `PUT /gtt/triggers/{id}`, field for field as kiteconnect's
 * `placeGTT`/`modifyGTT` write it: `condition` and `orders` are JSON strings, numbers stay numbers.
 * A MARKET leg carries market protection, which the SDK cannot send (Kite refuses MARKET without it).
 */
export function gttForm(
  request: GttRequest | GttModifyRequest,
  row: Instrument,
): { type: string; condition: string; orders: string } {
  const condition = {
    exchange: row.brexchange,
    tradingsymbol: row.brsymbol,
    trigger_values: request.triggerPrices,
    last_price: request.lastPrice,
  };
  const orders = request.legs.map((leg) => ({
    transaction_type: leg.action,
    order_type: leg.priceType,
    product: leg.product,
    quantity: leg.quantity,
    price: leg.priceType === 'MARKET' ? 0 : leg.price,
    exchange: row.brexchange,
    tradingsymbol: row.brsymbol,
    ...(leg.priceType === 'MARKET' ? { market_protection: GTT_MARKET_PROTECTION } : {}),
  }));
  return {
    type: KITE_GTT_TYPES[request.type],
    condition: JSON.stringify(condition),
    orders: JSON.stringify(orders),
  };
}

function mapGttType(value: string, context: string): GttType {
  if (value === 'single') return 'single';
  if (value === 'two-leg') return 'oco';
  throw unexpected('GTT type', value, context);
}

function mapGttStatus(value: string, context: string): GttStatus {
  if (KITE_GTT_STATUSES.has(value)) return value as GttStatus;
  throw unexpected('GTT status', value, context);
}

function gttProduct(value: string, context: string): 'CNC' | 'NRML' {
  if (value === 'CNC' || value === 'NRML') return value;
  throw unexpected('GTT product', value, context);
}

function gttPriceType(value: string, context: string): 'LIMIT' | 'MARKET' {
  if (value === 'LIMIT' || value === 'MARKET') return value;
  throw unexpected('GTT order type', value, context);
}

/** One Kite GTT as the unified row; the order a fired leg placed is read from its `result`. */
export function mapGtt(raw: KiteGtt, symbols: KiteSymbols): Gtt {
  const triggerId = String(raw.id);
  const context = `GTT ${triggerId}`;
  const { condition } = raw;
  const ref = symbols.fromKite(condition.exchange, condition.tradingsymbol, condition.instrument_token);
  const orderIds: string[] = [];
  const reasons: string[] = [];
  for (const order of raw.orders) {
    const result = order.result?.order_result;
    if (!result) continue;
    const id = result.order_id === null || result.order_id === undefined ? '' : String(result.order_id);
    if (id !== '') orderIds.push(id);
    if (result.rejection_reason) reasons.push(result.rejection_reason);
  }
  const createdAt = kiteTimestamp([raw.created_at], context);
  const gtt: Gtt = {
    triggerId,
    type: mapGttType(raw.type, context),
    status: mapGttStatus(raw.status, context),
    rawStatus: raw.status,
    symbol: ref.symbol,
    exchange: ref.exchange,
    triggerPrices: [...condition.trigger_values],
    lastPrice: condition.last_price,
    legs: raw.orders.map((order) => ({
      action: mapAction(order.transaction_type, context),
      quantity: wholeQuantity(order.quantity, 'quantity', context),
      price: order.price,
      priceType: gttPriceType(order.order_type, context),
      product: gttProduct(order.product, context),
    })),
    createdAt,
    updatedAt: raw.updated_at ? kiteTimestamp([raw.updated_at], context) : createdAt,
    orderIds,
    raw,
  };
  if (raw.expires_at) gtt.expiresAt = kiteTimestamp([raw.expires_at], context);
  if (reasons.length > 0) gtt.statusMessage = reasons.join('; ');
  return gtt;
}
