/**
 * HTTP client overhead: p50 latency of a GET through `createHttpClient` (rate limiter on with a bucket
 * too large to throttle; a logger that drops lines, so the debug line is still built and redacted on
 * every request; deadline; JSON parsing; failure extraction) against a bare `undici.request` with an
 * Agent of the same keep-alive settings, both hitting the same loopback server in the same run.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';
import { test } from 'vitest';
import { createHttpClient, DEFAULT_AGENT_OPTIONS } from '../src/http/client.js';
import type { Logger } from '../src/http/logger.js';
import { compareLatency, recordResult } from './harness.js';

const BODY = JSON.stringify({
  status: 'success',
  data: { 'NSE:INFY': { last_price: 1523.45, volume: 1234567 } },
});
const HEADERS = { authorization: 'token bench-key:bench-access-token', 'x-kite-version': '3' };

/** Keeps the last line so the work that produced it cannot be optimised away, and prints nothing. */
let lastLine: unknown;
const droppingLogger: Logger = {
  debug: (obj) => {
    lastLine = obj;
  },
  info: (obj) => {
    lastLine = obj;
  },
  warn: (obj) => {
    lastLine = obj;
  },
  error: (obj) => {
    lastLine = obj;
  },
  child: () => droppingLogger,
};

test('core.http.overhead', async () => {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(BODY) });
    res.end(BODY);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const client = createHttpClient({
    broker: 'bench',
    baseUrl: origin,
    defaultHeaders: HEADERS,
    rateLimits: { quotes: { perSecond: 1e9 } },
    logger: droppingLogger,
  });
  const bareAgent = new Agent(DEFAULT_AGENT_OPTIONS);
  const bareUrl = `${origin}/quote?i=NSE%3AINFY`;

  try {
    const { subject, baseline } = await compareLatency({
      subject: async () => {
        const res = await client.request({
          method: 'GET',
          path: '/quote',
          query: { i: 'NSE:INFY' },
          kind: 'read',
          limits: ['quotes'],
        });
        return res.data;
      },
      baseline: async () => {
        const res = await request(bareUrl, { dispatcher: bareAgent, headers: HEADERS });
        return res.body.json();
      },
      warmup: 500,
      rounds: 20,
      perRound: 250,
    });
    const value = subject.p50 / 1000;
    const base = baseline.p50 / 1000;
    recordResult('core.http.overhead', {
      value,
      unit: 'µs',
      baseline: base,
      ratio: value / base,
      target: { ratio: '<= 1.10' },
      extra: {
        clientP90Us: Math.round(subject.p90 / 10) / 100,
        bareP90Us: Math.round(baseline.p90 / 10) / 100,
        samples: subject.samples,
        lastLineKeys: Object.keys(lastLine ?? {}).length,
      },
    });
  } finally {
    await client.close();
    await bareAgent.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
