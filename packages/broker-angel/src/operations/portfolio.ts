import type { CallOptions, Funds, Holding, Position } from '@openalgo/core';
import { SECURE_PREFIX } from '../client.js';
import { type AngelContext, readCall } from '../context.js';
import { AngelHoldingsSchema, AngelPositionBookSchema, AngelRmsSchema } from '../mapping/angel-types.js';
import { mapFunds, mapHolding, mapPosition, sumM2m } from '../mapping/portfolio.js';
import { orEmpty } from './order-lookup.js';

export const POSITIONS_PATH = `${SECURE_PREFIX}/order/v1/getPosition`;
export const HOLDINGS_PATH = `${SECURE_PREFIX}/portfolio/v1/getHolding`;
export const RMS_PATH = `${SECURE_PREFIX}/user/v1/getRMS`;

/** Net positions (carry-forward plus today); `data: null` or AB1016 when there are none. */
export async function getPositions(ctx: AngelContext, options?: CallOptions): Promise<Position[]> {
  const rows = await orEmpty(() =>
    ctx.http.get(POSITIONS_PATH, AngelPositionBookSchema, readCall(options, 'positions', 'positions')),
  );
  return rows.map((row) => mapPosition(row, ctx.symbols));
}

/** `getHolding`: the plain list (`getAllHolding` adds totals the unified model does not carry). */
export async function getHoldings(ctx: AngelContext, options?: CallOptions): Promise<Holding[]> {
  const rows = await orEmpty(() =>
    ctx.http.get(HOLDINGS_PATH, AngelHoldingsSchema, readCall(options, 'holdings', 'holdings')),
  );
  return rows.map((row) => mapHolding(row, ctx.symbols));
}

/**
 * `getRMS` for cash, collateral and margin in use; the position book for m2m, because Angel's RMS m2m
 * fields read 0 while positions carry real P&L (brokers.md §2.8). Both are reads; a failure of either
 * fails the call rather than reporting a zero P&L that is not true.
 */
export async function getFunds(ctx: AngelContext, options?: CallOptions): Promise<Funds> {
  const [rms, positions] = await Promise.all([
    ctx.http.get(RMS_PATH, AngelRmsSchema, readCall(options, 'funds', 'funds')),
    getPositions(ctx, options),
  ]);
  return mapFunds(rms, sumM2m(positions));
}
