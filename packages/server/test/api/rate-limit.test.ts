import { ManualClock } from '@openalgo/core';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, test } from 'vitest';
import { KeyRateLimiter } from '../../src/api/rate-limit.js';
import { API_KEY, fakeAccount, OTHER_KEY, TestResolver } from './support/accounts.js';
import { buildApiApp, json } from './support/app.js';
import { existingOrder } from './support/cases.js';

const ORDER = { strategy: 'Test', exchange: 'NSE', symbol: 'SBIN', action: 'BUY', quantity: 1 };

let app: FastifyInstance;
afterEach(async () => app.close());

async function setup(rateLimits?: { ordersPerSecond?: number; otherPerSecond?: number } | false) {
  const a = fakeAccount({ accountId: 'a' });
  const b = fakeAccount({ accountId: 'b', clock: a.clock });
  a.adapter.setOrders([existingOrder()]);
  const resolver = new TestResolver().add(API_KEY, a.account).add(OTHER_KEY, b.account);
  app = await buildApiApp(resolver, { clock: a.clock, ...(rateLimits === undefined ? {} : { rateLimits }) });
  const send = (path: string, apikey: string, body: object = {}) =>
    app.inject({ method: 'POST', url: `/api/v1/${path}`, payload: { apikey, ...body } });
  return { clock: a.clock, send, adapter: a.adapter };
}

describe('per-key rate limits', () => {
  test('the 11th placeorder in a second is 429 with retry_after; another key is unaffected', async () => {
    const { send, clock, adapter } = await setup();
    for (let i = 0; i < 10; i++) expect((await send('placeorder', API_KEY, ORDER)).statusCode).toBe(200);
    const eleventh = await send('placeorder', API_KEY, ORDER);
    expect(eleventh.statusCode).toBe(429);
    expect(json(eleventh)).toEqual({
      status: 'error',
      message: 'Rate limit exceeded. Please slow down your requests.',
      code: 'RATE_LIMITED',
      retry_after: 1,
    });
    expect(eleventh.headers['retry-after']).toBe('1');
    expect(adapter.callsTo('placeOrder')).toHaveLength(10);
    expect((await send('placeorder', OTHER_KEY, ORDER)).statusCode).toBe(200);
    // Non-order endpoints draw from their own budget.
    expect((await send('funds', API_KEY)).statusCode).toBe(200);
    // A token comes back every 100 ms.
    await clock.advance(100);
    expect((await send('placeorder', API_KEY, ORDER)).statusCode).toBe(200);
    expect((await send('placeorder', API_KEY, ORDER)).statusCode).toBe(429);
  });

  test.each(['placesmartorder', 'modifyorder', 'cancelorder'])(
    '%s draws from the order budget',
    async (path) => {
      const { send } = await setup({ ordersPerSecond: 1 });
      const bodies: Record<string, object> = {
        placesmartorder: { ...ORDER, position_size: 1 },
        modifyorder: {
          ...ORDER,
          orderid: 'FAKE-ORDER-1',
          product: 'MIS',
          pricetype: 'LIMIT',
          price: 1,
          disclosed_quantity: 0,
          trigger_price: 0,
        },
        cancelorder: { strategy: 'Test', orderid: 'FAKE-ORDER-1' },
      };
      expect((await send('placeorder', API_KEY, ORDER)).statusCode).toBe(200);
      expect((await send(path, API_KEY, bodies[path] ?? {})).statusCode).toBe(429);
    },
  );

  test('the 51st other request in a second is 429', async () => {
    const { send } = await setup();
    for (let i = 0; i < 50; i++) expect((await send('ping', API_KEY)).statusCode).toBe(200);
    expect((await send('ping', API_KEY)).statusCode).toBe(429);
    expect((await send('placeorder', API_KEY, ORDER)).statusCode).toBe(200);
  });

  test('invalid requests are refused before they cost a token, bad keys never get a bucket', async () => {
    const { send } = await setup({ ordersPerSecond: 1 });
    expect((await send('placeorder', API_KEY, { ...ORDER, quantity: 0 })).statusCode).toBe(400);
    expect((await send('placeorder', 'f'.repeat(64), ORDER)).statusCode).toBe(403);
    expect((await send('placeorder', API_KEY, ORDER)).statusCode).toBe(200);
  });

  test('rateLimits: false switches limiting off', async () => {
    const { send } = await setup(false);
    for (let i = 0; i < 30; i++) expect((await send('placeorder', API_KEY, ORDER)).statusCode).toBe(200);
  });
});

describe('KeyRateLimiter', () => {
  test('refills continuously up to the limit and reports the wait', async () => {
    const clock = new ManualClock(0);
    const limiter = new KeyRateLimiter({ ordersPerSecond: 4, otherPerSecond: 100 }, clock);
    for (let i = 0; i < 4; i++) expect(limiter.take('k', 'orders')).toBe(0);
    expect(limiter.take('k', 'orders')).toBe(250);
    await clock.advance(100);
    expect(limiter.take('k', 'orders')).toBe(150);
    await clock.advance(10_000);
    for (let i = 0; i < 4; i++) expect(limiter.take('k', 'orders')).toBe(0);
    expect(limiter.take('k', 'orders')).toBeGreaterThan(0);
  });

  test('refuses a limit that is not a positive number', () => {
    expect(() => new KeyRateLimiter({ ordersPerSecond: 0, otherPerSecond: 50 }, new ManualClock(0))).toThrow(
      /ordersPerSecond/,
    );
  });
});
