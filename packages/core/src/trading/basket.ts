import { z } from 'zod';
import { InvalidRequestError, type OpenAlgoErrorJSON } from '../errors/openalgo-error.js';
import type { Exchange } from '../model/enums.js';
import { type OrderRequest, type OrderRequestInput, OrderRequestSchema } from '../model/order.js';
import { assertTradable } from '../model/price-rules.js';
import { parseOrThrow } from '../model/validation.js';
import { pacedBulk } from './bulk-pacing.js';
import { settleWithConcurrency } from './concurrency.js';
import type { TradingContext } from './context.js';
import { placeOrder } from './place-order.js';
import { type BatchStatus, batchStatus, errorJSON } from './results.js';

export const DEFAULT_BASKET_CONCURRENCY = 10;

const BasketSchema = z.object({
  orders: z.array(OrderRequestSchema).min(1, { error: 'must hold at least one order' }),
});
const BasketOptionsSchema = z.object({
  concurrency: z.number().int().min(1).max(100).default(DEFAULT_BASKET_CONCURRENCY),
});
export type BasketOptions = z.input<typeof BasketOptionsSchema>;

interface BasketLeg {
  /** Position of the leg in the request. */
  index: number;
  symbol: string;
  exchange: Exchange;
  clientOrderId: string;
}
export type BasketLegResult =
  | (BasketLeg & { status: 'success'; orderId: string; reconciled?: boolean })
  | (BasketLeg & { status: 'error'; error: OpenAlgoErrorJSON });

export interface BasketResult {
  status: BatchStatus;
  /** One entry per requested leg, in request order. */
  results: BasketLegResult[];
}

/** Every leg is checked before any is sent: a basket is all-or-nothing at the validation stage. */
function validateBasket(ctx: TradingContext, orders: readonly OrderRequestInput[]): OrderRequest[] {
  const legs = parseOrThrow(BasketSchema, { orders }, 'basket').orders;
  const seen = new Map<string, number>();
  return legs.map((leg, index) => {
    assertTradable(leg.exchange, `orders.${index}.exchange`);
    const clientOrderId = leg.clientOrderId ?? ctx.newClientOrderId();
    const earlier = seen.get(clientOrderId);
    if (earlier !== undefined) {
      // Reconciliation finds an order by its client id, so two legs must never share one.
      throw new InvalidRequestError(
        `Invalid basket: orders.${index}.clientOrderId: duplicates orders.${earlier}.clientOrderId`,
        { field: `orders.${index}.clientOrderId` },
      );
    }
    seen.set(clientOrderId, index);
    return { ...leg, clientOrderId };
  });
}

/**
 * OpenAlgo `/basketorder`: all BUY legs first, then all SELL legs (so the hedge is on before the
 * margin-hungry side), each group with bounded concurrency and every BUY settled before the first
 * SELL starts. Each leg goes through placeOrder (reconciled on ambiguity). Results come back in
 * request order. Legs pace inside the broker's rate windows (`pacedBulk`) rather than fail on them.
 */
export async function placeBasket(
  ctx: TradingContext,
  orders: readonly OrderRequestInput[],
  options: BasketOptions = {},
): Promise<BasketResult> {
  const { concurrency } = parseOrThrow(BasketOptionsSchema, options, 'basket options');
  const legs = validateBasket(ctx, orders);
  const indexed = legs.map((leg, index) => ({ leg, index }));
  const results: BasketLegResult[] = new Array(legs.length);
  ctx.logger.info({ legs: legs.length, concurrency }, 'placing basket');
  // One pacing budget for the whole basket, BUY and SELL legs together.
  await pacedBulk(ctx, 'basket', legs.length, async (progress) => {
    for (const side of ['BUY', 'SELL'] as const) {
      const group = indexed.filter(({ leg }) => leg.action === side);
      const outcomes = await settleWithConcurrency(group, concurrency, ({ leg }) =>
        placeOrder(ctx, leg).finally(() => {
          progress.completed++;
        }),
      );
      outcomes.forEach((outcome, i) => {
        const { leg, index } = group[i] as (typeof group)[number];
        const base: BasketLeg = {
          index,
          symbol: leg.symbol,
          exchange: leg.exchange,
          clientOrderId: leg.clientOrderId as string,
        };
        results[index] =
          outcome.status === 'fulfilled'
            ? {
                ...base,
                status: 'success',
                orderId: outcome.value.orderId,
                ...(outcome.value.reconciled ? { reconciled: true } : {}),
              }
            : { ...base, status: 'error', error: errorJSON(outcome.reason) };
      });
    }
  });
  const status = batchStatus(results);
  ctx.logger.info({ status }, 'basket done');
  return { status, results };
}
