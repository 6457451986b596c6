/**
 * Simulator server overhead: request latency through createSimulatorServer (routing, body parsing,
 * recording, fault lookup) against a bare node:http server answering the same JSON, both over
 * loopback with one keep-alive client. Nothing here asserts on time.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import { test } from 'vitest';
import { compareLatency, recordResult } from '../../core/bench/harness.js';
import { createSimulatorServer } from '../src/simulator/index.js';

const BODY = JSON.stringify({ status: 'success', data: { order_id: '250105000001' } });

test('testkit.simulator.request-latency', async () => {
  const simulator = await createSimulatorServer({
    routes: [
      { method: 'POST', path: '/orders/:variety', handler: () => ({ body: JSON.parse(BODY) as unknown }) },
    ],
  });
  const bare = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(BODY.length) });
      res.end(BODY);
    });
  });
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  const simPool = new Pool(simulator.url, { connections: 1 });
  const barePool = new Pool(`http://127.0.0.1:${(bare.address() as AddressInfo).port}`, { connections: 1 });
  const call = (pool: Pool) => async () => {
    const res = await pool.request({
      method: 'POST',
      path: '/orders/regular',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'tradingsymbol=SBIN&quantity=1',
    });
    await res.body.text();
    // The simulator keeps every request for its back door; a bench must not grow it without bound.
    simulator.clearRequests();
  };
  const { subject, baseline } = await compareLatency({
    subject: call(simPool),
    baseline: call(barePool),
    warmup: 200,
    rounds: 10,
    perRound: 200,
  });
  recordResult('testkit.simulator.request-latency', {
    value: subject.p50 / 1e3,
    unit: 'µs p50',
    baseline: baseline.p50 / 1e3,
    ratio: subject.p50 / baseline.p50,
    extra: { p99Us: subject.p99 / 1e3, baselineP99Us: baseline.p99 / 1e3 },
  });
  await simPool.close();
  await barePool.close();
  await simulator.close();
  await new Promise<void>((resolve) => bare.close(() => resolve()));
});
