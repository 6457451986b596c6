import type { CallOptions, Funds, Holding, Position } from '@openalgo/core';
import { type FyersContext, readCall } from '../context.js';
import { FyersFundsSchema, FyersHoldingsSchema, FyersPositionsSchema } from '../mapping/fyers-types.js';
import { mapFunds, mapHolding, mapPosition } from '../mapping/portfolio.js';
import { mappingContext } from './orders.js';

/** `GET /positions`: net positions (carry-forward plus today), one row per symbol and product. */
export async function getPositions(ctx: FyersContext, options?: CallOptions): Promise<Position[]> {
  const data = await ctx.http.get('/positions', FyersPositionsSchema, readCall(options, 'positions'));
  const m = mappingContext(ctx);
  return data.netPositions.map((row) => mapPosition(row, m));
}

export async function getHoldings(ctx: FyersContext, options?: CallOptions): Promise<Holding[]> {
  const data = await ctx.http.get('/holdings', FyersHoldingsSchema, readCall(options, 'holdings'));
  const m = mappingContext(ctx);
  return data.holdings.map((row) => mapHolding(row, m));
}

/**
 * `GET /funds` for cash and margin, `GET /positions` for the day's P&L (Fyers' funds carry no unrealised
 * figure; OpenAlgo sums the positions the same way). Both are reads, fetched one after the other so the
 * pair draws its two tokens from the REST bucket in order.
 */
export async function getFunds(ctx: FyersContext, options?: CallOptions): Promise<Funds> {
  const funds = await ctx.http.get('/funds', FyersFundsSchema, readCall(options, 'funds'));
  const positions = await ctx.http.get(
    '/positions',
    FyersPositionsSchema,
    readCall(options, 'positions for funds'),
  );
  return mapFunds(funds.fund_limit, positions.netPositions, { funds, positions });
}
