import {
  AuthFailedError,
  type Instrument,
  InstrumentIndex,
  NetworkError,
  SessionExpiredError,
} from '@openalgo/core';
import { describe, expect, it } from 'vitest';
import { marketDataPayload } from '../../src/ws/index.js';
import { type Json, marketData } from './client.js';
import { depthTick, feedBroker, ltpTick } from './fakes.js';
import { startFeed } from './setup.js';

const SBIN = { symbol: 'SBIN', exchange: 'NSE' };

function modesOf(messages: Json[]): unknown[] {
  return messages.filter(marketData).map((m) => m.mode);
}

describe('several modes of one symbol on one connection', () => {
  it('delivers LTP, Quote and Depth of one symbol, each in its own shape, as the Python client subscribes', async () => {
    const f = await startFeed();
    const client = await f.client();
    // The Python client's subscribe_ltp / subscribe_quote / subscribe_depth: one message per mode.
    for (const mode of [1, 2, 3]) {
      const reply = await client.subscribe({ symbols: [SBIN], mode });
      expect(reply).toMatchObject({ type: 'subscribe', status: 'success' });
    }
    const tick = depthTick('SBIN', 'NSE', 800);
    f.adapter.stream.emit(tick);
    const got = (await client.drain()).filter(marketData);
    expect(got.map((m) => m.mode)).toEqual([1, 2, 3]);
    for (const message of got) {
      const mode = message.mode as 1 | 2 | 3;
      expect(message).toEqual({
        type: 'market_data',
        symbol: 'SBIN',
        exchange: 'NSE',
        mode,
        broker: 'fakebroker',
        data: marketDataPayload(tick, mode, 5),
      });
    }
    // One upstream subscription at the richest mode serves all three.
    expect(f.adapter.stream.callsOf('subscribe').map((c) => c.mode)).toEqual(['ltp', 'quote', 'depth']);
  });

  it('unsubscribing one mode removes only that mode', async () => {
    const f = await startFeed();
    const client = await f.client();
    await client.subscribe({
      symbols: [
        { ...SBIN, mode: 1 },
        { ...SBIN, mode: 2 },
        { ...SBIN, mode: 3 },
      ],
    });
    const reply = await client.unsubscribe({ symbols: [SBIN], mode: 2 });
    expect(reply).toMatchObject({ status: 'success', successful: [{ symbol: 'SBIN', mode: 'Quote' }] });
    f.adapter.stream.emit(depthTick('SBIN', 'NSE', 801));
    expect(modesOf(await client.drain())).toEqual([1, 3]);

    await client.unsubscribe({ symbols: [SBIN], mode: 3 });
    // The upstream is downgraded to what is left (LTP); the LTP subscriber keeps its ticks.
    expect(f.adapter.stream.calls.at(-1)).toEqual({ op: 'subscribe', refs: ['NSE:SBIN'], mode: 'ltp' });
    f.adapter.stream.emit(ltpTick('SBIN', 'NSE', 802));
    expect(modesOf(await client.drain())).toEqual([1]);
  });

  it('a poorer tick reaches a Quote + Depth holder once, in the tick’s own mode', async () => {
    const f = await startFeed();
    const client = await f.client();
    await client.subscribe({
      symbols: [
        { ...SBIN, mode: 2 },
        { ...SBIN, mode: 3 },
      ],
    });
    f.adapter.stream.emit(ltpTick('SBIN', 'NSE', 803));
    expect(modesOf(await client.drain())).toEqual([1]);
  });
});

function manyInstruments(count: number): Instrument[] {
  return Array.from({ length: count }, (_, i) => ({
    symbol: `SYM${i}`,
    exchange: 'NSE' as const,
    brsymbol: `SYM${i}-EQ`,
    brexchange: 'NSE',
    token: String(10_000 + i),
    name: `SYM${i}`,
    expiry: '',
    strike: 0,
    lotSize: 1,
    tickSize: 0.05,
    instrumentType: 'EQ',
  }));
}

describe('subscribe size', () => {
  it('takes 1,500 symbols in one message and streams every one of them', async () => {
    const rows = manyInstruments(1_500);
    const f = await startFeed();
    const account = f.resolver.accounts.values().next().value;
    if (!account) throw new Error('no account');
    account.instruments = InstrumentIndex.fromRows(rows);
    const client = await f.client();
    const symbols = rows.map((r) => ({ symbol: r.symbol, exchange: r.exchange }));
    const reply = await client.subscribe({ symbols, mode: 'LTP' });
    expect(reply).toMatchObject({ type: 'subscribe', status: 'success' });
    const subscriptions = reply.subscriptions as Json[];
    expect(subscriptions).toHaveLength(1_500);
    expect(subscriptions.every((s) => s.status === 'success' && s.mode === 'LTP')).toBe(true);
    // The adapter batches to its broker's per-message limit; the shared stream hands it all at once.
    const upstream = f.adapter.stream.callsOf('subscribe').flatMap((c) => c.refs);
    expect(new Set(upstream).size).toBe(1_500);
    expect(f.feed.stats()).toMatchObject({ clientSubscriptions: 1_500, upstreamInstruments: 1_500 });
    f.adapter.stream.emit(ltpTick('SYM1499', 'NSE', 42));
    const got = (await client.drain()).filter(marketData);
    expect(got.map((m) => m.symbol)).toEqual(['SYM1499']);
  });
});

describe('broker failures while subscribing', () => {
  it.each([
    ['a refused session', new SessionExpiredError('session expired'), 'BROKER_INIT_ERROR'],
    ['an unreachable broker', new NetworkError('connect ECONNREFUSED'), 'BROKER_CONNECTION_ERROR'],
  ])('answers OpenAlgo’s error shape with its code for %s', async (_what, error, code) => {
    const f = await startFeed();
    const client = await f.client();
    await client.subscribe({ symbol: 'INFY', exchange: 'NSE' }); // opens the stream
    f.adapter.stream.failNextSubscribe = error;
    const reply = await client.subscribe({ symbol: 'SBIN', exchange: 'NSE', mode: 1, request_id: 'r7' });
    expect(reply).toMatchObject({
      type: 'subscribe',
      status: 'error',
      code,
      message: expect.stringContaining(error.message),
      request_id: 'r7',
    });
    expect(reply.subscriptions).toEqual([
      expect.objectContaining({ symbol: 'SBIN', status: 'error', code, broker: 'fakebroker' }),
    ]);
  });

  it('answers BROKER_INIT_ERROR when the adapter cannot open a market stream', async () => {
    const adapter = feedBroker();
    adapter.faults.always('marketStream', new AuthFailedError('feed token refused'));
    const f = await startFeed({ adapter });
    const client = await f.client();
    const reply = await client.subscribe({ symbol: 'SBIN', exchange: 'NSE' });
    expect(reply).toMatchObject({ status: 'error', code: 'BROKER_INIT_ERROR' });
    expect(reply.message).toContain('feed token refused');
  });

  it('keeps per-symbol errors without a code when the broker refuses only an instrument', async () => {
    const f = await startFeed();
    const client = await f.client();
    await client.subscribe({ symbol: 'INFY', exchange: 'NSE' });
    f.adapter.stream.rejects.add('NSE:SBIN');
    const reply = await client.subscribe({ symbols: [SBIN, { symbol: 'RELIANCE', exchange: 'NSE' }] });
    expect(reply.status).toBe('partial');
    expect(reply.code).toBeUndefined();
    const failed = (reply.subscriptions as Json[]).find((s) => s.status === 'error');
    expect(failed).toMatchObject({ symbol: 'SBIN' });
    expect(failed?.code).toBeUndefined();
  });
});
