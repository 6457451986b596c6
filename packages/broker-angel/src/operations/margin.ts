import { type CallOptions, InvalidRequestError, type MarginLeg, type MarginResult } from '@openalgo/core';
import { SECURE_PREFIX } from '../client.js';
import { type AngelContext, readCall } from '../context.js';
import { AngelMarginSchema } from '../mapping/angel-types.js';
import { PRICE_TYPE_TO_ANGEL, PRODUCT_TO_ANGEL } from '../mapping/orders.js';

export const MARGIN_PATH = `${SECURE_PREFIX}/margin/v1/batch`;

/**
 * Margin for a hypothetical basket: `POST margin/v1/batch {"positions":[…]}` (§2.4), all legs in one
 * request so hedges offset each other, numbers as JSON numbers as in the SDK's example. It changes
 * nothing at Angel, so it is a read (retried when transient).
 *
 * Angel reports the total and its components (SPAN, premium, delivery…) but no exposure margin of its
 * own; `exposureMargin` is the part of the total beyond SPAN when a SPAN figure is reported, else 0.
 */
export async function getMargin(
  ctx: AngelContext,
  legs: readonly MarginLeg[],
  options?: CallOptions,
): Promise<MarginResult> {
  if (legs.length === 0) {
    throw new InvalidRequestError('A margin request needs at least one leg', { field: 'legs' });
  }
  const positions = legs.map((leg) => {
    const row = ctx.symbols.resolveTradable(leg);
    return {
      exchange: row.brexchange,
      qty: leg.quantity,
      price: leg.price,
      productType: PRODUCT_TO_ANGEL[leg.product],
      token: row.token,
      tradeType: leg.action,
      orderType: PRICE_TYPE_TO_ANGEL[leg.priceType].ordertype,
    };
  });
  const data = await ctx.http.post(MARGIN_PATH, AngelMarginSchema, {
    ...readCall(options, 'margin', 'margin'),
    body: { json: { positions } },
  });
  const total = data.totalMarginRequired;
  const span = data.marginComponents?.spanMargin ?? 0;
  return {
    totalMarginRequired: total,
    spanMargin: span,
    exposureMargin: span > 0 ? Math.max(0, Math.round((total - span) * 100) / 100) : 0,
    raw: data,
  };
}
