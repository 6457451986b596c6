import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FEED_ERROR_CODES } from '../../src/ws/index.js';
import { parseIncoming } from '../../src/ws/messages.js';
import { API_KEY, startFeed } from './setup.js';

describe('feed protocol: framing and errors', () => {
  it.each([
    ['not json', 'Invalid JSON message'],
    ['{"action": "ping"', 'Invalid JSON message'],
    ['[1,2,3]', 'Invalid JSON message: expected a JSON object'],
    ['"subscribe"', 'Invalid JSON message: expected a JSON object'],
    ['null', 'Invalid JSON message: expected a JSON object'],
  ])('answers INVALID_JSON to %j', async (frame, message) => {
    const f = await startFeed();
    const client = await f.client();
    expect(await client.request(frame)).toEqual({ status: 'error', code: 'INVALID_JSON', message });
  });

  it('answers INVALID_JSON to a binary frame', async () => {
    const f = await startFeed();
    const client = await f.client();
    client.ws.send(Buffer.from('{"action":"ping"}'), { binary: true });
    expect(await client.next()).toEqual({
      status: 'error',
      code: 'INVALID_JSON',
      message: 'Invalid JSON message: send text frames',
    });
  });

  it.each([
    [{ action: 'dance' }, 'Invalid action: dance'],
    [{ foo: 1 }, 'Missing action: send "action" (or "type")'],
    [{ action: '' }, 'Missing action: send "action" (or "type")'],
    [{ action: 7 }, 'Invalid action: 7'],
  ])('answers INVALID_ACTION to %j', async (message, text) => {
    const f = await startFeed();
    const client = await f.connect(); // the action check comes before the auth check, as in OpenAlgo
    expect(await client.request(message)).toEqual({ status: 'error', code: 'INVALID_ACTION', message: text });
  });

  it('caps how much of a bad action it echoes', () => {
    const parsed = parseIncoming(JSON.stringify({ action: 'x'.repeat(5000) }));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message.length).toBeLessThan(80);
  });

  it.each([
    'subscribe',
    'unsubscribe',
    'unsubscribe_all',
    'get_broker_info',
    'get_supported_brokers',
    'subscribe_orders',
    'unsubscribe_orders',
  ])('answers NOT_AUTHENTICATED to %s before authentication', async (action) => {
    const f = await startFeed();
    const client = await f.connect();
    const reply = await client.request({ action, symbol: 'SBIN', exchange: 'NSE', request_id: 'r1' });
    expect(reply).toEqual({
      status: 'error',
      code: 'NOT_AUTHENTICATED',
      message: 'You must authenticate first',
      request_id: 'r1',
    });
    expect(f.adapter.marketStreams).toHaveLength(0);
  });

  it('answers ping with the server time and echoes timestamp and _pingId, even before auth', async () => {
    const f = await startFeed();
    const client = await f.connect();
    const pong = await client.request({ action: 'ping', timestamp: 1234, _pingId: 'abc' });
    expect(pong).toEqual({
      type: 'pong',
      status: 'success',
      server_timestamp: f.clock.now(),
      client_timestamp: 1234,
      _pingId: 'abc',
    });
    await f.clock.advance(500);
    expect(await client.request({ type: 'ping' })).toEqual({
      type: 'pong',
      status: 'success',
      server_timestamp: f.clock.now(),
    });
  });

  it('answers get_broker_info with the account and the upstream state', async () => {
    const f = await startFeed();
    const client = await f.client();
    const info = () => client.request({ action: 'get_broker_info' }, (m) => m.type === 'broker_info');
    expect(await info()).toEqual({
      type: 'broker_info',
      status: 'success',
      broker: 'fakebroker',
      adapter_status: 'disconnected',
      user_id: 'USER1',
      supported_features: { ltp: true, quote: true, depth: true },
    });
    await client.subscribe({ symbol: 'SBIN', exchange: 'NSE' });
    expect((await info()).adapter_status).toBe('connecting');
    f.adapter.stream.emitStatus({ state: 'open' });
    expect((await info()).adapter_status).toBe('connected');
    f.adapter.stream.emitStatus({ state: 'reconnecting' });
    expect((await info()).adapter_status).toBe('reconnecting');
  });

  it('answers get_supported_brokers from the option, else with the client’s broker', async () => {
    const plain = await startFeed();
    const a = await plain.client();
    expect(await a.request({ action: 'get_supported_brokers' })).toEqual({
      type: 'supported_brokers',
      status: 'success',
      brokers: ['fakebroker'],
      count: 1,
    });
    const listed = await startFeed({ supportedBrokers: () => ['sandbox', 'zerodha'] });
    const b = await listed.client();
    expect(await b.request({ action: 'get_supported_brokers' })).toMatchObject({
      brokers: ['sandbox', 'zerodha'],
      count: 2,
    });
  });

  it('handles pipelined requests in order: authenticate then subscribe without waiting', async () => {
    const f = await startFeed();
    const client = await f.connect();
    client.send({ action: 'authenticate', api_key: API_KEY });
    client.send({ action: 'subscribe', symbol: 'SBIN', exchange: 'NSE', mode: 1 });
    client.send({ action: 'get_broker_info' });
    const replies = [await client.next(), await client.next(), await client.next()];
    expect(replies.map((r) => [r.type, r.status])).toEqual([
      ['auth', 'success'],
      ['subscribe', 'success'],
      ['broker_info', 'success'],
    ]);
  });

  it('answers a flood of requests completely and in order (the socket is paused, not dropped)', async () => {
    const f = await startFeed();
    const client = await f.client();
    for (let i = 0; i < 3000; i++) client.send({ action: 'ping', _pingId: i });
    const pongs = await client.drain();
    expect(pongs.map((p) => p._pingId)).toEqual(Array.from({ length: 3000 }, (_, i) => i));
  });

  it('survives thousands of random and mutated frames: every reply is well formed and the feed keeps serving', async () => {
    const f = await startFeed();
    const client = await f.client();
    const actions = ['subscribe', 'unsubscribe', 'unsubscribe_all', 'ping', 'auth', 'get_broker_info', 'x'];
    const anyValue = fc.oneof(
      fc.jsonValue(),
      fc.constantFrom('SBIN', 'NSE', 'nse', 'LTP', 'depth', 3, 0, -1, 1e308, '2', null),
    );
    const item = fc.dictionary(fc.constantFrom('symbol', 'exchange', 'mode', 'x'), anyValue);
    const body = fc.record(
      {
        action: fc.oneof(fc.constantFrom(...actions), anyValue),
        symbols: fc.oneof(fc.array(fc.oneof(item, anyValue), { maxLength: 6 }), anyValue),
        symbol: anyValue,
        exchange: fc.oneof(fc.constantFrom('NSE', 'BSE', 'NSE_INDEX'), anyValue),
        mode: anyValue,
        depth: anyValue,
        request_id: anyValue,
        api_key: anyValue,
      },
      { requiredKeys: [] },
    );
    const frames = fc.oneof(
      body.map((b) => JSON.stringify(b)),
      fc.string(),
      body.map((b) => JSON.stringify(b).slice(0, -1)),
    );
    const samples = fc.sample(frames, { numRuns: 2000, seed: 4242 });
    for (const frame of samples) client.send(frame);
    const replies = await client.drain();
    expect(replies).toHaveLength(samples.length); // exactly one answer per frame
    for (const reply of replies) {
      expect(['success', 'partial', 'error']).toContain(reply.status);
      if (reply.status === 'error' && reply.code !== undefined) {
        expect(FEED_ERROR_CODES).toContain(reply.code);
        expect(reply.code).not.toBe('SERVER_ERROR');
        expect(typeof reply.message).toBe('string');
      }
    }
    expect(f.feed.stats().clients).toBe(1);
    const after = await client.subscribe({ symbol: 'SBIN', exchange: 'NSE', mode: 1 });
    expect(after.status).toBe('success');
  });
});
