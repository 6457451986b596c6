import type { CallOptions, MarginLeg, MarginResult } from '@openalgo/core';
import { BrokerError, InvalidRequestError } from '@openalgo/core';
import { type KiteContext, readCall } from '../context.js';
import { BROKER_ID } from '../errors.js';
import { KiteBasketMarginsSchema, KiteOrderMarginsSchema } from '../mapping/kite-types.js';
import { VARIETY } from './orders.js';

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
  const body = { json: legs.map((leg) => kiteLeg(ctx, leg)) };
  // A margin query changes nothing at Kite, so it is a read (retried on a transient failure).
  if (legs.length === 1) {
    const margins = await ctx.http.post('/margins/orders', KiteOrderMarginsSchema, {
      ...readCall(options, 'order margin'),
      query: { mode: 'compact' },
      body,
    });
    const [margin] = margins;
    if (!margin) throw new BrokerError(`${BROKER_ID}: Kite returned no margin for the order`);
    return {
      totalMarginRequired: margin.total,
      spanMargin: margin.span,
      exposureMargin: margin.exposure,
      raw: margins,
    };
  }
  const basket = await ctx.http.post('/margins/basket', KiteBasketMarginsSchema, {
    ...readCall(options, 'basket margin'),
    query: { consider_positions: 'true', mode: 'compact' },
    body,
  });
  return {
    totalMarginRequired: basket.final.total,
    spanMargin: basket.final.span,
    exposureMargin: basket.final.exposure,
    raw: basket,
  };
}
