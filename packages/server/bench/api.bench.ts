import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, noopLogger } from '@openalgo/core';
import { DEFAULT_SANDBOX_START } from '@openalgo/sandbox';
import Fastify from 'fastify';
import { Pool } from 'undici';
import { afterAll, beforeAll, test } from 'vitest';
import {
  compareLatency,
  type LatencyStats,
  measureThroughput,
  recordResult,
} from '../../core/bench/harness.js';
import type { AccountResolver } from '../src/accounts/types.js';
import { apiRoutes } from '../src/api/index.js';
import { openServices } from '../src/services.js';
import { API_KEY, sandboxPluginAccount, TestResolver } from '../test/api/support/accounts.js';

/**
 * The REST API over a real socket with the sandbox broker, composed the way `openalgo serve`
 * composes it: openServices over a fresh data directory — API keys resolved by HMAC lookup in
 * SQLite, the sandbox's books in SQLite (SqliteSandboxStore), every order journaled in the same
 * commit as the sandbox's write of it (one commit per order) — with the account registry as the
 * resolver. The frozen clock also means no WAL checkpoint runs during the measurement (they run on
 * the clock's interval, off the request path). What differs from a
 * served process: the per-key rate limit is off (`rateLimits: false`; it would answer 429 after
 * 10 orders a second, which is its point but not what is measured), logging is off on both sides
 * of the comparison, and the clock is a ManualClock frozen in market hours so MIS orders fill at
 * any hour. The baseline is POST /api/v1/ping on the same app, socket and client: fastify, JSON,
 * validation and key resolution, i.e. the framework floor every endpoint pays.
 *
 * `extra` also reports the same pair over the in-memory sandbox (MemoryStore, no journal, a map
 * as resolver), measured in the same run: the gap between the two is what persistence costs.
 */

interface BenchApp {
  origin: string;
  apiKey: string;
  close(): Promise<void>;
}

async function listen(resolver: AccountResolver, clock: ManualClock): Promise<ReturnType<typeof Fastify>> {
  const app = Fastify({ logger: false, routerOptions: { ignoreTrailingSlash: true } });
  await app.register(apiRoutes, { prefix: '/api/v1', resolver, clock, rateLimits: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return app;
}

/** The server's own composition over a throwaway data directory (no broker packages in it). */
async function serverApp(): Promise<BenchApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'openalgo-bench-'));
  const clock = new ManualClock(DEFAULT_SANDBOX_START);
  const services = await openServices(
    { dataDir, appDir: dataDir, brokerPaths: [], broker: 'sandbox', rekey: false },
    { logger: noopLogger, clock, env: {} },
  );
  const account = await services.accounts.init('sandbox');
  const apiKey = services.security.apiKeys.regenerate(account.id).key;
  const app = await listen(services.accounts, clock);
  return {
    origin: `http://127.0.0.1:${(app.server.address() as { port: number }).port}`,
    apiKey,
    async close() {
      await app.close();
      await services.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The sandbox plugin over its default MemoryStore, no journal: the same API minus persistence. */
async function memoryApp(): Promise<BenchApp> {
  const sandbox = await sandboxPluginAccount();
  const app = await listen(new TestResolver().add(API_KEY, sandbox.account), sandbox.clock);
  return {
    origin: `http://127.0.0.1:${(app.server.address() as { port: number }).port}`,
    apiKey: API_KEY,
    async close() {
      await app.close();
      await sandbox.close();
    },
  };
}

let server: BenchApp;
let memory: BenchApp;

beforeAll(async () => {
  server = await serverApp();
  memory = await memoryApp();
});

afterAll(async () => {
  await server?.close();
  await memory?.close();
});

const HEADERS = { 'content-type': 'application/json' };

function bodies(apiKey: string) {
  return {
    ping: JSON.stringify({ apikey: apiKey }),
    orders: (['BUY', 'SELL'] as const).map((action) =>
      JSON.stringify({
        apikey: apiKey,
        strategy: 'bench',
        exchange: 'NSE',
        symbol: 'SBIN',
        action,
        quantity: 1,
        pricetype: 'MARKET',
        product: 'MIS',
      }),
    ),
  };
}

function client(target: BenchApp, connections: number): Pool {
  return new Pool(target.origin, { connections, pipelining: 1, keepAliveTimeout: 60_000 });
}

async function send(pool: Pool, path: string, body: string): Promise<void> {
  const response = await pool.request({ method: 'POST', path, headers: HEADERS, body });
  const text = await response.body.text();
  // A failing request would measure the error path; stop instead.
  if (response.statusCode !== 200) throw new Error(`${path} answered ${response.statusCode}: ${text}`);
}

async function placeVsPing(target: BenchApp): Promise<{ subject: LatencyStats; baseline: LatencyStats }> {
  const pool = client(target, 1);
  const { ping, orders } = bodies(target.apiKey);
  let n = 0;
  try {
    return await compareLatency({
      subject: () => send(pool, '/api/v1/placeorder', orders[n++ % 2] as string),
      baseline: () => send(pool, '/api/v1/ping', ping),
      warmup: 1000,
      rounds: 20,
      perRound: 250,
    });
  } finally {
    await pool.close();
  }
}

test('server.placeorder.latency', async () => {
  const { subject, baseline } = await placeVsPing(server);
  const inMemory = await placeVsPing(memory);
  const us = (ns: number) => ns / 1000;
  const placeUs = us(subject.p50);
  const pingUs = us(baseline.p50);
  recordResult('server.placeorder.latency', {
    value: placeUs,
    unit: 'µs',
    baseline: pingUs,
    ratio: placeUs / pingUs,
    target: { ratio: '<= 1.5', value: 'p50 < 1000 µs' },
    extra: {
      composition: 'openServices: SQLite store, order journal, account registry',
      placeorder_p50_ms: placeUs / 1000,
      placeorder_p99_us: us(subject.p99),
      ping_p99_us: us(baseline.p99),
      p99_ratio: subject.p99 / baseline.p99,
      samples: subject.samples,
      memory_store_placeorder_p50_us: us(inMemory.subject.p50),
      memory_store_ping_p50_us: us(inMemory.baseline.p50),
      memory_store_ratio: inMemory.subject.p50 / inMemory.baseline.p50,
    },
  });
});

test('server.throughput', async () => {
  const CONCURRENCY = 32;
  const REQUESTS = 8000;
  const pool = client(server, CONCURRENCY);
  const { ping, orders } = bodies(server.apiKey);
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
    const pingRate = await measureThroughput(
      burst('/api/v1/ping', () => ping),
      { opsPerCall: REQUESTS, runs: 3 },
    );
    const place = await measureThroughput(
      burst('/api/v1/placeorder', (i) => orders[i % 2] as string),
      { opsPerCall: REQUESTS, runs: 3 },
    );
    recordResult('server.throughput', {
      value: place,
      unit: 'req/s',
      baseline: pingRate,
      ratio: place / pingRate,
      extra: {
        concurrency: CONCURRENCY,
        requests_per_run: REQUESTS,
        endpoint: 'POST /api/v1/placeorder',
        composition: 'openServices: SQLite store, order journal, account registry',
      },
    });
  } finally {
    await pool.close();
  }
});
