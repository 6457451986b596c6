import { z } from 'zod';
import type { BrokerAdapter } from '../contract/adapter.js';
import { type Exchange, ExchangeSchema, type Product, ProductSchema } from '../model/enums.js';
import { SymbolSchema } from '../model/order.js';
import type { Position } from '../model/portfolio.js';
import { parseOrThrow } from '../model/validation.js';
import type { TradingContext } from './context.js';

export const PositionKeySchema = z.object({
  symbol: SymbolSchema,
  exchange: ExchangeSchema,
  product: ProductSchema,
});
export type PositionKey = z.infer<typeof PositionKeySchema>;
export type PositionKeyInput = z.input<typeof PositionKeySchema>;

export function positionKeyString(key: { symbol: string; exchange: Exchange; product: Product }): string {
  return `${key.exchange}:${key.symbol}:${key.product}`;
}

/**
 * Net signed quantity for one (symbol, exchange, product). Rows are summed in case an adapter reports
 * a position in several rows (e.g. carried and intraday legs); 0 when there is none.
 */
export function netQuantity(positions: readonly Position[], key: PositionKey): number {
  let net = 0;
  for (const p of positions) {
    if (p.symbol === key.symbol && p.exchange === key.exchange && p.product === key.product)
      net += p.quantity;
  }
  return net;
}

export async function readNetQuantity(adapter: BrokerAdapter, key: PositionKey): Promise<number> {
  return netQuantity(await adapter.getPositions(), key);
}

/** OpenAlgo `/openposition`: the net signed quantity, 0 when absent. */
export async function openPosition(ctx: TradingContext, input: PositionKeyInput): Promise<number> {
  const key = parseOrThrow(PositionKeySchema, input, 'position');
  return readNetQuantity(ctx.adapter, key);
}
