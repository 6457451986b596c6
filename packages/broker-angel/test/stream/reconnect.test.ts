import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { MarketStream } from '@openalgo/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAngelMarketStream } from '../../src/stream/market-stream.js';
import {
  eventually,
  FakeSmartStream,
  NIFTY,
  SBIN,
  statuses,
  stocks,
  streamOptions,
} from './fake-smartstream.js';

let server: FakeSmartStream;
const streams: MarketStream[] = [];

beforeEach(async () => {
  server = await FakeSmartStream.start();
});
afterEach(async () => {
  for (const stream of streams.splice(0)) await stream.close();
  await server.close();
});

function open() {
  const made = streamOptions(server.url);
  const stream = createAngelMarketStream(made.options);
  streams.push(stream);
  return { stream, ...made, seen: statuses(stream) };
}

const allSubscribed = (from: number) =>
  server.connections.slice(from).reduce((n, c) => n + FakeSmartStream.subscribed(c).size, 0);

describe('Angel SmartStream market stream: reconnect, resubscribe, stall', () => {
  it('after a network drop every pooled connection reconnects with backoff and resubscribes all', async () => {
    const { stream, clock, seen } = open();
    await stream.subscribe(stocks(0, 1200), 'quote');
    await stream.subscribe([SBIN], 'depth');
    await server.until(() => allSubscribed(0) === 1201);
    const before = server.connections.map((c) => FakeSmartStream.subscribed(c));
    server.server.dropAll();
    // Both connections have seen the drop: each waits out its backoff (and nothing else runs).
    await eventually(() => clock.pendingSleeps === 2);
    expect(seen.at(-1)?.state).toBe('reconnecting');
    await clock.advance(999);
    expect(server.connections).toHaveLength(2);
    await clock.advance(1);
    await server.until(() => server.connections.length === 4 && allSubscribed(2) === 1201);
    // Same subscriptions, each on a connection of its own set.
    const after = server.connections.slice(2).map((c) => FakeSmartStream.subscribed(c));
    expect(after.map((set) => set.size).sort()).toEqual(before.map((set) => set.size).sort());
    expect(new Set(after.flatMap((set) => [...set]))).toEqual(new Set(before.flatMap((set) => [...set])));
    expect(after.some((set) => set.has('3|1|3045'))).toBe(true);
    expect(seen.at(-1)?.state).toBe('open');
  });

  it('a feed that goes silent (no pong) is dropped by the watchdog and reopened, old socket closed', async () => {
    const { stream, clock, seen } = open();
    await stream.subscribe([SBIN, NIFTY], 'ltp');
    await server.until(() => server.connections[0]?.controls.length === 1);
    server.answerPings = false;
    await clock.advance(10_000);
    await server.until(() => server.connections[0]?.texts.includes('ping') === true);
    await clock.advance(10_000);
    await server.until(() => server.connections[0]?.closed === true);
    expect(seen.map((s) => s.state)).toEqual(['open', 'reconnecting']);
    server.answerPings = true;
    await clock.advance(1000);
    await server.until(() => server.connections[1]?.controls.length === 1);
    expect(FakeSmartStream.subscribed(server.connections[1] as never)).toEqual(
      new Set(['1|1|3045', '1|1|99926000']),
    );
    expect(server.open).toHaveLength(1);
  });

  it('a 401 on the upgrade (bad JWT, feed token, key or client code) closes the stream for good', async () => {
    server.refuseWith = 401;
    const { stream, clock, seen } = open();
    await stream.subscribe([SBIN], 'ltp');
    await eventually(() => seen.at(-1)?.state === 'closed');
    expect(seen.at(-1)?.reason).toMatch(/rejected the access token \(HTTP 401\)/);
    await clock.advance(60_000);
    expect(server.connections).toHaveLength(0);
    expect(clock.pendingSleeps).toBe(0);
    await expect(stream.subscribe([SBIN], 'ltp')).rejects.toThrow(/closed/);
  });

  it('gives up after the configured attempts and says so', async () => {
    const { stream, clock, seen } = open();
    await stream.subscribe([SBIN], 'ltp');
    await server.until(() => server.connections.length === 1 && server.connections[0]?.controls.length === 1);
    server.refuseWith = 500;
    server.server.dropAll();
    // Each refused attempt reports the next number; its backoff (at most 8 s) then runs out.
    for (let attempt = 1; attempt <= 5; attempt++) {
      await eventually(() => seen.at(-1)?.reason?.endsWith(`attempt ${attempt}`) === true);
      await clock.advance(8000);
    }
    await eventually(() => seen.at(-1)?.state === 'closed');
    expect(seen.at(-1)?.reason).toMatch(/gave up after 5 reconnect attempts/);
  });

  it('an upgrade that never completes is cut after the stall period and retried', async () => {
    // A server that takes the upgrade request and never answers it.
    const held: Socket[] = [];
    const hung = createServer();
    hung.on('upgrade', (_req, socket: Socket) => held.push(socket));
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
    const { port } = hung.address() as AddressInfo;
    const made = streamOptions(`ws://127.0.0.1:${port}/smart-stream`);
    const stream = createAngelMarketStream(made.options);
    streams.push(stream);
    const seen = statuses(stream);
    try {
      await stream.subscribe([SBIN], 'ltp');
      await eventually(() => held.length === 1);
      await made.clock.advance(19_999);
      expect(seen).toEqual([]);
      await made.clock.advance(1);
      await eventually(() => seen.at(-1)?.state === 'reconnecting');
      await made.clock.advance(1000);
      await eventually(() => held.length === 2);
    } finally {
      await stream.close();
      for (const socket of held) socket.destroy();
      await new Promise<void>((resolve) => hung.close(() => resolve()));
    }
  });
});
