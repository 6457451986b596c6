import Fastify from 'fastify';
import { Pool } from 'undici';
import { afterAll, beforeAll, test } from 'vitest';
import { compareLatency, measureThroughput, recordResult } from '../../core/bench/harness.js';
import { apiRoutes } from '../src/api/index.js';
import { API_KEY, sandboxPluginAccount, TestResolver } from '../test/api/support/accounts.js';

/**
 * The REST API over a real socket with the sandbox broker: what a strategy script sees. The per-key
 * rate limit is switched off (`rateLimits: false`) — it would otherwise answer 429 after 10 orders a
 * second, which is the point of it but not what is measured here. Logging is off on both sides of
 * the comparison. The baseline is POST /api/v1/ping on the same app, socket and client: fastify,
 * JSON, validation and key resolution, i.e. the framework floor every endpoint pays.
 */

let app: ReturnType<typeof Fastify>;
let sandbox: Awaited<ReturnType<typeof sandboxPluginAccount>>;
let origin = '';

beforeAll(async () => {
  // The sandbox plugin as the server creates it (no test back door recording every call).
  sandbox = await sandboxPluginAccount();
  app = Fastify({ logger: false, routerOptions: { ignoreTrailingSlash: true } });
  await app.register(apiRoutes, {
    prefix: '/api/v1',
    resolver: new TestResolver().add(API_KEY, sandbox.account),
    clock: sandbox.clock,
    rateLimits: false,
  });
  origin = await app.listen({ host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await app.close();
  await sandbox.close();
});

const PING = JSON.stringify({ apikey: API_KEY });
const ORDERS = (['BUY', 'SELL'] as const).map((action) =>
  JSON.stringify({
    apikey: API_KEY,
    strategy: 'bench',
    exchange: 'NSE',
    symbol: 'SBIN',
    action,
    quantity: 1,
    pricetype: 'MARKET',
    product: 'MIS',
  }),
);
const HEADERS = { 'content-type': 'application/json' };

function client(connections: number): Pool {
  return new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 60_000 });
}

async function send(pool: Pool, path: string, body: string): Promise<void> {
  const response = await pool.request({ method: 'POST', path, headers: HEADERS, body });
  const text = await response.body.text();
  // A failing request would measure the error path; stop instead.
  if (response.statusCode !== 200) throw new Error(`${path} answered ${response.statusCode}: ${text}`);
}

test('server.placeorder.latency', async () => {
  const pool = client(1);
  let n = 0;
  try {
    const { subject, baseline } = await compareLatency({
      subject: () => send(pool, '/api/v1/placeorder', ORDERS[n++ % 2] as string),
      baseline: () => send(pool, '/api/v1/ping', PING),
      warmup: 1000,
      rounds: 20,
      perRound: 250,
    });
    const placeUs = subject.p50 / 1000;
    const pingUs = baseline.p50 / 1000;
    recordResult('server.placeorder.latency', {
      value: placeUs,
      unit: 'µs',
      baseline: pingUs,
      ratio: placeUs / pingUs,
      target: { ratio: '<= 1.5', value: 'p50 < 1000 µs' },
      extra: {
        placeorder_p50_ms: placeUs / 1000,
        placeorder_p99_us: subject.p99 / 1000,
        ping_p99_us: baseline.p99 / 1000,
        samples: subject.samples,
      },
    });
  } finally {
    await pool.close();
  }
});

test('server.throughput', async () => {
  const CONCURRENCY = 32;
  const REQUESTS = 8000;
  const pool = client(CONCURRENCY);
  const burst = (path: string, body: (i: number) => string) => async () => {
    let next = 0;
    const worker = async () => {
      while (next < REQUESTS) {
        const i = next++;
        await send(pool, path, body(i));
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  };
  try {
    const ping = await measureThroughput(
      burst('/api/v1/ping', () => PING),
      { opsPerCall: REQUESTS, runs: 3 },
    );
    const place = await measureThroughput(
      burst('/api/v1/placeorder', (i) => ORDERS[i % 2] as string),
      { opsPerCall: REQUESTS, runs: 3 },
    );
    recordResult('server.throughput', {
      value: place,
      unit: 'req/s',
      baseline: ping,
      ratio: place / ping,
      extra: { concurrency: CONCURRENCY, requests_per_run: REQUESTS, endpoint: 'POST /api/v1/placeorder' },
    });
  } finally {
    await pool.close();
  }
});
