import { type CallOptions, InvalidRequestError, type MarginLeg, type MarginResult } from '@openalgo/core';
import { type FyersContext, readCall } from '../context.js';
import { FyersMarginSchema } from '../mapping/fyers-types.js';
import { FYERS_PRODUCT_OF, FYERS_SIDE_OF, FYERS_TYPE_OF } from '../mapping/orders.js';
import { fyersTicker } from '../symbols.js';

function fyersLeg(ctx: FyersContext, leg: MarginLeg) {
  const row = ctx.symbols.resolveTradable(leg);
  return {
    symbol: fyersTicker(row),
    qty: leg.quantity,
    side: FYERS_SIDE_OF[leg.action],
    type: FYERS_TYPE_OF[leg.priceType],
    productType: FYERS_PRODUCT_OF[leg.product],
    limitPrice: leg.price,
    stopLoss: 0,
    stopPrice: leg.triggerPrice,
    takeProfit: 0,
  };
}

/**
 * Margin for a hypothetical basket: `POST /multiorder/margin` with `{data: [legs]}` (brokers.md §3.4, as
 * OpenAlgo sends it). Fyers answers one total, no SPAN/exposure split: `margin_new_order` (the margin the
 * basket needs, OpenAlgo's reading) is the total, and the split is reported as 0. A margin query changes
 * nothing at Fyers, so it is a read (retried on a transient failure).
 */
export async function getMargin(
  ctx: FyersContext,
  legs: readonly MarginLeg[],
  options?: CallOptions,
): Promise<MarginResult> {
  if (legs.length === 0) {
    throw new InvalidRequestError('A margin request needs at least one leg', { field: 'legs' });
  }
  const body = { json: { data: legs.map((leg) => fyersLeg(ctx, leg)) } };
  const answer = await ctx.http.post('/multiorder/margin', FyersMarginSchema, {
    ...readCall(options, 'order margin'),
    body,
  });
  return {
    totalMarginRequired: answer.data.margin_new_order,
    spanMargin: 0,
    exposureMargin: 0,
    raw: answer,
  };
}
