import { createServer } from 'node:net';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type TestSimulator } from './support.js';

let t: TestSimulator | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

describe('the simulator server', () => {
  it('listens on the port it is asked for', async () => {
    const port = await freePort();
    t = await startSimulator({ port });
    expect(t.sim.port).toBe(port);
    expect(t.sim.apiUrl).toBe(`http://127.0.0.1:${port}`);
    expect((await t.call('/user/profile')).status).toBe(200);
  });

  it('answers an unknown route with Kite’s 404 envelope', async () => {
    t = await startSimulator();
    const answer = await t.call('/mf/orders');
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({
      status: 'error',
      message: 'Route not found',
      error_type: 'GeneralException',
      data: null,
    });
  });

  it('passes the kit’s faults through with Kite’s bodies: 5xx as NetworkException, reset after commit', async () => {
    t = await startSimulator();
    t.sim.backdoor.faults.serverError({ match: { method: 'GET', path: '/orders' } });
    const failed = await t.call('/orders');
    expect(failed.status).toBe(503);
    expect(failed.body).toMatchObject({ status: 'error', error_type: 'NetworkException', data: null });
    t.sim.backdoor.faults.resetAfterCommit({ match: { method: 'POST', path: '/orders/:variety' } });
    await expect(
      request(`${t.sim.apiUrl}/orders/regular`, {
        method: 'POST',
        headers: {
          'x-kite-version': '3',
          authorization: `token testkey:${t.accessToken}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'tradingsymbol=SBIN&exchange=NSE&transaction_type=BUY&order_type=MARKET&market_protection=-1&quantity=1&product=MIS&tag=lost1',
      }),
    ).rejects.toThrow();
    // The order was committed before the connection dropped.
    expect(t.sim.backdoor.orders().filter((o) => o.tag === 'lost1')).toHaveLength(1);
  });

  it('records every request with its headers for the back door', async () => {
    t = await startSimulator();
    await t.call('/orders');
    const [last] = t.sim.backdoor.requests().slice(-1);
    expect(last).toMatchObject({ method: 'GET', path: '/orders', at: t.clock.now() });
    expect(last?.headers['x-kite-version']).toBe('3');
  });
});
