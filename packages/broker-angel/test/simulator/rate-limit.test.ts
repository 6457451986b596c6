import { afterEach, describe, expect, it } from 'vitest';
import { ANGEL_RATE_LIMITS, AUTH_PREFIX, RATE_LIMIT_TEXT, SECURE_PREFIX } from '../../src/simulator/index.js';
import { CREDENTIALS, orderBody, startSimulator, type TestSimulator } from './support.js';

let t: TestSimulator | undefined;
afterEach(() => t?.close());

describe("Angel's rate limits (when on)", () => {
  it('answer the request past a limit with HTTP 403 and a plain-text body, until the window turns', async () => {
    t = await startSimulator({ rateLimits: true });
    const sim = t;
    const book = () => sim.call(`${SECURE_PREFIX}/order/v1/getOrderBook`, { method: 'GET' });
    expect((await book()).status).toBe(200);
    const refused = await book();
    expect(refused.status).toBe(403);
    expect(refused.text).toBe(RATE_LIMIT_TEXT);
    expect(refused.text).toContain('exceed');
    expect(String(refused.headers['content-type'])).toMatch(/^text\/plain/);
    // Another endpoint has its own bucket.
    expect((await sim.call(`${SECURE_PREFIX}/user/v1/getRMS`, { method: 'GET' })).status).toBe(200);
    await sim.clock.advance(1_000);
    expect((await book()).status).toBe(200);
  });

  it('count place, modify and cancel together: 9 per second', async () => {
    t = await startSimulator({ rateLimits: true });
    t.sim.backdoor.setPrice({ symbol: 'SBIN', exchange: 'NSE' }, 800);
    const limit = ANGEL_RATE_LIMITS.orders?.perSecond ?? 0;
    expect(limit).toBe(9);
    const placed = await t.data<{ orderid: string }>('/order/v1/placeOrder', {
      json: orderBody({ ordertype: 'LIMIT', price: '700' }),
    });
    for (let i = 1; i < limit - 1; i++) {
      expect(
        (
          await t.call(`${SECURE_PREFIX}/order/v1/placeOrder`, {
            json: orderBody({ ordertype: 'LIMIT', price: '700' }),
          })
        ).status,
      ).toBe(200);
    }
    const cancel = { json: { variety: 'NORMAL', orderid: placed.orderid } };
    expect((await t.call(`${SECURE_PREFIX}/order/v1/cancelOrder`, cancel)).status).toBe(200);
    expect((await t.call(`${SECURE_PREFIX}/order/v1/placeOrder`, { json: orderBody() })).status).toBe(403);
  });

  it('limit logins to one per second', async () => {
    t = await startSimulator({ rateLimits: true });
    const login = () =>
      t?.call(`${AUTH_PREFIX}/user/v1/loginByPassword`, {
        anonymous: true,
        json: { clientcode: CREDENTIALS.clientCode, password: CREDENTIALS.pin, totp: t.totp() },
      });
    expect((await login())?.status).toBe(200);
    expect((await login())?.status).toBe(403);
  });

  it('are off by default', async () => {
    t = await startSimulator();
    for (let i = 0; i < 5; i++) {
      expect((await t.call(`${SECURE_PREFIX}/order/v1/getOrderBook`, { method: 'GET' })).status).toBe(200);
    }
  });
});
