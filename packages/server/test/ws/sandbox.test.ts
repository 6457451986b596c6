import { ManualClock, MarketStreams, TradingService } from '@openalgo/core';
import { RecordingLogger } from '@openalgo/core/testing';
import { createSandbox, type SandboxInstance } from '@openalgo/sandbox';
import { afterEach, describe, expect, it } from 'vitest';
import type { AccountContext } from '../../src/accounts/types.js';
import { createFeedServer } from '../../src/ws/index.js';
import { marketData, TestClient } from './client.js';
import { FakeResolver } from './fakes.js';
import { API_KEY } from './setup.js';

const teardown: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const step of teardown.splice(0).reverse()) await step();
});

function sandboxAccount(sandbox: SandboxInstance, logger: RecordingLogger): AccountContext {
  return {
    accountId: 'sandbox',
    broker: 'sandbox',
    userId: sandbox.session.userId,
    dataAdapter: sandbox.adapter,
    executionAdapter: sandbox.adapter,
    trading: new TradingService({ adapter: sandbox.adapter, clock: sandbox.clock, logger }),
    instruments: sandbox.instruments,
    analyzeMode: false,
    logger,
  };
}

describe('feed over the real sandbox adapter', () => {
  it('streams the synthetic market: snapshot on subscribe, then a tick per step as time moves', async () => {
    const clock = new ManualClock();
    const sandbox = await createSandbox({ clock, seed: 7 });
    teardown.push(() => sandbox.close());
    const logger = new RecordingLogger();
    const resolver = new FakeResolver().add(API_KEY, sandboxAccount(sandbox, logger));
    const streams = new MarketStreams({ clock, logger });
    teardown.push(() => streams.close());
    const feed = createFeedServer({ resolver, logger, clock, streams, pingIntervalMs: 0 });
    teardown.push(() => feed.close());
    const { port } = await feed.listen({ host: '127.0.0.1', port: 0 });
    const client = await TestClient.connect(`ws://127.0.0.1:${port}`);
    teardown.push(() => client.close());

    const auth = await client.authenticate(API_KEY);
    expect(auth).toMatchObject({ status: 'success', broker: 'sandbox', user_id: sandbox.session.userId });
    const ltp = await client.subscribe({ symbol: 'SBIN', exchange: 'NSE', mode: 'LTP' });
    expect(ltp.status).toBe('success');
    // The sandbox sends the current snapshot on subscribe.
    const first = await client.next(marketData);
    expect(first).toMatchObject({
      type: 'market_data',
      symbol: 'SBIN',
      exchange: 'NSE',
      mode: 1,
      broker: 'sandbox',
    });
    const firstData = first.data as { ltp: number; timestamp: number };
    expect(firstData.ltp).toBeGreaterThan(0);

    await clock.advance(3_000);
    const later = (await client.drain()).filter(marketData);
    expect(later.length).toBeGreaterThanOrEqual(3);
    const stamps = later.map((m) => (m.data as { timestamp: number }).timestamp);
    expect(Math.min(...stamps)).toBeGreaterThan(firstData.timestamp);
    expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
    for (const message of later) {
      expect(Object.keys(message.data as object).sort()).toEqual([
        'exchange',
        'ltp',
        'ltt',
        'mode',
        'symbol',
        'timestamp',
      ]);
    }

    const quote = await client.subscribe({ symbol: 'NIFTY', exchange: 'NSE_INDEX', mode: 'Quote' });
    expect(quote.status).toBe('success');
    await clock.advance(1_000);
    const nifty = (await client.drain()).filter((m) => marketData(m) && m.symbol === 'NIFTY');
    expect(nifty.length).toBeGreaterThanOrEqual(1);
    for (const message of nifty) {
      expect(message.mode).toBe(2);
      expect(message.data).toMatchObject({ exchange: 'NSE_INDEX', mode: 2 });
      expect((message.data as { high: number }).high).toBeGreaterThan(0);
    }

    const unsub = await client.request({ action: 'unsubscribe_all' }, (m) => m.type === 'unsubscribe');
    expect(unsub.status).toBe('success');
    await clock.advance(3_000);
    expect((await client.drain()).filter(marketData)).toEqual([]);
    expect(feed.stats()).toMatchObject({ upstreamStreams: 0, upstreamInstruments: 0 });
  });
});
