import { describe, expect, it } from 'vitest';
import type { Tick } from '../../src/model/market.js';
import { MarketStreams, type StreamLogin } from '../../src/stream/market-streams.js';
import type { MarketSubscriber } from '../../src/stream/shared-market-stream.js';
import { FakeAdapter, RecordingLogger } from '../../src/testing/index.js';
import { ManualClock } from '../../src/time/clock.js';
import { ltpTick } from './helpers.js';

const SBIN = { symbol: 'SBIN', exchange: 'NSE' } as const;
const subscriber = (): MarketSubscriber & { ticks: Tick[] } => {
  const ticks: Tick[] = [];
  return { ticks, onTick: (tick) => void ticks.push(tick) };
};

describe('MarketStreams', () => {
  it('gives every consumer of one broker login the same stream, so the login opens one socket', async () => {
    const streams = new MarketStreams({ clock: new ManualClock(), logger: new RecordingLogger() });
    const source = new FakeAdapter();
    const login = { broker: 'fakebroker', userId: 'U1' };
    const feedClient = subscriber();
    const analyzer = subscriber();
    await streams.streamFor(login, source).apply(feedClient, [{ ref: SBIN, mode: 'ltp' }]);
    await streams.streamFor({ ...login }, source).apply(analyzer, [{ ref: SBIN, mode: 'depth' }]);
    expect(source.marketStreams).toHaveLength(1);
    expect(source.stream.calls).toEqual([
      { op: 'subscribe', refs: ['NSE:SBIN'], mode: 'ltp' },
      { op: 'subscribe', refs: ['NSE:SBIN'], mode: 'depth' },
    ]);
    source.stream.emit(ltpTick('SBIN', 'NSE', 801));
    expect(feedClient.ticks).toHaveLength(1);
    expect(analyzer.ticks).toHaveLength(1);
    expect(streams.all()).toHaveLength(1);
    await streams.close();
    expect(source.stream.closed).toBe(true);
  });

  it('keeps logins apart and hands the newest adapter to the login’s next stream', async () => {
    const streams = new MarketStreams({ clock: new ManualClock(), logger: new RecordingLogger() });
    const first = new FakeAdapter();
    const other = new FakeAdapter();
    const a = streams.streamFor({ broker: 'fakebroker', userId: 'U1' }, first);
    const b = streams.streamFor({ broker: 'fakebroker', userId: 'U2' }, other);
    expect(a).not.toBe(b);
    const fresh = new FakeAdapter();
    expect(streams.streamFor({ broker: 'fakebroker', userId: 'U1' }, fresh)).toBe(a);
    await a.apply(subscriber(), [{ ref: SBIN, mode: 'quote' }]);
    expect(first.marketStreams).toHaveLength(0);
    expect(fresh.marketStreams).toHaveLength(1);
    await streams.close();
  });

  it('asks for a refreshed adapter of the right login before reopening a lost stream', async () => {
    const clock = new ManualClock();
    const fresh = new FakeAdapter();
    const asked: StreamLogin[] = [];
    const streams = new MarketStreams({
      clock,
      logger: new RecordingLogger(),
      reopenDelayMs: 1_000,
      refreshAdapter: async (login) => {
        asked.push(login);
        return fresh;
      },
    });
    const old = new FakeAdapter();
    const stream = streams.streamFor({ broker: 'fakebroker', userId: 'U1' }, old);
    await stream.apply(subscriber(), [{ ref: SBIN, mode: 'quote' }]);
    old.stream.emitStatus({ state: 'closed', reason: 'token expired' });
    await clock.advance(1_000);
    await stream.settled();
    expect(asked).toEqual([{ broker: 'fakebroker', userId: 'U1' }]);
    expect(fresh.stream.subscribed.get('NSE:SBIN')).toBe('quote');
    await streams.close();
  });
});
