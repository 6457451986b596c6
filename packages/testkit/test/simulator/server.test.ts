import { ManualClock } from '@openalgo/core';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulatorServer, type SimulatorServer } from '../../src/simulator/index.js';
import { until } from './helpers.js';

let server: SimulatorServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function counter() {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    handler: () => {
      calls++;
      return { body: { status: 'success', data: { order_id: `ord${calls}` } } };
    },
  };
}

describe('routing and parsing', () => {
  it('routes by method and path pattern and hands the handler params, query and headers', async () => {
    server = await createSimulatorServer({
      routes: [
        {
          method: 'GET',
          path: '/orders/:variety/:orderId',
          handler: (req) => ({
            body: { params: req.params, query: req.query, auth: req.headers.authorization },
          }),
        },
      ],
    });
    const res = await request(`${server.url}/orders/regular/123%20A?i=NSE:INFY&i=NSE:SBIN&x=1`, {
      headers: { authorization: 'token key:secret' },
    });
    expect(res.statusCode).toBe(200);
    expect(await res.body.json()).toEqual({
      params: { variety: 'regular', orderId: '123 A' },
      query: { i: 'NSE:SBIN', x: '1' },
      auth: 'token key:secret',
    });
    expect(server.requests[0]?.searchParams.getAll('i')).toEqual(['NSE:INFY', 'NSE:SBIN']);
  });

  it('parses form-urlencoded and JSON bodies and keeps the raw text', async () => {
    server = await createSimulatorServer({
      routes: [{ method: 'POST', path: '/echo', handler: (req) => ({ body: { body: req.body } }) }],
    });
    const form = await request(`${server.url}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'tradingsymbol=M%26M&quantity=5',
    });
    expect(await form.body.json()).toEqual({ body: { tradingsymbol: 'M&M', quantity: '5' } });
    const json = await request(`${server.url}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ a: [1, 2] }),
    });
    expect(await json.body.json()).toEqual({ body: { a: [1, 2] } });
    expect(server.requests.map((r) => r.rawBody)).toEqual(['tradingsymbol=M%26M&quantity=5', '{"a":[1,2]}']);
  });

  it('answers 404 for an unknown path and 405 for a known path under another method', async () => {
    server = await createSimulatorServer({
      routes: [{ method: 'GET', path: '/funds', handler: () => ({ body: {} }) }],
    });
    expect((await request(`${server.url}/nope`)).statusCode).toBe(404);
    expect((await request(`${server.url}/funds`, { method: 'DELETE' })).statusCode).toBe(405);
  });

  it('turns a throwing handler into a 500 instead of a hung request', async () => {
    server = await createSimulatorServer({
      routes: [
        {
          method: 'GET',
          path: '/boom',
          handler: () => {
            throw new Error('bug in simulator');
          },
        },
      ],
    });
    const res = await request(`${server.url}/boom`);
    expect(res.statusCode).toBe(500);
    expect(await res.body.text()).toContain('bug in simulator');
  });
});

describe('faults', () => {
  it('answers a 429 burst with Retry-After and the broker body, without running the handler', async () => {
    const orders = counter();
    server = await createSimulatorServer({
      routes: [
        { method: 'POST', path: '/orders/:variety', handler: orders.handler },
        { method: 'GET', path: '/orders', handler: () => ({ body: [] }) },
      ],
    });
    server.faults.rateLimitBurst({
      count: 2,
      retryAfterSeconds: 3,
      match: { method: 'POST', path: '/orders/:variety' },
      body: () => ({ status: 'error', error_type: 'NetworkException', message: 'Too many requests' }),
    });
    const place = () => request(`${server?.url}/orders/regular`, { method: 'POST' });
    const first = await place();
    expect(first.statusCode).toBe(429);
    expect(first.headers['retry-after']).toBe('3');
    expect(await first.body.json()).toMatchObject({ error_type: 'NetworkException' });
    expect((await request(`${server.url}/orders`)).statusCode).toBe(200);
    expect((await place()).statusCode).toBe(429);
    expect(orders.calls).toBe(0);
    expect((await place()).statusCode).toBe(200);
    expect(orders.calls).toBe(1);
  });

  it('answers a 5xx the given number of times', async () => {
    const orders = counter();
    server = await createSimulatorServer({
      routes: [{ method: 'GET', path: '/orders', handler: orders.handler }],
    });
    server.faults.serverError({ status: 502, count: 1 });
    expect((await request(`${server.url}/orders`)).statusCode).toBe(502);
    expect((await request(`${server.url}/orders`)).statusCode).toBe(200);
    expect(orders.calls).toBe(1);
  });

  it('resets the connection after the handler committed the order', async () => {
    const orders = counter();
    server = await createSimulatorServer({
      routes: [{ method: 'POST', path: '/orders', handler: orders.handler }],
    });
    server.faults.resetAfterCommit({ match: { path: '/orders' } });
    await expect(request(`${server.url}/orders`, { method: 'POST', body: 'x=1' })).rejects.toMatchObject({
      code: 'UND_ERR_SOCKET',
    });
    expect(orders.calls).toBe(1);
    const next = await request(`${server.url}/orders`, { method: 'POST' });
    expect(await next.body.json()).toMatchObject({ data: { order_id: 'ord2' } });
  });

  it('sends a truncated JSON body with status 200 after running the handler', async () => {
    const orders = counter();
    server = await createSimulatorServer({
      routes: [{ method: 'GET', path: '/orders', handler: orders.handler }],
    });
    server.faults.malformedBody({ match: { method: 'GET', path: '/orders' } });
    const res = await request(`${server.url}/orders`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    const text = await res.body.text();
    expect(text.length).toBeGreaterThan(0);
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
    expect(orders.calls).toBe(1);
  });

  it('dribbles a slow body that trips a client deadline, and completes when its clock moves', async () => {
    const clock = new ManualClock(0);
    server = await createSimulatorServer({
      clock,
      routes: [{ method: 'GET', path: '/instruments', handler: () => ({ body: 'a,b,c\n'.repeat(100) }) }],
    });
    server.faults.slowBody({ chunkDelayMs: 1000, chunks: 4 });
    // The client's deadline, fired by the test once the body is dribbling (the server sleeps on its
    // clock): a real 50 ms timer could fire before the headers on a busy machine.
    const deadline = new AbortController();
    const timedOut = await request(`${server.url}/instruments`, { signal: deadline.signal });
    expect(timedOut.statusCode).toBe(200);
    await until(() => clock.pendingSleeps > 0, 'the slow body to start');
    deadline.abort(new DOMException('client deadline', 'TimeoutError'));
    await expect(timedOut.body.text()).rejects.toMatchObject({
      name: expect.stringMatching(/TimeoutError|AbortError/),
    });

    const slow = await request(`${server.url}/instruments`);
    const text = slow.body.text();
    await until(() => clock.pendingSleeps > 0, 'the first chunk');
    for (let i = 0; i < 4; i++) {
      await until(() => clock.pendingSleeps > 0, `chunk ${i}`);
      await clock.advance(1000);
    }
    expect(await text).toBe('a,b,c\n'.repeat(100));
  });

  it('delays a matching request by the latency on its clock', async () => {
    const clock = new ManualClock(0);
    const orders = counter();
    server = await createSimulatorServer({
      clock,
      routes: [{ method: 'GET', path: '/orders', handler: orders.handler }],
    });
    server.faults.latency(1500, { match: { path: '/orders' } });
    const pending = request(`${server.url}/orders`);
    await until(() => clock.pendingSleeps === 1, 'the request to start waiting');
    expect(orders.calls).toBe(0);
    await clock.advance(1499);
    expect(orders.calls).toBe(0);
    await clock.advance(1);
    expect((await pending).statusCode).toBe(200);
    expect(orders.calls).toBe(1);
  });

  it('expires tokens at the set time for the broker simulator to enforce', async () => {
    const clock = new ManualClock(10_000);
    server = await createSimulatorServer({ clock });
    const faults = server.faults;
    server.route({
      method: 'GET',
      path: '/user/profile',
      handler: () =>
        faults.tokensExpired()
          ? { status: 403, body: { error_type: 'TokenException' } }
          : { body: { ok: true } },
    });
    faults.expireTokensAt(11_000);
    expect((await request(`${server.url}/user/profile`)).statusCode).toBe(200);
    await clock.advance(1000);
    expect((await request(`${server.url}/user/profile`)).statusCode).toBe(403);
    faults.clear();
    expect((await request(`${server.url}/user/profile`)).statusCode).toBe(403);
    faults.restoreTokens();
    expect((await request(`${server.url}/user/profile`)).statusCode).toBe(200);
  });

  it('limits a fault to its route and disarms everything on clear()', async () => {
    server = await createSimulatorServer({
      routes: [
        { method: 'GET', path: '/a', handler: () => ({ body: 'a' }) },
        { method: 'GET', path: '/b', handler: () => ({ body: 'b' }) },
      ],
    });
    server.faults.serverError({ match: { path: '/a' }, count: 5 });
    expect((await request(`${server.url}/b`)).statusCode).toBe(200);
    expect((await request(`${server.url}/a`)).statusCode).toBe(503);
    expect(server.faults.armed()).toHaveLength(1);
    server.faults.clear();
    expect((await request(`${server.url}/a`)).statusCode).toBe(200);
    expect(() => server?.faults.serverError({ count: 0 })).toThrow(RangeError);
  });
});
