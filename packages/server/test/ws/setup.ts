import { ManualClock, MarketStreams } from '@openalgo/core';
import { type FakeAdapter, RecordingLogger } from '@openalgo/core/testing';
import { afterEach } from 'vitest';
import { createFeedServer, type FeedServer, type FeedServerOptions } from '../../src/ws/index.js';
import { TestClient } from './client.js';
import { FakeResolver, feedBroker, makeAccount } from './fakes.js';

export const API_KEY = `${'a'.repeat(48)}0123456789abcdef`;
export const OTHER_KEY = 'b'.repeat(64);

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

export interface FeedFixture {
  feed: FeedServer;
  url: string;
  clock: ManualClock;
  adapter: FakeAdapter;
  resolver: FakeResolver;
  logger: RecordingLogger;
  connect(): Promise<TestClient>;
  /** A connected, authenticated client. */
  client(apiKey?: string): Promise<TestClient>;
}

/** A standalone feed on 127.0.0.1:0 over a fake account (API_KEY), torn down after the test. */
export async function startFeed(
  options: Partial<Omit<FeedServerOptions, 'clock'>> & {
    adapter?: FakeAdapter;
    clock?: ManualClock;
  } = {},
): Promise<FeedFixture> {
  const clock = options.clock ?? new ManualClock();
  const logger = new RecordingLogger();
  const adapter = options.adapter ?? feedBroker();
  const resolver = new FakeResolver().add(API_KEY, makeAccount(adapter, logger));
  const { adapter: _adapter, ...feedOptions } = options;
  const streams = options.streams ?? new MarketStreams({ clock, logger });
  const feed = createFeedServer({ resolver, logger, pingIntervalMs: 0, ...feedOptions, streams, clock });
  const { port } = await feed.listen({ host: '127.0.0.1', port: 0 });
  const url = `ws://127.0.0.1:${port}`;
  const clients: TestClient[] = [];
  cleanups.push(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await feed.close();
    await streams.close();
  });
  const connect = async () => {
    const c = await TestClient.connect(url);
    clients.push(c);
    return c;
  };
  return {
    feed,
    url,
    clock,
    adapter,
    resolver,
    logger,
    connect,
    async client(apiKey = API_KEY) {
      const c = await connect();
      const reply = await c.authenticate(apiKey);
      if (reply.status !== 'success') throw new Error(`authentication failed: ${JSON.stringify(reply)}`);
      return c;
    },
  };
}
