import type { CallOptions, MarginLeg, MarginResult } from '@openalgo/core';
import { BrokerError, InvalidRequestError } from '@openalgo/core';
import { readKiteData } from './client.js';
import type { KiteContext } from './context.js';
import { BROKER_ID } from './errors.js';
import { KiteBasketMarginsSchema, KiteOrderMarginsSchema } from './kite-types.js';
import { VARIETY } from './orders.js';

const READ_LIMITS = ['default'] as const;

function kiteLeg(ctx: KiteContext, leg: MarginLeg) {
  const row = ctx.symbols.resolveTradable(leg);
  return {
    exchange: row.brexchange,
    tradingsymbol: row.brsymbol,
    transaction_type: leg.action,
    variety: VARIETY,
    product: leg.product,
    order_type: leg.priceType,
    quantity: leg.quantity,
    price: leg.price,
    trigger_price: leg.triggerPrice,
  };
}

/**
 * Margin for a hypothetical basket, the way OpenAlgo asks Kite: one leg → `POST /margins/orders`,
 * several → `POST /margins/basket?consider_positions=true` (hedges offset each other) and its `final`
 * figures. Both take a JSON array, unlike every other Kite write.
 */
export async function getMargin(
  ctx: KiteContext,
  legs: readonly MarginLeg[],
  options?: CallOptions,
): Promise<MarginResult> {
  if (legs.length === 0) {
    throw new InvalidRequestError('A margin request needs at least one leg', { field: 'legs' });
  }
  const body = legs.map((leg) => kiteLeg(ctx, leg));
  const signal = options?.signal ? { signal: options.signal } : {};
  if (body.length === 1) {
    const res = await ctx.http.request({
      method: 'POST',
      path: '/margins/orders',
      query: { mode: 'compact' },
      body: { json: body },
      kind: 'read',
      limits: READ_LIMITS,
      ...signal,
    });
    const [margin] = readKiteData(KiteOrderMarginsSchema, res.data, 'order margin');
    if (!margin) {
      throw new BrokerError(`${BROKER_ID}: Kite returned no margin for the order`, { broker: BROKER_ID });
    }
    return {
      totalMarginRequired: margin.total,
      spanMargin: margin.span,
      exposureMargin: margin.exposure,
      raw: res.data,
    };
  }
  const res = await ctx.http.request({
    method: 'POST',
    path: '/margins/basket',
    query: { consider_positions: 'true', mode: 'compact' },
    body: { json: body },
    kind: 'read',
    limits: READ_LIMITS,
    ...signal,
  });
  const { final } = readKiteData(KiteBasketMarginsSchema, res.data, 'basket margin');
  return {
    totalMarginRequired: final.total,
    spanMargin: final.span,
    exposureMargin: final.exposure,
    raw: res.data,
  };
}
