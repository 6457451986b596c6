import type { CallOptions, Funds, Holding, Position } from '@openalgo/core';
import { z } from 'zod';
import { readKiteData } from './client.js';
import type { KiteContext } from './context.js';
import { KiteHoldingSchema, KiteMarginsSchema, KitePositionsSchema } from './kite-types.js';
import { mapFunds, mapHolding, mapPosition } from './mapping-portfolio.js';

const READ_LIMITS = ['default'] as const;

async function get(ctx: KiteContext, path: string, options: CallOptions | undefined): Promise<unknown> {
  const res = await ctx.http.request({
    method: 'GET',
    path,
    kind: 'read',
    limits: READ_LIMITS,
    ...(options?.signal ? { signal: options.signal } : {}),
  });
  return res.data;
}

/** Net positions (carry-forward plus today); Kite's `day` view is today's trades only and is not used. */
export async function getPositions(ctx: KiteContext, options?: CallOptions): Promise<Position[]> {
  const data = readKiteData(
    KitePositionsSchema,
    await get(ctx, '/portfolio/positions', options),
    'positions',
  );
  return data.net.map((row) => mapPosition(row, ctx.symbols));
}

export async function getHoldings(ctx: KiteContext, options?: CallOptions): Promise<Holding[]> {
  const body = await get(ctx, '/portfolio/holdings', options);
  const rows = readKiteData(z.array(KiteHoldingSchema), body, 'holdings');
  return rows.map((row) => mapHolding(row, ctx.symbols));
}

/** `GET /user/margins`: both segments (equity and commodity) in one call. */
export async function getFunds(ctx: KiteContext, options?: CallOptions): Promise<Funds> {
  return mapFunds(readKiteData(KiteMarginsSchema, await get(ctx, '/user/margins', options), 'funds'));
}
