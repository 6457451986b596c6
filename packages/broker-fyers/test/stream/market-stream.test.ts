import { isOpenAlgoError } from '@openalgo/core';
import { describe, expect, it } from 'vitest';
import { checkCapacity, FULL_CHANNEL, LITE_CHANNEL, type Route } from '../../src/stream/hsm-routes.js';
import {
  collectTicks,
  NIFTY,
  SBIN,
  snapshot,
  statusReached,
  USDINR,
  until,
  useHsmHarness,
  ZEN,
} from './hsm-harness.js';

const h = useHsmHarness();
const connection = () => [...h.server.connections][0];
const topics = () => [...(connection()?.topics.keys() ?? [])].sort();

describe('HSM market stream over the simulator', () => {
  it('authenticates with the access token hsm_key, then sets channel modes and subscribes', async () => {
    const stream = h.stream();
    const ticks = collectTicks(stream);
    await stream.subscribe([SBIN], 'quote');
    await until(() => ticks.length >= 1, 'snapshot tick');
    const conn = connection();
    expect(conn?.hsmKey).toBe('testhsmkey0123');
    expect(conn?.lite.has(LITE_CHANNEL)).toBe(true);
    expect(conn?.lite.has(FULL_CHANNEL)).toBe(false);
    expect(conn?.topics.get('sf|nse_cm|3045')?.channel).toBe(FULL_CHANNEL);
    expect(ticks[0]).toMatchObject({
      symbol: 'SBIN',
      exchange: 'NSE',
      mode: 'quote',
      ltp: 600,
      open: 598,
      high: 603,
      low: 596,
      close: 599,
      change: 1,
      volume: 12345,
      lastQuantity: 5,
      totalBuyQuantity: 1500,
      totalSellQuantity: 1500,
      timestamp: h.clock.now(),
    });
    expect(ticks[0]?.bids).toBeUndefined();
  });

  it('ltp rides the lite channel: updates carry the LTP only', async () => {
    const stream = h.stream();
    const ticks = collectTicks(stream);
    await stream.subscribe([SBIN], 'ltp');
    await until(() => ticks.length >= 1);
    h.market.set('NSE:SBIN-EQ', snapshot(601.25));
    await until(() => ticks.length >= 2, 'lite update');
    expect(ticks[1]).toEqual({
      symbol: 'SBIN',
      exchange: 'NSE',
      mode: 'ltp',
      ltp: 601.25,
      timestamp: expect.any(Number),
    });
    expect(connection()?.topics.get('sf|nse_cm|3045')?.channel).toBe(LITE_CHANNEL);
  });

  it('depth subscribes the dp topic and merges five levels a side', async () => {
    const stream = h.stream();
    const ticks = collectTicks(stream);
    await stream.subscribe([SBIN], 'depth');
    await until(() => ticks.some((t) => t.bids !== undefined), 'depth tick');
    expect(topics()).toEqual(['dp|nse_cm|3045', 'sf|nse_cm|3045']);
    const tick = ticks.find((t) => t.bids !== undefined);
    expect(tick?.mode).toBe('depth');
    expect(tick?.bids?.[0]).toEqual({ price: 599.95, quantity: 100, orders: 1 });
    expect(tick?.asks?.[4]).toEqual({ price: 600.25, quantity: 500, orders: 5 });
  });

  it('routes an index feed and a stock with the same exchange token apart (OpenAlgo #1093)', async () => {
    const stream = h.stream();
    const ticks = collectTicks(stream);
    h.market.set('NSE:NIFTY50-INDEX', snapshot(24000));
    h.market.set('NSE:ZEN-EQ', snapshot(150));
    await stream.subscribe([NIFTY, ZEN], 'quote');
    await until(() => ticks.length >= 2);
    expect(topics()).toEqual(['if|nse_cm|Nifty 50', 'sf|nse_cm|26000']);
    h.market.set('NSE:NIFTY50-INDEX', snapshot(24010.5));
    await until(() => ticks.length >= 3);
    const nifty = ticks.filter((t) => t.symbol === 'NIFTY');
    const zen = ticks.filter((t) => t.symbol === 'ZEN');
    expect(nifty.map((t) => [t.exchange, t.ltp])).toEqual([
      ['NSE_INDEX', 24000],
      ['NSE_INDEX', 24010.5],
    ]);
    expect(zen.map((t) => [t.exchange, t.ltp])).toEqual([['NSE', 150]]);
    expect(nifty[1]).toMatchObject({ open: 24008.5, high: 24013.5, low: 24006.5, close: 24009.5 });
    expect(nifty[1]?.volume).toBeUndefined();
  });

  it('currency prices come in rupees from the frame precision (4 decimals)', async () => {
    const stream = h.stream();
    const ticks = collectTicks(stream);
    await stream.subscribe([USDINR], 'ltp');
    await until(() => ticks.length >= 1);
    expect(ticks[0]?.ltp).toBe(84.2525);
  });

  it('unsubscribe sends the unsubscribe and stops the ticks', async () => {
    const stream = h.stream();
    const ticks = collectTicks(stream);
    await stream.subscribe([SBIN, ZEN], 'quote');
    await until(() => ticks.length >= 2);
    await stream.unsubscribe([SBIN]);
    await until(() => topics().length === 1, 'server dropped the topic');
    expect(topics()).toEqual(['sf|nse_cm|26000']);
    h.market.set('NSE:ZEN-EQ', snapshot(151));
    await until(() => ticks.length >= 3);
    expect(ticks.slice(2).map((t) => t.symbol)).toEqual(['ZEN']);
  });

  it('an unknown symbol subscribes nothing (SYMBOL_NOT_FOUND before any frame)', async () => {
    const stream = h.stream();
    const err = await stream
      .subscribe([SBIN, { symbol: 'NOPE', exchange: 'NSE' }], 'quote')
      .catch((e: unknown) => e);
    expect(isOpenAlgoError(err, 'SYMBOL_NOT_FOUND')).toBe(true);
    expect(h.server.connections.size).toBe(0);
  });

  it('an access token without hsm_key fails at once, naming the field and not the token', () => {
    let err: unknown;
    try {
      h.stream({ accessToken: 'not-a-jwt' });
    } catch (e) {
      err = e;
    }
    expect(isOpenAlgoError(err, 'AUTH_FAILED')).toBe(true);
    expect((err as Error).message).not.toContain('not-a-jwt');
    expect((err as { field?: string }).field).toBe('accessToken');
  });

  it('closes cleanly', async () => {
    const stream = h.stream();
    const closed = statusReached(stream, 'closed');
    await stream.subscribe([SBIN], 'ltp');
    await until(() => h.server.connections.size === 1);
    await stream.close();
    expect((await closed).reason).toBe('closed by the client');
    await until(() => h.server.connections.size === 0);
    expect(h.market.watchers('NSE:SBIN-EQ')).toBe(0);
  });
});

describe('the per-socket topic cap (§3.7)', () => {
  const route = (i: number, mode: 'quote' | 'depth'): Route => ({
    ref: { symbol: `S${i}`, exchange: 'NSE' },
    mode,
    quoteTopic: `sf|nse_cm|${i}`,
    depthTopic: `dp|nse_cm|${i}`,
    index: false,
  });
  it('refuses a subscribe that would carry more than 5000 topics, counting depth as two', () => {
    const current = new Map(
      Array.from({ length: 4998 }, (_, i) => [`NSE:S${i}`, route(i, 'quote')] as const),
    );
    expect(() => checkCapacity(current, [route(9000, 'depth')])).not.toThrow();
    expect(() => checkCapacity(current, [route(9000, 'depth'), route(9001, 'quote')])).toThrow(
      /at most 5000 topics.*would need 5001/,
    );
    // Re-subscribing a known instrument in another mode replaces its topics, not adds to them.
    expect(() => checkCapacity(current, [route(0, 'depth'), route(9000, 'depth')])).toThrow(
      /would need 5001/,
    );
    expect(() => checkCapacity(current, [route(0, 'quote'), route(9000, 'depth')])).not.toThrow();
  });
});
