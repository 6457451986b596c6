import { createServer } from 'node:net';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { call, login, type Started, startSimulator } from './support.js';

let s: Started | undefined;
afterEach(async () => {
  await s?.sim.close();
  s = undefined;
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
  it('listens on the port it is asked for, REST and sockets alike', async () => {
    const port = await freePort();
    s = await startSimulator({ port });
    expect(s.sim.port).toBe(port);
    expect(s.sim.apiUrl).toBe(`http://127.0.0.1:${port}/api/v3`);
    expect(s.sim.dataWsUrl).toBe(`ws://127.0.0.1:${port}/hsm/v1-5/prod`);
    const { auth } = await login(s);
    expect((await call(s.origin, 'GET', '/api/v3/profile', { headers: auth })).status).toBe(200);
  });

  it('commits an order whose connection is reset after the commit (the kit’s fault)', async () => {
    s = await startSimulator();
    const { auth } = await login(s);
    s.sim.backdoor.faults.resetAfterCommit({ match: { method: 'POST', path: '/api/v3/orders/sync' } });
    await expect(
      request(`${s.sim.apiUrl}/orders/sync`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({
          symbol: 'NSE:SBIN-EQ',
          qty: 1,
          type: 2,
          side: 1,
          productType: 'INTRADAY',
          orderTag: 'lost1',
        }),
      }),
    ).rejects.toThrow();
    expect((await s.sim.backdoor.orders()).filter((o) => o.tag === 'lost1')).toHaveLength(1);
  });

  it('records every request with its headers for the back door', async () => {
    s = await startSimulator();
    const { auth } = await login(s);
    await call(s.origin, 'GET', '/api/v3/orders', { headers: { ...auth, version: '3' } });
    const [last] = s.sim.backdoor.requests().slice(-1);
    expect(last).toMatchObject({ method: 'GET', path: '/api/v3/orders', at: s.clock.now() });
    expect(last?.headers.version).toBe('3');
  });
});
