import { BrokerUnavailableError } from '@openalgo/core';
import { describe, expect, it } from 'vitest';
import { parseMode } from '../../src/ws/index.js';
import { marketData } from './client.js';
import { depthTick, feedBroker } from './fakes.js';
import { API_KEY, startFeed } from './setup.js';

const ok = (symbol: string, exchange: string, mode: string, depth = 5) => ({
  symbol,
  exchange,
  status: 'success',
  mode,
  depth,
  broker: 'fakebroker',
});

describe('subscribe', () => {
  it('subscribes a single symbol (the Python SDK’s form) with OpenAlgo’s reply shape', async () => {
    const f = await startFeed();
    const client = await f.client();
    const reply = await client.subscribe({ symbol: 'SBIN', exchange: 'NSE', mode: 2, depth: 5 });
    expect(reply).toEqual({
      type: 'subscribe',
      status: 'success',
      subscriptions: [ok('SBIN', 'NSE', 'Quote')],
      message: 'Subscription processing complete',
      broker: 'fakebroker',
    });
    expect(f.adapter.stream.calls).toEqual([{ op: 'subscribe', refs: ['NSE:SBIN'], mode: 'quote' }]);
    expect(f.feed.stats()).toMatchObject({
      clientSubscriptions: 1,
      upstreamStreams: 1,
      upstreamInstruments: 1,
    });
  });

  it('subscribes a list in one upstream call and echoes request_id', async () => {
    const f = await startFeed();
    const client = await f.client();
    const reply = await client.subscribe({
      symbols: [
        { symbol: 'SBIN', exchange: 'NSE' },
        { symbol: 'NIFTY', exchange: 'NSE_INDEX' },
      ],
      mode: 'LTP',
      request_id: 'req-7',
    });
    expect(reply).toMatchObject({
      status: 'success',
      request_id: 'req-7',
      subscriptions: [ok('SBIN', 'NSE', 'LTP'), ok('NIFTY', 'NSE_INDEX', 'LTP')],
    });
    expect(f.adapter.stream.calls).toEqual([
      { op: 'subscribe', refs: ['NSE:SBIN', 'NSE_INDEX:NIFTY'], mode: 'ltp' },
    ]);
  });

  it('reports bad entries one by one and subscribes the rest (partial)', async () => {
    const f = await startFeed();
    const client = await f.client();
    const reply = await client.subscribe({
      symbols: [
        { symbol: 'SBIN', exchange: 'NSE' },
        { symbol: 'NOPE', exchange: 'NSE' },
        { symbol: 'SBIN', exchange: 'XYZ' },
        'SBIN',
        { symbol: '', exchange: 'NSE' },
        { symbol: 'infy ', exchange: ' nse' },
        { symbol: 'INFY', exchange: 'nse', mode: 'bogus' },
      ],
      mode: 1,
    });
    expect(reply.status).toBe('partial');
    expect(reply.message).toBe('Subscribed 1 of 7');
    const subs = reply.subscriptions as Array<Record<string, unknown>>;
    expect(subs[0]).toEqual(ok('SBIN', 'NSE', 'LTP'));
    expect(subs[1]).toEqual({
      symbol: 'NOPE',
      exchange: 'NSE',
      status: 'error',
      message: "Symbol 'NOPE' not found for exchange 'NSE'",
      broker: 'fakebroker',
    });
    expect(subs[2]).toMatchObject({ symbol: 'SBIN', exchange: 'XYZ', status: 'error' });
    expect(subs[2]?.message).toMatch(/^exchange must be one of NSE, BSE/);
    expect(subs[3]).toMatchObject({
      status: 'error',
      message: 'Each entry must be an object {symbol, exchange}',
    });
    expect(subs[4]).toMatchObject({
      status: 'error',
      message: expect.stringMatching(/^symbol must be a non-empty/),
    });
    // Exchange case and spaces are forgiven; symbols are matched as given (trimmed).
    expect(subs[5]).toMatchObject({ symbol: 'infy', exchange: 'NSE', status: 'error' });
    expect(subs[6]).toMatchObject({ symbol: 'INFY', exchange: 'NSE', status: 'error' });
    expect(subs[6]?.message).toMatch(/^Invalid mode "bogus"/);
    expect(f.adapter.stream.calls).toEqual([{ op: 'subscribe', refs: ['NSE:SBIN'], mode: 'ltp' }]);
  });

  it('answers status error when nothing could be subscribed, and opens no upstream', async () => {
    const f = await startFeed();
    const client = await f.client();
    const reply = await client.subscribe({ symbols: [{ symbol: 'NOPE', exchange: 'NSE' }] });
    expect(reply).toMatchObject({ type: 'subscribe', status: 'error', message: 'Subscribed 0 of 1' });
    expect(f.adapter.marketStreams).toHaveLength(0);
  });

  it.each([
    [1, 'LTP'],
    [2, 'Quote'],
    [3, 'Depth'],
    ['ltp', 'LTP'],
    ['LTP', 'LTP'],
    ['Quote', 'Quote'],
    ['QUOTE', 'Quote'],
    [' quote ', 'Quote'],
    ['DePtH', 'Depth'],
    ['3', 'Depth'],
    [null, 'Quote'],
    [undefined, 'Quote'],
  ])('reads mode %j as %s', async (mode, label) => {
    const f = await startFeed();
    const client = await f.client();
    const reply = await client.subscribe({ symbol: 'SBIN', exchange: 'NSE', mode });
    expect((reply.subscriptions as Array<Record<string, unknown>>)[0]?.mode).toBe(label);
    expect(f.adapter.stream.calls[0]).toMatchObject({ mode: label.toLowerCase() });
  });

  it.each([0, 4, 2.5, -1, true, 'FULL', '', 'L T P', [1], { mode: 1 }])(
    'refuses mode %j with INVALID_MODE',
    async (mode) => {
      const f = await startFeed();
      const client = await f.client();
      const reply = await client.subscribe({ symbol: 'SBIN', exchange: 'NSE', mode, request_id: 9 });
      expect(reply).toMatchObject({ status: 'error', code: 'INVALID_MODE', request_id: 9 });
      expect(reply.message).toMatch(/^Invalid mode/);
      expect(f.adapter.marketStreams).toHaveLength(0);
    },
  );

  it('parses modes exactly as documented (unit)', () => {
    expect(parseMode(undefined, 1)).toEqual({ ok: true, mode: 1 });
    expect(parseMode(false).ok).toBe(false);
    expect(parseMode(Number.NaN).ok).toBe(false);
  });

  it.each([0, 51, 'x', 1.5, -5, true])('refuses depth %j with INVALID_PARAMETERS', async (depth) => {
    const f = await startFeed();
    const client = await f.client();
    const reply = await client.subscribe({ symbol: 'SBIN', exchange: 'NSE', mode: 3, depth });
    expect(reply).toEqual({
      status: 'error',
      code: 'INVALID_PARAMETERS',
      message: 'depth must be a whole number of book levels from 1 to 50 (default 5)',
    });
  });

  it.each([
    [{}, /^At least one symbol must be specified/],
    [{ symbols: [] }, /^At least one symbol must be specified/],
    [{ symbol: 'SBIN' }, /^At least one symbol must be specified/],
    [{ symbols: 'SBIN' }, /^symbols must be a list/],
    [{ symbols: { symbol: 'SBIN', exchange: 'NSE' } }, /^symbols must be a list/],
  ])('refuses %j with INVALID_PARAMETERS', async (body, message) => {
    const f = await startFeed();
    const client = await f.client();
    const reply = await client.subscribe(body);
    expect(reply).toMatchObject({ status: 'error', code: 'INVALID_PARAMETERS' });
    expect(reply.message).toMatch(message);
  });

  it('answers BROKER_ERROR when the broker has no market stream', async () => {
    const f = await startFeed({ adapter: feedBroker({ streaming: false }) });
    const client = await f.connect();
    const auth = await client.authenticate(API_KEY);
    expect(auth.supported_features).toEqual({ ltp: false, quote: false, depth: false });
    const reply = await client.subscribe({ symbol: 'SBIN', exchange: 'NSE' });
    expect(reply).toEqual({
      status: 'error',
      code: 'BROKER_ERROR',
      message:
        'Broker fakebroker does not provide a streaming market feed; use the REST quotes/depth endpoints',
    });
  });

  it('reports an upstream refusal per symbol, withdraws the demand and closes the idle stream', async () => {
    const f = await startFeed();
    const client = await f.client();
    await client.subscribe({ symbol: 'INFY', exchange: 'NSE', mode: 1 });
    f.adapter.stream.failNextSubscribe = new BrokerUnavailableError('Kite ticker refused the subscription');
    const reply = await client.subscribe({ symbol: 'SBIN', exchange: 'NSE', mode: 3 });
    expect(reply).toMatchObject({
      status: 'error',
      subscriptions: [
        {
          symbol: 'SBIN',
          exchange: 'NSE',
          status: 'error',
          message: 'Kite ticker refused the subscription',
          broker: 'fakebroker',
        },
      ],
    });
    expect(f.feed.stats().clientSubscriptions).toBe(1);
    // The refused instrument delivers nothing to this client even if the upstream emits it.
    f.adapter.stream.emit(depthTick('SBIN', 'NSE', 800));
    expect((await client.drain()).filter(marketData)).toEqual([]);
    await client.unsubscribe({ symbol: 'INFY', exchange: 'NSE', mode: 1 });
    expect(f.adapter.stream.closed).toBe(true);
  });

  it('hides the text of a non-OpenAlgo upstream failure', async () => {
    const f = await startFeed();
    const client = await f.client();
    await client.subscribe({ symbol: 'INFY', exchange: 'NSE' });
    f.adapter.stream.failNextSubscribe = new Error('socket hang up at 10.0.0.7 token=abc');
    const reply = await client.subscribe({ symbol: 'SBIN', exchange: 'NSE' });
    const item = (reply.subscriptions as Array<Record<string, unknown>>)[0];
    expect(item).toMatchObject({ status: 'error', message: 'Subscription failed at the broker' });
  });

  it('re-subscribing the same instrument and mode is idempotent upstream', async () => {
    const f = await startFeed();
    const client = await f.client();
    await client.subscribe({ symbol: 'SBIN', exchange: 'NSE', mode: 2 });
    const again = await client.subscribe({ symbol: 'SBIN', exchange: 'NSE', mode: 2 });
    expect(again.status).toBe('success');
    expect(f.adapter.stream.calls).toHaveLength(1);
    expect(f.feed.stats().clientSubscriptions).toBe(1);
  });
});

describe('unsubscribe', () => {
  it('unsubscribes the single form with OpenAlgo’s reply shape; mode defaults to Quote', async () => {
    const f = await startFeed();
    const client = await f.client();
    await client.subscribe({ symbol: 'SBIN', exchange: 'NSE' });
    const reply = await client.unsubscribe({ symbol: 'SBIN', exchange: 'NSE', request_id: 'u1' });
    expect(reply).toEqual({
      type: 'unsubscribe',
      status: 'success',
      message: 'Unsubscription processing complete',
      successful: [
        { symbol: 'SBIN', exchange: 'NSE', status: 'success', mode: 'Quote', broker: 'fakebroker' },
      ],
      failed: [],
      broker: 'fakebroker',
      request_id: 'u1',
    });
    expect(f.adapter.stream.calls.slice(1)).toEqual([
      { op: 'unsubscribe', refs: ['NSE:SBIN'] },
      { op: 'close' },
    ]);
  });

  it('honours a per-symbol mode over the message mode and reports what was not subscribed (partial)', async () => {
    const f = await startFeed();
    const client = await f.client();
    await client.subscribe({ symbols: [{ symbol: 'SBIN', exchange: 'NSE' }], mode: 1 });
    await client.subscribe({ symbols: [{ symbol: 'INFY', exchange: 'NSE' }], mode: 3 });
    const reply = await client.unsubscribe({
      symbols: [
        { symbol: 'SBIN', exchange: 'NSE', mode: 'ltp' },
        { symbol: 'INFY', exchange: 'NSE' },
        { symbol: 'TCS', exchange: 'BSE' },
      ],
      mode: 3,
    });
    expect(reply.status).toBe('partial');
    expect(reply.successful).toEqual([
      { symbol: 'SBIN', exchange: 'NSE', status: 'success', mode: 'LTP', broker: 'fakebroker' },
      { symbol: 'INFY', exchange: 'NSE', status: 'success', mode: 'Depth', broker: 'fakebroker' },
    ]);
    expect(reply.failed).toEqual([
      {
        symbol: 'TCS',
        exchange: 'BSE',
        status: 'error',
        message: 'Not subscribed to TCS on BSE in Depth mode',
        broker: 'fakebroker',
      },
    ]);
    expect(f.adapter.stream.calls.at(-2)).toEqual({ op: 'unsubscribe', refs: ['NSE:SBIN', 'NSE:INFY'] });
  });

  it('says which modes are held when the mode does not match (status error), and keeps the subscription', async () => {
    const f = await startFeed();
    const client = await f.client();
    await client.subscribe({ symbol: 'SBIN', exchange: 'NSE', mode: 1 });
    const reply = await client.unsubscribe({ symbol: 'SBIN', exchange: 'NSE', mode: 2 });
    expect(reply).toMatchObject({
      status: 'error',
      successful: [],
      failed: [{ message: 'Not subscribed to SBIN on NSE in Quote mode (subscribed: LTP)' }],
    });
    expect(f.feed.stats().clientSubscriptions).toBe(1);
    expect(f.adapter.stream.calls).toHaveLength(1);
  });

  it('refuses a bad message mode with INVALID_MODE and a bad list with INVALID_PARAMETERS', async () => {
    const f = await startFeed();
    const client = await f.client();
    expect(await client.unsubscribe({ symbol: 'SBIN', exchange: 'NSE', mode: 9 })).toMatchObject({
      status: 'error',
      code: 'INVALID_MODE',
    });
    expect(await client.unsubscribe({})).toMatchObject({ status: 'error', code: 'INVALID_PARAMETERS' });
  });

  it('unsubscribe_all releases every instrument and mode', async () => {
    const f = await startFeed();
    const client = await f.client();
    await client.subscribe({ symbols: [{ symbol: 'SBIN', exchange: 'NSE' }], mode: 1 });
    await client.subscribe({ symbols: [{ symbol: 'SBIN', exchange: 'NSE' }], mode: 3 });
    await client.subscribe({ symbols: [{ symbol: 'NIFTY', exchange: 'NSE_INDEX' }], mode: 2 });
    const reply = await client.request(
      { action: 'unsubscribe_all', request_id: 'all' },
      (m) => m.type === 'unsubscribe',
    );
    expect(reply).toEqual({
      type: 'unsubscribe',
      status: 'success',
      message: 'Unsubscription processing complete',
      successful: [
        { symbol: 'SBIN', exchange: 'NSE', status: 'success', mode: 'LTP', broker: 'fakebroker' },
        { symbol: 'SBIN', exchange: 'NSE', status: 'success', mode: 'Depth', broker: 'fakebroker' },
        { symbol: 'NIFTY', exchange: 'NSE_INDEX', status: 'success', mode: 'Quote', broker: 'fakebroker' },
      ],
      failed: [],
      broker: 'fakebroker',
      request_id: 'all',
    });
    expect(f.adapter.stream.closed).toBe(true);
    expect(f.adapter.stream.subscribed.size).toBe(0);
    expect(f.feed.stats()).toMatchObject({
      clientSubscriptions: 0,
      upstreamStreams: 0,
      upstreamInstruments: 0,
    });
    // Nothing held: unsubscribe_all again is still a success with nothing in it.
    const empty = await client.request({ type: 'unsubscribe_all' }, (m) => m.type === 'unsubscribe');
    expect(empty).toMatchObject({ status: 'success', successful: [], failed: [] });
  });
});
