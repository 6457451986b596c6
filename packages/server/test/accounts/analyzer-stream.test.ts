import { defineBroker, ManualClock } from '@openalgo/core';
import {
  createFakeBroker,
  FakeAdapter,
  FakeBrokerConfigSchema,
  type FakeMarketStream,
  RecordingLogger,
} from '@openalgo/core/testing';
import { DEFAULT_SANDBOX_START } from '@openalgo/sandbox';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFeedServer, type FeedServer } from '../../src/ws/index.js';
import { type TestRegistry, testRegistry } from '../helpers/registry.js';
import { tempDir } from '../helpers/tmp.js';
import { eventually, TestClient } from '../ws/client.js';
import { KNOWN_INSTRUMENTS } from '../ws/fakes.js';

const SBIN = { symbol: 'SBIN', exchange: 'NSE' } as const;

/** The feed tests' streaming broker, also serving an instrument master and prices at 800. */
function pricedFeedBroker(): FakeAdapter {
  return new FakeAdapter({
    manifest: { id: 'fakebroker' },
    instruments: KNOWN_INSTRUMENTS,
    defaultPrice: 800,
    market: { halfSpread: 0.05, levelQuantity: 100 },
  });
}

/** A redirect-login broker (core's fake login, `state`) whose every login gets the one `adapter`. */
function streamingBroker(adapter: FakeAdapter) {
  const { plugin: login, state } = createFakeBroker({ manifest: { id: adapter.manifest.id } });
  const plugin = defineBroker({
    manifest: { ...login.manifest, capabilities: adapter.manifest.capabilities },
    configSchema: FakeBrokerConfigSchema,
    auth: login.auth,
    create: () => adapter,
  });
  return { plugin, state };
}

let dir: string;
let cleanup: () => void;
let opened: Array<() => Promise<void>>;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  opened = [];
});
afterEach(async () => {
  for (const close of opened.reverse()) await close();
  cleanup();
});

/**
 * A live account in analyzer mode with one feed client on SBIN (LTP) and a resting simulated order
 * on SBIN, which the analyzer watches live prices for.
 */
async function analyzingAccount(sessionMs = 365 * 24 * 3_600_000) {
  const clock = new ManualClock(DEFAULT_SANDBOX_START);
  const live = pricedFeedBroker();
  const broker = streamingBroker(live);
  broker.state.next.expiresAt = clock.now() + sessionMs;
  const r: TestRegistry = testRegistry({ dir, clock, plugins: [broker.plugin] });
  opened.push(() => r.close());
  await r.registry.init();
  const { account, apiKey } = await r.registry.completeLogin('fakebroker', { request_token: 'good' });
  await r.registry.setAnalyzeMode(account.id, true);
  const feed: FeedServer = createFeedServer({
    resolver: r.registry,
    streams: r.registry.marketStreams,
    logger: new RecordingLogger(),
    clock,
    pingIntervalMs: 0,
  });
  opened.push(() => feed.close());
  const { port } = await feed.listen({ host: '127.0.0.1', port: 0 });
  const resolved = await r.registry.resolveAccount(account.id);
  if (!resolved.ok) throw new Error(resolved.message);
  const context = resolved.account;
  await eventually(() => context.instruments.get('SBIN', 'NSE') !== undefined, 'the instrument master');

  const client = await TestClient.connect(`ws://127.0.0.1:${port}`);
  opened.push(() => client.close());
  expect((await client.authenticate(apiKey as string)).status).toBe('success');
  expect((await client.subscribe({ ...SBIN, mode: 1 })).status).toBe('success');
  const ack = await context.trading.placeOrder({
    ...SBIN,
    action: 'BUY',
    quantity: 1,
    priceType: 'LIMIT',
    price: 700,
  });
  const analyzerSubscribed = (stream: FakeMarketStream) =>
    stream.calls.some((call) => call.op === 'subscribe' && call.mode === 'depth');
  await eventually(() => live.marketStreams.some(analyzerSubscribed), 'the analyzer to subscribe');
  return { clock, live, broker, registry: r.registry, feed, context, ack };
}

describe('an account in analyzer mode', () => {
  it('shares its broker login’s one upstream socket between the feed and the simulated side', async () => {
    const { live, feed, context, ack } = await analyzingAccount();
    expect(context.analyzeMode).toBe(true);
    expect(live.marketStreams).toHaveLength(1);
    expect(live.stream.calls).toEqual([
      { op: 'subscribe', refs: ['NSE:SBIN'], mode: 'ltp' },
      { op: 'subscribe', refs: ['NSE:SBIN'], mode: 'depth' },
    ]);
    expect(feed.stats()).toMatchObject({ upstreamStreams: 1, upstreamInstruments: 1 });
    // Simulated: the order rests in the analyzer's book, not on the live broker's.
    expect(await context.executionAdapter.getOrders()).toMatchObject([
      { orderId: ack.orderId, status: 'open' },
    ]);
    expect(live.callsTo('placeOrder')).toEqual([]);
  });

  it('reopens the shared stream on the next login after the session expired, for both sides', async () => {
    const { clock, live, broker, registry } = await analyzingAccount(60_000);
    const [shared] = registry.marketStreams.all();
    await clock.advance(60_000);
    live.stream.emitStatus({ state: 'closed', reason: 'token expired' });
    // The first reopen finds the session expired: the old account (and its analyzer) is closed
    // from within the stream's own queue, which must not wait on that queue.
    await clock.advance(5_000);
    let settled = false;
    void shared?.settled().then(() => {
      settled = true;
    });
    await eventually(() => settled, 'the first reopen attempt to finish');
    expect(live.marketStreams).toHaveLength(1);

    broker.state.next.expiresAt = clock.now() + 3_600_000;
    await registry.completeLogin('fakebroker', { request_token: 'good' });
    await clock.advance(10_000);
    await eventually(
      () => live.marketStreams.length === 2 && live.stream.subscribed.get('NSE:SBIN') === 'depth',
      'the stream to reopen for the feed client and the analyzer',
    );
    expect(registry.marketStreams.all()).toHaveLength(1);
  });
});
