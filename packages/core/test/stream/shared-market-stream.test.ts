import { describe, expect, it } from 'vitest';
import { SessionExpiredError } from '../../src/errors/openalgo-error.js';
import type { Tick } from '../../src/model/market.js';
import { type MarketSubscriber, SharedMarketStream } from '../../src/stream/shared-market-stream.js';
import { FakeAdapter, RecordingLogger } from '../../src/testing/index.js';
import { ManualClock } from '../../src/time/clock.js';
import { ltpTick, until } from './helpers.js';

const SBIN = { symbol: 'SBIN', exchange: 'NSE' } as const;
const INFY = { symbol: 'INFY', exchange: 'NSE' } as const;

class Recorder implements MarketSubscriber {
  readonly ticks: Tick[] = [];
  onTick(tick: Tick): void {
    this.ticks.push(tick);
  }
}

function setup(adapter = new FakeAdapter(), refreshAdapter?: () => Promise<FakeAdapter | undefined>) {
  const clock = new ManualClock();
  const logger = new RecordingLogger();
  const feed = new SharedMarketStream({
    broker: 'fakebroker',
    adapter,
    clock,
    logger,
    reopenDelayMs: 5_000,
    ...(refreshAdapter ? { refreshAdapter } : {}),
  });
  return { feed, adapter, clock, logger };
}

describe('SharedMarketStream', () => {
  it('coalesces changes made before a job starts into one upstream call', async () => {
    const { feed, adapter } = setup();
    const a = new Recorder();
    const b = new Recorder();
    const both = Promise.all([
      feed.apply(a, [{ ref: SBIN, mode: 'ltp' }]),
      feed.apply(b, [{ ref: SBIN, mode: 'depth' }]),
    ]);
    await both;
    expect(adapter.stream.calls).toEqual([{ op: 'subscribe', refs: ['NSE:SBIN'], mode: 'depth' }]);
  });

  it('runs upstream changes one at a time, in the order they were asked for', async () => {
    const { feed, adapter } = setup();
    const a = new Recorder();
    const b = new Recorder();
    await feed.apply(a, [{ ref: INFY, mode: 'ltp' }]); // opens the stream
    let release = () => {};
    adapter.stream.gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const first = feed.apply(a, [{ ref: SBIN, mode: 'ltp' }]);
    await until(() => adapter.stream.calls.length === 2, 'the first subscribe to be in flight');
    // While the first subscribe is in flight: b wants depth, then a leaves.
    const second = feed.apply(b, [{ ref: SBIN, mode: 'depth' }]);
    const third = feed.apply(a, [{ ref: SBIN, mode: 'none' }]);
    release();
    expect((await first).size).toBe(0);
    expect((await second).size).toBe(0);
    await third;
    expect(adapter.stream.calls.slice(1)).toEqual([
      { op: 'subscribe', refs: ['NSE:SBIN'], mode: 'ltp' },
      { op: 'subscribe', refs: ['NSE:SBIN'], mode: 'depth' },
    ]);
    expect(feed.stats()).toEqual({ upstreamInstruments: 2, demandedInstruments: 2, streamOpen: true });
  });

  it('delivers to a subscriber as soon as its demand is recorded, before the upstream call returns', async () => {
    const { feed, adapter } = setup();
    const a = new Recorder();
    const b = new Recorder();
    await feed.apply(a, [{ ref: SBIN, mode: 'ltp' }]);
    let release = () => {};
    adapter.stream.gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const pending = feed.apply(b, [{ ref: SBIN, mode: 'depth' }]);
    adapter.stream.emit(ltpTick('SBIN', 'NSE', 1));
    expect(b.ticks).toHaveLength(1);
    release();
    await pending;
  });

  it('reports a failed stream open for every instrument and leaves nothing behind', async () => {
    const adapter = new FakeAdapter();
    adapter.marketStream = () => {
      throw new SessionExpiredError('Session expired: log in again');
    };
    const { feed } = setup(adapter);
    const a = new Recorder();
    const failures = await feed.apply(a, [
      { ref: SBIN, mode: 'ltp' },
      { ref: INFY, mode: 'quote' },
    ]);
    expect([...failures.keys()]).toEqual(['NSE:SBIN', 'NSE:INFY']);
    expect((failures.get('NSE:SBIN') as Error).message).toBe('Session expired: log in again');
    await feed.apply(a, [
      { ref: SBIN, mode: 'none' },
      { ref: INFY, mode: 'none' },
    ]);
    expect(feed.stats()).toEqual({ upstreamInstruments: 0, demandedInstruments: 0, streamOpen: false });
  });

  it('retries a failed upstream unsubscribe with the next change', async () => {
    const { feed, adapter } = setup();
    const a = new Recorder();
    await feed.apply(a, [
      { ref: SBIN, mode: 'ltp' },
      { ref: INFY, mode: 'ltp' },
    ]);
    adapter.stream.failNextUnsubscribe = new Error('ticker busy');
    await feed.apply(a, [{ ref: SBIN, mode: 'none' }]);
    expect(adapter.stream.subscribed.has('NSE:SBIN')).toBe(true);
    await feed.apply(a, [{ ref: INFY, mode: 'none' }]);
    expect(adapter.stream.calls.slice(1)).toEqual([
      { op: 'unsubscribe', refs: ['NSE:SBIN'] },
      { op: 'unsubscribe', refs: ['NSE:INFY', 'NSE:SBIN'] },
      { op: 'close' },
    ]);
  });

  it('isolates an instrument the broker refuses instead of failing the whole batch', async () => {
    const { feed, adapter } = setup();
    const a = new Recorder();
    await feed.apply(a, [{ ref: INFY, mode: 'ltp' }]);
    adapter.stream.rejects.add('NSE:SBIN');
    const TCS = { symbol: 'TCS', exchange: 'BSE' } as const;
    const failures = await feed.apply(a, [
      { ref: SBIN, mode: 'quote' },
      { ref: TCS, mode: 'quote' },
    ]);
    expect([...failures.keys()]).toEqual(['NSE:SBIN']);
    expect((failures.get('NSE:SBIN') as Error).message).toBe('Broker does not know NSE:SBIN');
    expect(adapter.stream.subscribed.get('BSE:TCS')).toBe('quote');
    expect(adapter.stream.calls.slice(1)).toEqual([
      { op: 'subscribe', refs: ['NSE:SBIN', 'BSE:TCS'], mode: 'quote' },
      { op: 'subscribe', refs: ['NSE:SBIN'], mode: 'quote' },
      { op: 'subscribe', refs: ['BSE:TCS'], mode: 'quote' },
    ]);
  });

  it('finds a refused instrument in a large batch by halving it, not one call per instrument', async () => {
    const { feed, adapter } = setup();
    const a = new Recorder();
    const refs = Array.from({ length: 1_500 }, (_, i) => ({ symbol: `S${i}`, exchange: 'NSE' as const }));
    await feed.apply(a, [{ ref: INFY, mode: 'ltp' }]); // opens the stream
    adapter.stream.rejects.add('NSE:S777');
    const failures = await feed.apply(
      a,
      refs.map((ref) => ({ ref, mode: 'ltp' as const })),
    );
    expect([...failures.keys()]).toEqual(['NSE:S777']);
    expect(adapter.stream.subscribed.size).toBe(1 + 1_499); // INFY and all but the refused one
    // One failed call per halving level plus its sibling: about 2 × log2(1500), not 1500.
    const calls = adapter.stream.callsOf('subscribe').length - 1;
    expect(calls).toBeLessThanOrEqual(1 + 2 * Math.ceil(Math.log2(1_500)));
  });

  it('retries a failed unsubscribe on its own after the pause', async () => {
    const { feed, adapter, clock } = setup();
    const a = new Recorder();
    await feed.apply(a, [{ ref: SBIN, mode: 'ltp' }]);
    adapter.stream.failNextUnsubscribe = new Error('ticker busy');
    await feed.apply(a, [{ ref: SBIN, mode: 'none' }]);
    expect(adapter.stream.closed).toBe(false);
    await clock.advance(5_000);
    await feed.settled();
    expect(adapter.stream.calls.slice(1)).toEqual([
      { op: 'unsubscribe', refs: ['NSE:SBIN'] },
      { op: 'unsubscribe', refs: ['NSE:SBIN'] },
      { op: 'close' },
    ]);
  });

  it('reopens a stream the broker closed, after a pause, at the modes still wanted', async () => {
    const { feed, adapter, clock } = setup();
    const a = new Recorder();
    const b = new Recorder();
    await feed.apply(a, [{ ref: SBIN, mode: 'ltp' }]);
    await feed.apply(b, [
      { ref: SBIN, mode: 'depth' },
      { ref: INFY, mode: 'quote' },
    ]);
    const dead = adapter.stream;
    dead.emitStatus({ state: 'closed', reason: 'session expired' });
    expect(feed.status).toBe('idle');
    expect(feed.stats().streamOpen).toBe(false);
    dead.emit(ltpTick('SBIN', 'NSE', 5)); // a detached stream delivers nothing
    expect(a.ticks).toHaveLength(0);
    await clock.advance(4_999);
    expect(adapter.marketStreams).toHaveLength(1);
    await clock.advance(1);
    await feed.settled();
    expect(adapter.marketStreams).toHaveLength(2);
    expect(adapter.stream.calls).toEqual(
      expect.arrayContaining([
        { op: 'subscribe', refs: ['NSE:SBIN'], mode: 'depth' },
        { op: 'subscribe', refs: ['NSE:INFY'], mode: 'quote' },
      ]),
    );
    adapter.stream.emit(ltpTick('SBIN', 'NSE', 6));
    expect(a.ticks).toHaveLength(1);
    expect(b.ticks).toHaveLength(1);
  });

  it('reopens a lost stream on a refreshed adapter (a new broker session)', async () => {
    const fresh = new FakeAdapter();
    let refreshes = 0;
    const { feed, adapter, clock } = setup(new FakeAdapter(), async () => {
      refreshes++;
      return fresh;
    });
    const a = new Recorder();
    await feed.apply(a, [{ ref: SBIN, mode: 'quote' }]);
    adapter.marketStream = () => {
      throw new SessionExpiredError('old session');
    };
    adapter.stream.emitStatus({ state: 'closed', reason: 'token expired' });
    await clock.advance(5_000);
    await feed.settled();
    expect(refreshes).toBe(1);
    expect(fresh.stream.calls).toEqual([{ op: 'subscribe', refs: ['NSE:SBIN'], mode: 'quote' }]);
    fresh.stream.emit(ltpTick('SBIN', 'NSE', 3));
    expect(a.ticks).toHaveLength(1);
  });

  it('keeps retrying a lost stream with a growing pause until it reopens', async () => {
    let healthy = false;
    const adapter = new FakeAdapter();
    const { feed, clock } = setup(adapter);
    const a = new Recorder();
    await feed.apply(a, [{ ref: SBIN, mode: 'ltp' }]);
    const open = adapter.marketStream?.bind(adapter);
    let attempts = 0;
    adapter.marketStream = () => {
      attempts++;
      if (!healthy || !open) throw new SessionExpiredError('not logged in');
      return open();
    };
    adapter.stream.emitStatus({ state: 'closed' });
    await clock.advance(5_000); // attempt 1 at +5 s
    await clock.advance(10_000); // attempt 2 at +15 s
    await clock.advance(19_999);
    expect(attempts).toBe(2);
    await clock.advance(1); // attempt 3 at +35 s
    expect(attempts).toBe(3);
    healthy = true;
    await clock.advance(40_000); // attempt 4 at +75 s succeeds
    await feed.settled();
    expect(attempts).toBe(4);
    expect(adapter.marketStreams).toHaveLength(2);
    expect(adapter.stream.subscribed.get('NSE:SBIN')).toBe('ltp');
    await clock.advance(600_000);
    expect(attempts).toBe(4); // nothing left to retry
  });

  it('stops retrying a lost stream once nobody wants it', async () => {
    const { feed, adapter, clock } = setup();
    const a = new Recorder();
    await feed.apply(a, [{ ref: SBIN, mode: 'ltp' }]);
    adapter.stream.emitStatus({ state: 'closed' });
    await feed.apply(a, [{ ref: SBIN, mode: 'none' }]);
    await clock.advance(5_000);
    await feed.settled();
    expect(adapter.marketStreams).toHaveLength(1);
    expect(feed.stats()).toEqual({ upstreamInstruments: 0, demandedInstruments: 0, streamOpen: false });
  });

  it('drops malformed ticks and survives a throwing subscriber', async () => {
    const { feed, adapter, logger } = setup();
    const thrower: MarketSubscriber = {
      onTick() {
        throw new Error('boom');
      },
    };
    const good = new Recorder();
    await feed.apply(thrower, [{ ref: SBIN, mode: 'ltp' }]);
    await feed.apply(good, [{ ref: SBIN, mode: 'ltp' }]);
    adapter.stream.emit({ ...ltpTick('SBIN', 'NSE', 1), mode: 'full' } as unknown as Tick);
    adapter.stream.emit({ ...ltpTick('SBIN', 'NSE', 1), ltp: Number.NaN });
    expect(good.ticks).toHaveLength(0);
    adapter.stream.emit(ltpTick('SBIN', 'NSE', 2));
    expect(good.ticks).toHaveLength(1);
    expect(logger.messages()).toContain('dropped malformed tick');
    expect(logger.messages()).toContain('tick delivery failed');
  });

  it('uses the newest adapter for the next stream it opens', async () => {
    const { feed, adapter } = setup();
    const a = new Recorder();
    await feed.apply(a, [{ ref: SBIN, mode: 'ltp' }]);
    const fresh = new FakeAdapter();
    feed.useAdapter(fresh);
    expect(fresh.marketStreams).toHaveLength(0); // the open stream is not disturbed
    await feed.apply(a, [{ ref: SBIN, mode: 'none' }]);
    await feed.apply(a, [{ ref: SBIN, mode: 'ltp' }]);
    expect(adapter.marketStreams).toHaveLength(1);
    expect(fresh.marketStreams).toHaveLength(1);
  });

  it('close() closes the stream and ignores later changes', async () => {
    const { feed, adapter } = setup();
    const a = new Recorder();
    await feed.apply(a, [{ ref: SBIN, mode: 'ltp' }]);
    await feed.close();
    expect(adapter.stream.closed).toBe(true);
    await feed.apply(a, [{ ref: INFY, mode: 'ltp' }]);
    expect(adapter.marketStreams).toHaveLength(1);
  });
});

describe('SharedMarketStream delivery and health', () => {
  it('hands every subscriber of one tick the same frozen copy, fresh for each tick', async () => {
    const { feed, adapter } = setup();
    const a = new Recorder();
    const b = new Recorder();
    await feed.apply(a, [{ ref: SBIN, mode: 'ltp' }]);
    await feed.apply(b, [{ ref: SBIN, mode: 'quote' }]);
    const tick = ltpTick('SBIN', 'NSE', 1);
    adapter.stream.emit(tick);
    adapter.stream.emit(tick);
    expect(a.ticks[0]).toBe(b.ticks[0]);
    expect(a.ticks[0]).not.toBe(tick);
    expect(a.ticks[1]).not.toBe(a.ticks[0]);
    expect(Object.isFrozen(a.ticks[0])).toBe(true);
    expect(a.ticks[0]).toEqual(tick);
  });

  it('counts a fresh stream as flowing until the adapter reports it is not open', async () => {
    const { feed, adapter } = setup();
    expect(feed.flowing).toBe(false);
    await feed.apply(new Recorder(), [{ ref: SBIN, mode: 'ltp' }]);
    expect(feed.status).toBe('connecting');
    expect(feed.flowing).toBe(true);
    adapter.stream.emitStatus({ state: 'connecting' });
    expect(feed.flowing).toBe(false);
    adapter.stream.emitStatus({ state: 'open' });
    expect(feed.flowing).toBe(true);
    adapter.stream.emitStatus({ state: 'reconnecting' });
    expect(feed.flowing).toBe(false);
  });
});
