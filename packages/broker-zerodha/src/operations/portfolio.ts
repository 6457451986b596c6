import type { CallOptions, Funds, Holding, Position } from '@openalgo/core';
import { z } from 'zod';
import { type KiteContext, readCall } from '../context.js';
import { KiteHoldingSchema, KiteMarginsSchema, KitePositionsSchema } from '../mapping/kite-types.js';
import { mapFunds, mapHolding, mapPosition } from '../mapping/portfolio.js';

/** Net positions (carry-forward plus today); Kite's `day` view is today's trades only and is not used. */
export async function getPositions(ctx: KiteContext, options?: CallOptions): Promise<Position[]> {
  const data = await ctx.http.get(
    '/portfolio/positions',
    KitePositionsSchema,
    readCall(options, 'positions'),
  );
  return data.net.map((row) => mapPosition(row, ctx.symbols));
}

export async function getHoldings(ctx: KiteContext, options?: CallOptions): Promise<Holding[]> {
  const rows = await ctx.http.get(
    '/portfolio/holdings',
    z.array(KiteHoldingSchema),
    readCall(options, 'holdings'),
  );
  return rows.map((row) => mapHolding(row, ctx.symbols));
}

/** `GET /user/margins`: both segments (equity and commodity) in one call. */
export async function getFunds(ctx: KiteContext, options?: CallOptions): Promise<Funds> {
  return mapFunds(await ctx.http.get('/user/margins', KiteMarginsSchema, readCall(options, 'funds')));
}
