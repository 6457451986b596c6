import { ManualClock, MarketStreams } from '@openalgo/core';
import { RecordingLogger } from '@openalgo/core/testing';
import { describe, expect, it } from 'vitest';
import { eventually, marketData } from './client.js';
import { depthTick, feedBroker, ltpTick, makeAccount } from './fakes.js';
import { OTHER_KEY, startFeed } from './setup.js';

const SBIN = { symbol: 'SBIN', exchange: 'NSE' };

describe('shared, reference-counted upstream subscriptions', () => {
  it('two clients on one symbol make one upstream subscribe; the last to leave unsubscribes and closes', async () => {
    const f = await startFeed();
    const a = await f.client();
    const b = await f.client();
    await a.subscribe({ ...SBIN, mode: 2 });
    await b.subscribe({ ...SBIN, mode: 2 });
    expect(f.adapter.marketStreams).toHaveLength(1);
    expect(f.adapter.stream.calls).toEqual([{ op: 'subscribe', refs: ['NSE:SBIN'], mode: 'quote' }]);

    await a.unsubscribe({ ...SBIN, mode: 2 });
    expect(f.adapter.stream.calls).toHaveLength(1);
    expect(f.adapter.stream.subscribed.get('NSE:SBIN')).toBe('quote');
    f.adapter.stream.emit(depthTick('SBIN', 'NSE', 800));
    expect((await b.drain()).filter(marketData)).toHaveLength(1);
    expect((await a.drain()).filter(marketData)).toHaveLength(0);

    await b.unsubscribe({ ...SBIN, mode: 2 });
    expect(f.adapter.stream.calls.slice(1)).toEqual([
      { op: 'unsubscribe', refs: ['NSE:SBIN'] },
      { op: 'close' },
    ]);
    expect(f.adapter.stream.listenerCount).toBe(0);
    expect(f.feed.stats()).toMatchObject({
      upstreamStreams: 0,
      upstreamInstruments: 0,
      clientSubscriptions: 0,
    });
  });

  it('a disconnect releases the client’s subscriptions; the stream closes after the last one', async () => {
    const f = await startFeed();
    const a = await f.client();
    const b = await f.client();
    await a.subscribe({ symbols: [SBIN, { symbol: 'INFY', exchange: 'NSE' }], mode: 1 });
    await b.subscribe({ ...SBIN, mode: 1 });
    await a.close();
    await eventually(() => f.adapter.stream.calls.length === 2, 'INFY to be released');
    expect(f.adapter.stream.calls[1]).toEqual({ op: 'unsubscribe', refs: ['NSE:INFY'] });
    expect(f.adapter.stream.subscribed.has('NSE:SBIN')).toBe(true);
    await b.close();
    await eventually(() => f.adapter.stream.closed, 'the stream to close');
    expect(f.adapter.stream.calls.slice(2)).toEqual([
      { op: 'unsubscribe', refs: ['NSE:SBIN'] },
      { op: 'close' },
    ]);
    expect(f.feed.stats()).toMatchObject({ clients: 0, upstreamStreams: 0 });
  });

  it('upgrades upstream for a richer client and downgrades when it leaves', async () => {
    const f = await startFeed();
    const ltp = await f.client();
    const depth = await f.client();
    await ltp.subscribe({ ...SBIN, mode: 1 });
    await depth.subscribe({ ...SBIN, mode: 3 });
    await depth.close();
    await eventually(() => f.adapter.stream.calls.length === 3, 'the downgrade');
    expect(f.adapter.stream.calls).toEqual([
      { op: 'subscribe', refs: ['NSE:SBIN'], mode: 'ltp' },
      { op: 'subscribe', refs: ['NSE:SBIN'], mode: 'depth' },
      { op: 'subscribe', refs: ['NSE:SBIN'], mode: 'ltp' },
    ]);
    f.adapter.stream.emit(ltpTick('SBIN', 'NSE', 800));
    expect((await ltp.drain()).filter(marketData).map((m) => m.mode)).toEqual([1]);
  });

  it('a lower-mode join does not touch a richer upstream subscription', async () => {
    const f = await startFeed();
    const depth = await f.client();
    const ltp = await f.client();
    await depth.subscribe({ ...SBIN, mode: 3 });
    await ltp.subscribe({ ...SBIN, mode: 1 });
    expect(f.adapter.stream.calls).toEqual([{ op: 'subscribe', refs: ['NSE:SBIN'], mode: 'depth' }]);
    f.adapter.stream.emit(depthTick('SBIN', 'NSE', 800));
    expect((await ltp.next(marketData)).mode).toBe(1);
    expect((await depth.next(marketData)).mode).toBe(3);
  });

  it('keeps accounts apart: each broker login has its own stream and sees only its ticks', async () => {
    const f = await startFeed();
    const other = feedBroker({ broker: 'otherbroker' });
    f.resolver.add(OTHER_KEY, makeAccount(other, f.logger, { accountId: 'acct-2', userId: 'USER2' }));
    const mine = await f.client();
    const theirs = await f.client(OTHER_KEY);
    await mine.subscribe({ ...SBIN, mode: 1 });
    await theirs.subscribe({ ...SBIN, mode: 1 });
    expect(f.adapter.marketStreams).toHaveLength(1);
    expect(other.marketStreams).toHaveLength(1);
    other.stream.emit(ltpTick('SBIN', 'NSE', 123));
    expect((await mine.drain()).filter(marketData)).toHaveLength(0);
    const got = (await theirs.drain()).filter(marketData);
    expect(got).toHaveLength(1);
    expect(got[0]?.broker).toBe('otherbroker');
    expect(f.feed.stats()).toMatchObject({ upstreamStreams: 2, upstreamInstruments: 2 });
  });

  it('two keys of the same broker login share one stream', async () => {
    const f = await startFeed();
    f.resolver.add(OTHER_KEY, makeAccount(f.adapter, f.logger, { accountId: 'acct-1b' }));
    const a = await f.client();
    const b = await f.client(OTHER_KEY);
    await a.subscribe({ ...SBIN, mode: 1 });
    await b.subscribe({ ...SBIN, mode: 1 });
    expect(f.adapter.marketStreams).toHaveLength(1);
    expect(f.adapter.stream.calls).toHaveLength(1);
  });

  it('opens a fresh stream when a new subscription follows an idle close', async () => {
    const f = await startFeed();
    const a = await f.client();
    await a.subscribe({ ...SBIN, mode: 1 });
    await a.unsubscribe({ ...SBIN, mode: 1 });
    expect(f.adapter.marketStreams[0]?.closed).toBe(true);
    await a.subscribe({ ...SBIN, mode: 2 });
    expect(f.adapter.marketStreams).toHaveLength(2);
    expect(f.adapter.stream.calls).toEqual([{ op: 'subscribe', refs: ['NSE:SBIN'], mode: 'quote' }]);
    f.adapter.stream.emit(depthTick('SBIN', 'NSE', 800));
    expect((await a.next(marketData)).mode).toBe(2);
  });

  it('resumes connected clients on a fresh broker session after the stream dies (host streams refresh)', async () => {
    const fresh = feedBroker();
    const clock = new ManualClock();
    const logger = new RecordingLogger();
    const f = await startFeed({
      clock,
      streams: new MarketStreams({ clock, logger, refreshAdapter: async () => fresh }),
    });
    const client = await f.client();
    await client.subscribe({ ...SBIN, mode: 2 });
    f.adapter.stream.emitStatus({ state: 'closed', reason: 'token expired' });
    await f.clock.advance(5_000);
    await eventually(
      () => fresh.marketStreams.length === 1 && fresh.stream.subscribed.size === 1,
      'the new stream',
    );
    expect(fresh.stream.subscribed.get('NSE:SBIN')).toBe('quote');
    fresh.stream.emit(depthTick('SBIN', 'NSE', 810));
    expect((await client.next(marketData)).data).toMatchObject({ ltp: 810, mode: 2 });
  });
});
