import { type InstrumentRef, type Logger, ManualClock, noopLogger, SharedMarketStream } from '@openalgo/core';
import { RecordingLogger } from '@openalgo/core/testing';
import { describe, expect, it } from 'vitest';
import { LivePriceSource } from '../../src/market/live-price-source.js';
import type { MarketSnapshot } from '../../src/market/price-source.js';
import { depthCalls, liveBroker, MONDAY_10AM, quoteCalls, subscribes, unsubscribes } from './helpers.js';

const SBIN: InstrumentRef = { symbol: 'SBIN', exchange: 'NSE' };
const INFY: InstrumentRef = { symbol: 'INFY', exchange: 'NSE' };

function setup(options: { depth: boolean; stream: boolean }, extra: Partial<{ logger: Logger }> = {}) {
  const clock = new ManualClock(MONDAY_10AM);
  const adapter = liveBroker(options);
  adapter.setPrice(SBIN, 800);
  adapter.setPrice(INFY, 1500);
  const source = new LivePriceSource({ adapter, clock, ...extra });
  const seen: MarketSnapshot[] = [];
  return { clock, adapter, source, seen, listener: (s: MarketSnapshot) => void seen.push(s) };
}

describe('LivePriceSource snapshots', () => {
  it('reads five levels of depth when the broker serves depth', async () => {
    const { adapter, source } = setup({ depth: true, stream: false });
    const snapshot = await source.snapshot(SBIN);
    expect(depthCalls(adapter)).toEqual([SBIN]);
    expect(quoteCalls(adapter)).toEqual([]);
    expect(snapshot).toMatchObject({
      symbol: 'SBIN',
      ltp: 800,
      bid: 799.95,
      ask: 800.05,
      lastQuantity: 7,
      volume: 5000,
    });
    expect(snapshot.bids).toHaveLength(5);
    expect(snapshot.asks.map((l) => l.quantity)).toEqual([10, 20, 30, 40, 50]);
    expect(snapshot.timestamp).toBe(MONDAY_10AM);
  });

  it('builds a one-level book from a quote when the broker has no depth', async () => {
    const { adapter, source } = setup({ depth: false, stream: false });
    const snapshot = await source.snapshot(SBIN);
    expect(depthCalls(adapter)).toEqual([]);
    expect(snapshot).toMatchObject({ ltp: 800, bid: 799.95, ask: 800.05, prevClose: 797 });
    expect(snapshot.bids).toEqual([{ price: 799.95, quantity: 40 }]);
    expect(snapshot.asks).toEqual([{ price: 800.05, quantity: 60 }]);
  });

  it('asks the broker once for concurrent or recent requests, again once the quote is older than the TTL', async () => {
    const { clock, adapter, source } = setup({ depth: true, stream: false });
    const [a, b] = await Promise.all([source.snapshot(SBIN), source.snapshot(SBIN)]);
    expect(a).toBe(b);
    await clock.advance(1000);
    await source.snapshot(SBIN);
    expect(depthCalls(adapter)).toHaveLength(1);
    adapter.setPrice(SBIN, 805);
    await clock.advance(1);
    expect((await source.snapshot(SBIN)).ltp).toBe(805);
    expect(depthCalls(adapter)).toHaveLength(2);
  });

  it('passes the broker’s SYMBOL_NOT_FOUND through', async () => {
    const { source } = setup({ depth: false, stream: false });
    await expect(source.snapshot({ symbol: 'NOPE', exchange: 'NSE' })).rejects.toMatchObject({
      code: 'SYMBOL_NOT_FOUND',
    });
  });

  it('serves history and instruments from the adapter', async () => {
    const { adapter, source } = setup({ depth: true, stream: false });
    const request = { ...SBIN, interval: '5m' as const, start: '2026-01-01', end: '2026-01-05' };
    expect(await source.history(request)).toEqual(await adapter.getHistory(request));
    expect(adapter.callsTo('getHistory')[0]?.args[0]).toEqual(request);
    const rows = [];
    for await (const row of source.instruments()) rows.push(row);
    expect(rows.map((r) => r.brsymbol)).toEqual(['SBIN-EQ']);
  });
});

describe('LivePriceSource.watch without a stream', () => {
  it('polls every 5 s in one batched getQuotes and stops when unsubscribed', async () => {
    const { clock, adapter, source, seen, listener } = setup({ depth: true, stream: false });
    const stop = source.watch([SBIN, INFY], listener);
    await clock.advance(4999);
    expect(quoteCalls(adapter)).toHaveLength(0);
    await clock.advance(1);
    expect(quoteCalls(adapter)).toEqual([[SBIN, INFY]]);
    expect(seen.map((s) => [s.symbol, s.ltp])).toEqual([
      ['SBIN', 800],
      ['INFY', 1500],
    ]);
    adapter.setPrice(SBIN, 810);
    await clock.advance(5000);
    expect(seen.at(-2)?.ltp).toBe(810);
    stop();
    expect(clock.pendingSleeps).toBe(0);
    await clock.advance(20_000);
    expect(quoteCalls(adapter)).toHaveLength(2);
  });

  it('keeps polling after a failed poll and reports the failure', async () => {
    const logger = new RecordingLogger();
    const { clock, adapter, source, seen, listener } = setup({ depth: false, stream: false }, { logger });
    adapter.failNext('getQuotes', new Error('broker hiccup'));
    const stop = source.watch([SBIN], listener);
    await clock.advance(5000);
    expect(seen).toHaveLength(0);
    expect(logger.at('warn')).toHaveLength(1);
    await clock.advance(5000);
    expect(seen).toHaveLength(1);
    stop();
  });

  it('reuses a watched price for snapshot() while it is fresh', async () => {
    const { clock, adapter, source, listener } = setup({ depth: false, stream: false });
    const stop = source.watch([SBIN], listener);
    await clock.advance(5000);
    const polled = quoteCalls(adapter).length;
    expect((await source.snapshot(SBIN)).ltp).toBe(800);
    expect(quoteCalls(adapter)).toHaveLength(polled);
    stop();
    await source.close();
  });
});

describe('LivePriceSource.watch with a market stream', () => {
  it('subscribes in depth mode, turns ticks into snapshots and closes the stream with the last watcher', async () => {
    const { adapter, source, seen, listener } = setup({ depth: true, stream: true });
    const other: MarketSnapshot[] = [];
    const stopFirst = source.watch([SBIN], listener);
    const stopSecond = source.watch([SBIN, INFY], (s) => void other.push(s));
    await source.settled();
    const stream = adapter.marketStreams[0];
    expect(adapter.marketStreams).toHaveLength(1);
    expect(subscribes(stream)).toEqual([
      [['NSE:SBIN'], 'depth'],
      [['NSE:INFY'], 'depth'],
    ]);
    const bids = [{ price: 801.9, quantity: 5 }];
    const asks = [{ price: 802.1, quantity: 9 }];
    stream?.emit({ ...SBIN, mode: 'depth', ltp: 802, timestamp: 1, bids, asks, volume: 99, close: 790 });
    expect(seen).toEqual([other[0]]);
    expect(seen[0]).toMatchObject({
      ltp: 802,
      bid: 801.9,
      ask: 802.1,
      volume: 99,
      prevClose: 790,
      high: 802,
      low: 802,
    });
    stopFirst();
    await source.settled();
    expect(unsubscribes(stream)).toEqual([]);
    stopSecond();
    await source.settled();
    expect(unsubscribes(stream)).toEqual([['NSE:SBIN', 'NSE:INFY']]);
    expect(stream?.closed).toBe(true);
    expect(stream?.listenerCount).toBe(0);
    expect(stream?.statusListenerCount).toBe(0);
  });

  it('uses quote mode when the broker has no depth, and keeps the book only while it brackets the price', async () => {
    const { adapter, source, seen, listener } = setup({ depth: false, stream: true });
    const stop = source.watch([SBIN], listener);
    await source.settled();
    const stream = adapter.marketStreams[0];
    expect(subscribes(stream)?.[0]?.[1]).toBe('quote');
    const bids = [{ price: 799.9, quantity: 5 }];
    const asks = [{ price: 800.1, quantity: 5 }];
    stream?.emit({ ...SBIN, mode: 'depth', ltp: 800, timestamp: 1, bids, asks });
    stream?.emit({ ...SBIN, mode: 'ltp', ltp: 800.05, timestamp: 2 });
    stream?.emit({ ...SBIN, mode: 'ltp', ltp: 801, timestamp: 3 });
    expect(seen.map((s) => [s.ltp, s.bid, s.ask])).toEqual([
      [800, 799.9, 800.1],
      [800.05, 799.9, 800.1],
      [801, 0, 0],
    ]);
    expect(seen[2]?.high).toBe(801);
    stop();
  });

  it('polls instruments whose stream has gone quiet for 30 s, and all of them while the stream is down', async () => {
    const { clock, adapter, source, seen, listener } = setup({ depth: true, stream: true });
    const stop = source.watch([SBIN, INFY], listener);
    await source.settled();
    const stream = adapter.marketStreams[0];
    for (let second = 0; second < 35; second += 2) {
      stream?.emit({ ...SBIN, mode: 'ltp', ltp: 800 + second / 100, timestamp: second });
      await clock.advance(2000);
    }
    // INFY had no tick for 30 s: polled alone; SBIN kept ticking: never polled.
    expect(quoteCalls(adapter)).toEqual([[INFY]]);
    expect(seen.filter((s) => s.symbol === 'INFY')).toHaveLength(1);
    stream?.emitStatus({ state: 'reconnecting', reason: 'socket closed' });
    await clock.advance(5000);
    expect(quoteCalls(adapter).at(-1)).toEqual([SBIN, INFY]);
    stream?.emitStatus({ state: 'open' });
    stream?.emit({ ...SBIN, mode: 'ltp', ltp: 805, timestamp: 99 });
    stream?.emit({ ...INFY, mode: 'ltp', ltp: 1505, timestamp: 99 });
    const calls = quoteCalls(adapter).length;
    await clock.advance(5000);
    expect(quoteCalls(adapter)).toHaveLength(calls);
    stop();
    expect(clock.pendingSleeps).toBe(0);
  });

  it('rejects a non-positive poll interval', () => {
    const adapter = liveBroker({ depth: true, stream: false });
    expect(() => new LivePriceSource({ adapter, pollIntervalMs: 0 })).toThrow(/pollIntervalMs/);
  });
});

describe('LivePriceSource on a login’s shared stream', () => {
  it('subscribes on the shared stream instead of opening its own, and leaves it to its other users', async () => {
    const clock = new ManualClock(MONDAY_10AM);
    const adapter = liveBroker({ depth: true, stream: true });
    const shared = new SharedMarketStream({
      broker: 'fakebroker',
      adapter,
      clock,
      logger: noopLogger,
      reopenDelayMs: 5000,
    });
    const feedClient = { ticks: 0, onTick: () => void feedClient.ticks++ };
    await shared.apply(feedClient, [{ ref: SBIN, mode: 'ltp' }]);
    const source = new LivePriceSource({ adapter, stream: shared, clock });
    const seen: MarketSnapshot[] = [];
    source.watch([SBIN], (s) => void seen.push(s));
    await source.settled();
    expect(adapter.marketStreams).toHaveLength(1);
    const stream = adapter.marketStreams[0];
    expect(subscribes(stream)).toEqual([
      [['NSE:SBIN'], 'ltp'],
      [['NSE:SBIN'], 'depth'],
    ]);
    stream?.emit({ ...SBIN, mode: 'depth', ltp: 802, timestamp: 1 });
    expect(seen.map((s) => s.ltp)).toEqual([802]);
    expect(feedClient.ticks).toBe(1);
    await source.close();
    await shared.settled();
    expect(stream?.closed).toBe(false);
    expect(subscribes(stream)?.at(-1)).toEqual([['NSE:SBIN'], 'ltp']);
    stream?.emit({ ...SBIN, mode: 'ltp', ltp: 803, timestamp: 2 });
    expect(feedClient.ticks).toBe(2);
    expect(seen).toHaveLength(1);
    await shared.close();
  });
});
