import { GTT_PRODUCTS, InvalidOrderError, type OpenAlgoError } from '@openalgo/core';
import type { GttDirection, GttLegRecord, GttPriceType, GttType } from './gtt-records.js';
import { instrumentKind } from './instrument-kind.js';
import type { PlaceOrderInput } from './place.js';
import { orderRuleViolation } from './validation.js';

/** One leg as a caller states it; its direction is the engine's to work out. */
export type GttLegInput = Omit<GttLegRecord, 'direction'>;

/** A GTT as placed or (in full, replacing the old terms) modified. */
export interface GttInput {
  instrument: PlaceOrderInput['instrument'];
  type: GttType;
  /** The LTP the triggers are set against; 0 or absent: the engine's own price now. */
  lastPrice?: number;
  /** Single: one leg. OCO: two, the stoploss leg (lower trigger) first. */
  legs: readonly GttLegInput[];
  /** Epoch ms; absent: one year after placement (Kite's default). */
  expiresAt?: number;
}

/** How long a GTT rests when the caller sets no expiry: a year, as Kite's do. */
export const DEFAULT_GTT_LIFETIME_MS = 365 * 24 * 60 * 60 * 1000;

function invalid(message: string, field: string): OpenAlgoError {
  return new InvalidOrderError(message, { broker: 'sandbox', field });
}

function directionOf(trigger: number, lastPrice: number, field: string): GttDirection {
  if (trigger === lastPrice) {
    throw invalid(
      `The trigger ${trigger} equals the last price ${lastPrice}: a GTT trigger must be above or below it`,
      field,
    );
  }
  return trigger < lastPrice ? 'below' : 'above';
}

/**
 * Checks a GTT against the rules a broker applies at creation and returns its legs with their
 * directions. A leg must be an order the sandbox could accept (quantity, tick, lot, product), so a
 * GTT that could only ever place a rejected order is refused now rather than when it fires; margin
 * is checked when it fires, as Kite does. Throws INVALID_ORDER naming the field.
 */
export function checkedGttLegs(input: GttInput, lastPrice: number): GttLegRecord[] {
  const expected = input.type === 'oco' ? 2 : 1;
  if (input.legs.length !== expected) {
    throw invalid(
      `A ${input.type} GTT has ${expected} leg${expected > 1 ? 's' : ''}, not ${input.legs.length}`,
      'legs',
    );
  }
  if (!(lastPrice > 0)) {
    throw invalid(
      `No last price for ${input.instrument.symbol}: the GTT's triggers can't be placed`,
      'lastPrice',
    );
  }
  const kind = instrumentKind(input.instrument);
  const legs = input.legs.map((leg, index) => checkedLeg(input, leg, index, kind, lastPrice));
  if (input.type === 'oco') {
    const [stoploss, target] = legs as [GttLegRecord, GttLegRecord];
    if (stoploss.direction !== 'below' || target.direction !== 'above') {
      throw invalid(
        `An OCO GTT's stoploss trigger (${stoploss.triggerPrice}) must be below the last price ` +
          `${lastPrice} and its target trigger (${target.triggerPrice}) above it`,
        stoploss.direction !== 'below' ? 'triggerPrices.0' : 'triggerPrices.1',
      );
    }
  }
  return legs;
}

function checkedLeg(
  input: GttInput,
  leg: GttLegInput,
  index: number,
  kind: ReturnType<typeof instrumentKind>,
  lastPrice: number,
): GttLegRecord {
  // Named as core's GTT request names them: triggers in `triggerPrices`, the rest in `legs`.
  const at = (field: string) => `legs.${index}.${field}`;
  const trigger = `triggerPrices.${index}`;
  if (!Number.isFinite(leg.triggerPrice) || leg.triggerPrice <= 0) {
    throw invalid(`The trigger price must be greater than 0 (got ${leg.triggerPrice})`, trigger);
  }
  if (!(GTT_PRODUCTS as readonly string[]).includes(leg.product)) {
    throw invalid('A GTT takes CNC or NRML: MIS is intraday, and a GTT may rest for days', at('product'));
  }
  const priceType: GttPriceType = leg.priceType;
  const violation = orderRuleViolation({
    symbol: input.instrument.symbol,
    exchange: input.instrument.exchange,
    kind,
    lotSize: input.instrument.lotSize,
    tickSize: input.instrument.tickSize,
    action: leg.action,
    priceType,
    product: leg.product,
    quantity: leg.quantity,
    price: priceType === 'MARKET' ? 0 : leg.price,
    triggerPrice: 0,
  });
  if (violation) throw invalid(`GTT leg ${index + 1}: ${violation}`, fieldOf(violation, at));
  return {
    triggerPrice: leg.triggerPrice,
    direction: directionOf(leg.triggerPrice, lastPrice, trigger),
    action: leg.action,
    quantity: leg.quantity,
    priceType,
    price: priceType === 'MARKET' ? 0 : leg.price,
    product: leg.product,
  };
}

/** The leg field an order rule's message is about (the rules answer in words, not fields). */
function fieldOf(violation: string, at: (field: string) => string): string {
  if (/is an index/.test(violation)) return 'symbol';
  if (/^(Price|A LIMIT)/i.test(violation)) return at('price');
  if (/^(NRML|CNC)/.test(violation)) return at('product');
  return at('quantity');
}
