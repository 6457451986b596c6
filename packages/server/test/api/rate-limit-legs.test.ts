import { ManualClock } from '@openalgo/core';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { KeyRateLimiter, requestCost } from '../../src/api/rate-limit.js';
import { API_KEY, fakeAccount, TestResolver } from './support/accounts.js';
import { buildApiApp, json } from './support/app.js';

const BASKET = { path: '/basketorder' as const, rateClass: 'other' as const };
const SPLIT = { path: '/splitorder' as const, rateClass: 'other' as const };
const PLACE = { path: '/placeorder' as const, rateClass: 'orders' as const };
const legs = (n: number) => ({ orders: Array.from({ length: n }, () => ({})) });

describe('per-key limits count legs', () => {
  it('a basket of N legs and a split into N children cost N order tokens', () => {
    expect(requestCost(BASKET, legs(7))).toEqual({ rateClass: 'orders', tokens: 7 });
    expect(requestCost(SPLIT, { quantity: 105, splitSize: 50 })).toEqual({ rateClass: 'orders', tokens: 3 });
    expect(requestCost(PLACE, { quantity: 5 })).toEqual({ rateClass: 'orders', tokens: 1 });
    expect(requestCost({ path: '/funds' as const, rateClass: 'other' as const }, {})).toEqual({
      rateClass: 'other',
      tokens: 1,
    });
  });

  it('a basket within the budget is admitted whole and spends one token per leg', () => {
    const clock = new ManualClock();
    const limiter = new KeyRateLimiter({ ordersPerSecond: 10, otherPerSecond: 50 }, clock);
    expect(limiter.takeFor('k', BASKET, legs(7))).toBe(0);
    for (let i = 0; i < 3; i++) expect(limiter.takeFor('k', PLACE, {})).toBe(0);
    expect(limiter.takeFor('k', PLACE, {})).toBe(100); // 7 legs + 3 orders = the second's 10
    expect(limiter.takeFor('k', BASKET, legs(2))).toBe(200); // refused whole: no leg is placed
  });

  it('a basket larger than the budget needs a full bucket, then holds the key back for its legs', async () => {
    const clock = new ManualClock();
    const limiter = new KeyRateLimiter({ ordersPerSecond: 10, otherPerSecond: 50 }, clock);
    expect(limiter.takeFor('k', PLACE, {})).toBe(0);
    expect(limiter.takeFor('k', BASKET, legs(250))).toBe(100); // wait for the bucket to be full again
    await clock.advance(100);
    expect(limiter.takeFor('k', BASKET, legs(250))).toBe(0);
    // 250 legs against a budget of 10 a second: 240 tokens of debt plus the one the order needs.
    expect(limiter.takeFor('k', PLACE, {})).toBe(24_100);
    await clock.advance(24_100);
    expect(limiter.takeFor('k', PLACE, {})).toBe(0);
    // Another key is not held back, and other endpoints keep their own budget.
    expect(limiter.takeFor('other-key', PLACE, {})).toBe(0);
    expect(limiter.takeFor('k', { path: '/funds' as const, rateClass: 'other' as const }, {})).toBe(0);
  });
});

describe('per-key leg counting through the API', () => {
  let app: FastifyInstance | undefined;
  afterEach(async () => app?.close());

  const LEG = {
    exchange: 'NSE',
    symbol: 'SBIN',
    action: 'BUY',
    quantity: 1,
    pricetype: 'MARKET',
    product: 'MIS',
  };
  const ORDER = { strategy: 'Test', ...LEG };

  async function setup() {
    const a = fakeAccount({ accountId: 'a' });
    const resolver = new TestResolver().add(API_KEY, a.account);
    app = await buildApiApp(resolver, { clock: a.clock, rateLimits: { ordersPerSecond: 10 } });
    const server = app;
    const send = (path: string, body: object) =>
      server.inject({ method: 'POST', url: `/api/v1/${path}`, payload: { apikey: API_KEY, ...body } });
    return { send, adapter: a.adapter, clock: a.clock };
  }

  it('a basket that does not fit the key budget is refused whole with 429; nothing is placed', async () => {
    const { send, adapter, clock } = await setup();
    for (let i = 0; i < 8; i++) expect((await send('placeorder', ORDER)).statusCode).toBe(200);
    const basket = await send('basketorder', { strategy: 'Test', orders: [LEG, LEG, LEG] });
    expect(basket.statusCode).toBe(429);
    expect(json(basket)).toMatchObject({ status: 'error', code: 'RATE_LIMITED' });
    expect(adapter.callsTo('placeOrder')).toHaveLength(8);
    await clock.advance(100); // one more token: 3 on hand
    const placed = await send('basketorder', { strategy: 'Test', orders: [LEG, LEG, LEG] });
    expect(placed.statusCode).toBe(200);
    expect(adapter.callsTo('placeOrder')).toHaveLength(11);
    // The legs were counted: the key's order budget is spent.
    expect((await send('placeorder', ORDER)).statusCode).toBe(429);
  });

  it('a split draws one token per child', async () => {
    const { send, adapter } = await setup();
    const split = await send('splitorder', { ...ORDER, quantity: 10, splitsize: 2 });
    expect(split.statusCode).toBe(200);
    expect(adapter.callsTo('placeOrder')).toHaveLength(5);
    for (let i = 0; i < 5; i++) expect((await send('placeorder', ORDER)).statusCode).toBe(200);
    expect((await send('placeorder', ORDER)).statusCode).toBe(429);
  });
});
