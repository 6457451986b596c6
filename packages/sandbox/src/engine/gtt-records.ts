import type { Action, Exchange, GTT_PRICE_TYPES, GTT_PRODUCTS, Instrument } from '@openalgo/core';
import { orderId } from './ids.js';

/**
 * The sandbox's GTT (good-till-triggered) records. A GTT rests outside the order book: it watches the
 * LTP and, when a leg's trigger is crossed, places that leg's order through the normal order path.
 * Unlike the engine's other records a GTT carries its legs as a list (one, or two for OCO) of flat
 * objects, so stores copy it with `copyGtt`, never a bare spread.
 */

/** `single`: one trigger, one order. `oco`: two triggers, the first to fire cancels the other. */
export type GttType = 'single' | 'oco';

export type GttStatus = 'active' | 'triggered' | 'cancelled' | 'expired';

/** Which way the LTP must move to reach a trigger: fixed at placement, from the last price then. */
export type GttDirection = 'below' | 'above';

export type GttPriceType = (typeof GTT_PRICE_TYPES)[number];
/** Delivery or carry-forward: an intraday product would be squared off under a resting GTT. */
export type GttProduct = (typeof GTT_PRODUCTS)[number];

export interface GttLegRecord {
  triggerPrice: number;
  direction: GttDirection;
  action: Action;
  quantity: number;
  priceType: GttPriceType;
  /** The order's limit price (0 for MARKET). */
  price: number;
  product: GttProduct;
}

export interface GttRecord {
  gttId: string;
  /** Creation order across the account's life; ids continue from the highest after a restart. */
  sequence: number;
  type: GttType;
  symbol: string;
  exchange: Exchange;
  /** What the fired order needs of the instrument (rules, margin), kept so a restart needs no lookup. */
  instrumentType: string;
  lotSize: number;
  tickSize: number;
  /** The LTP the triggers were set against (placement or the last modification). */
  lastPrice: number;
  /** Single: one leg. OCO: the stoploss leg (the lower trigger) first, then the target leg. */
  legs: GttLegRecord[];
  status: GttStatus;
  /** The leg that fired and the order it placed (which may itself be rejected, with its reason). */
  triggeredLeg: number | undefined;
  orderId: string | undefined;
  createdAt: number;
  updatedAt: number;
  expiresAt: number;
}

/** A full copy: the record and each of its legs. */
export function copyGtt(record: GttRecord): GttRecord {
  return { ...record, legs: record.legs.map((leg) => ({ ...leg })) };
}

/** GTT ids follow the order ids' shape with a `G` in front, so they never equal an order id. */
export function gttId(at: number, sequence: number): string {
  return `G${orderId(at, sequence)}`;
}

/** The instrument fields a GTT keeps, back in the shape an order placement takes. */
export function gttInstrument(
  record: Pick<GttRecord, 'symbol' | 'exchange' | 'instrumentType' | 'lotSize' | 'tickSize'>,
): Pick<Instrument, 'symbol' | 'exchange' | 'lotSize' | 'tickSize' | 'instrumentType'> {
  const { symbol, exchange, instrumentType, lotSize, tickSize } = record;
  return { symbol, exchange, instrumentType, lotSize, tickSize };
}

/** Whether `ltp` has reached the leg's trigger from the side it started on (touching counts). */
export function legTriggered(leg: Pick<GttLegRecord, 'direction' | 'triggerPrice'>, ltp: number): boolean {
  if (!(ltp > 0)) return false;
  return leg.direction === 'below' ? ltp <= leg.triggerPrice : ltp >= leg.triggerPrice;
}
