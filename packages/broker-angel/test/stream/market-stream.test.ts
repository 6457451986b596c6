import { isOpenAlgoError, type MarketStream, type Tick } from '@openalgo/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAngelMarketStream } from '../../src/stream/market-stream.js';
import type { AngelStreamOptions } from '../../src/stream/options.js';
import { smartStreamError } from '../../src/stream/stream-connection.js';
import {
  eventually,
  FakeSmartStream,
  JWT,
  NIFTY,
  nextTurn,
  SBIN,
  statuses,
  stocks,
  streamOptions,
  USDINR,
} from './fake-smartstream.js';
import { handPacket, SBIN_SNAP } from './hand-packets.js';

let server: FakeSmartStream;
const streams: MarketStream[] = [];

beforeEach(async () => {
  server = await FakeSmartStream.start();
});
afterEach(async () => {
  for (const stream of streams.splice(0)) await stream.close();
  await server.close();
});

function open(overrides: Partial<AngelStreamOptions> = {}) {
  const made = streamOptions(server.url, overrides);
  const stream = createAngelMarketStream(made.options);
  streams.push(stream);
  return { stream, ...made };
}

const controlsOf = (i = 0) => server.connections[i]?.controls ?? [];

describe('Angel SmartStream market stream: connection and subscriptions', () => {
  it('connects on the first subscribe with the four headers, the JWT raw even when given as Bearer', async () => {
    const { stream } = open();
    expect(server.connections).toHaveLength(0);
    await stream.subscribe([SBIN], 'ltp');
    await server.until(() => controlsOf().length === 1);
    expect(server.connections[0]?.headers).toMatchObject({
      authorization: JWT,
      'x-api-key': 'api-key-1',
      'x-client-code': 'A123456',
      'x-feed-token': 'feed-token-1',
    });
    const [control] = controlsOf();
    expect(control).toEqual({
      correlationID: expect.stringMatching(/^.{10}$/),
      action: 1,
      params: { mode: 1, tokenList: [{ exchangeType: 1, tokens: ['3045'] }] },
    });
  });

  it('groups by mode and exchange type in batches of 200 tokens', async () => {
    const { stream } = open();
    await stream.subscribe([...stocks(0, 450), NIFTY, USDINR], 'quote');
    await server.until(() => controlsOf().length === 4);
    const sizes = controlsOf().map((c) => [
      c.params.mode,
      c.params.tokenList[0]?.exchangeType,
      c.params.tokenList[0]?.tokens.length,
    ]);
    expect(sizes).toEqual([
      [2, 1, 200],
      [2, 1, 200],
      [2, 1, 51],
      [2, 13, 1],
    ]);
    expect(new Set(controlsOf().map((c) => c.correlationID)).size).toBe(4);
  });

  it('coalesces many one-instrument subscribe calls into a few messages (OpenAlgo #1352)', async () => {
    const { stream } = open();
    await stream.subscribe([SBIN], 'ltp');
    await server.until(() => controlsOf().length === 1);
    for (const ref of stocks(0, 300)) await stream.subscribe([ref], 'ltp');
    await server.until(() => controlsOf().length === 3);
    await nextTurn();
    expect(
      controlsOf()
        .slice(1)
        .map((c) => c.params.tokenList[0]?.tokens.length),
    ).toEqual([200, 100]);
  });

  it('a mode change unsubscribes the old mode and subscribes the new one; unsubscribe sends action 0', async () => {
    const { stream } = open();
    await stream.subscribe([SBIN, NIFTY], 'ltp');
    await server.until(() => controlsOf().length === 1);
    await stream.subscribe([SBIN], 'depth');
    await server.until(() => controlsOf().length === 3);
    expect(
      controlsOf()
        .slice(1)
        .map((c) => [c.action, c.params.mode, c.params.tokenList[0]?.tokens]),
    ).toEqual([
      [0, 1, ['3045']],
      [1, 3, ['3045']],
    ]);
    await stream.unsubscribe([SBIN, NIFTY]);
    await server.until(() => controlsOf().length === 5);
    expect(FakeSmartStream.subscribed(server.connections[0] as never).size).toBe(0);
  });

  it('resolves everything first: an unknown symbol subscribes nothing', async () => {
    const { stream } = open();
    const err = await stream
      .subscribe([SBIN, { symbol: 'NOPE', exchange: 'NSE' }], 'ltp')
      .catch((e: unknown) => e);
    expect(isOpenAlgoError(err) && err.code).toBe('SYMBOL_NOT_FOUND');
    await nextTurn();
    expect(server.connections).toHaveLength(0);
  });

  it('without a feed token it fails with SESSION_EXPIRED instead of knocking on Angel’s door', async () => {
    const { stream } = open({ feedToken: undefined });
    const err = await stream.subscribe([SBIN], 'ltp').catch((e: unknown) => e);
    expect(isOpenAlgoError(err) && err.code).toBe('SESSION_EXPIRED');
  });
});

describe('Angel SmartStream market stream: ticks', () => {
  it('decodes packets of subscribed instruments into unified ticks; ignores others', async () => {
    const { stream } = open();
    const ticks: Tick[] = [];
    stream.onTick((t) => ticks.push(t));
    await stream.subscribe([SBIN], 'depth');
    await stream.subscribe([NIFTY], 'ltp');
    await server.until(() => controlsOf().length === 2);
    const socket = server.connections[0]?.socket;
    socket?.send(Buffer.from(handPacket({ ...SBIN_SNAP, token: '999' }))); // not subscribed
    socket?.send(Buffer.from(handPacket({ ...SBIN_SNAP, mode: 1 }))); // SBIN is subscribed in mode 3
    socket?.send(Buffer.from(handPacket(SBIN_SNAP)));
    socket?.send(
      Buffer.from(
        handPacket({ ...SBIN_SNAP, mode: 1, token: '99926000', ltp: 2_450_055, exchangeTimestamp: 0 }),
      ),
    );
    await new Promise<void>((resolve) => stream.onTick(() => ticks.length === 2 && resolve()));
    expect(ticks[0]).toMatchObject({
      symbol: 'SBIN',
      exchange: 'NSE',
      mode: 'depth',
      ltp: 812.5,
      timestamp: 1_733_200_000_123,
      volume: 12_345_678,
      close: 807.75,
      oi: 0,
      bids: expect.arrayContaining([{ price: 812.45, quantity: 100, orders: 3 }]),
    });
    expect(ticks[0]?.asks?.[0]).toEqual({ price: 812.55, quantity: 110, orders: 8 });
    // No exchange time on the packet: stamped with the (injected) clock's time of arrival.
    expect(ticks[1]).toEqual({
      symbol: 'NIFTY',
      exchange: 'NSE_INDEX',
      mode: 'ltp',
      ltp: 24500.55,
      timestamp: expect.any(Number),
    });
  });

  it('a malformed packet is logged, not thrown', async () => {
    const { stream, logger } = open();
    await stream.subscribe([SBIN], 'ltp');
    await server.until(() => controlsOf().length === 1);
    server.connections[0]?.socket.send(Buffer.from([1, 1, 0]));
    server.connections[0]?.socket.send('{"not":"an error"}');
    await eventually(() => logger.messages().includes('stream: unreadable SmartStream packet'));
  });
});

describe('Angel SmartStream market stream: the connection pool (OpenAlgo #648)', () => {
  it('spreads 2,500 instruments over three connections of at most 1,000 and refuses the 3,001st', async () => {
    const { stream } = open();
    await stream.subscribe(stocks(0, 2500), 'ltp');
    await server.until(
      () => server.connections.length === 3 && server.connections.every((c) => c.controls.length > 0),
    );
    await server.until(
      () => server.connections.reduce((n, c) => n + FakeSmartStream.subscribed(c).size, 0) === 2500,
    );
    expect(server.connections.map((c) => FakeSmartStream.subscribed(c).size)).toEqual([1000, 1000, 500]);
    const err = await stream.subscribe(stocks(2500, 500).concat([SBIN]), 'ltp').catch((e: unknown) => e);
    expect(isOpenAlgoError(err) && err.code).toBe('INVALID_REQUEST');
    expect((err as Error).message).toMatch(/at most 3000 instruments/);
    // Already-subscribed instruments need no room: a mode change of all 2,500 fits.
    await stream.subscribe(stocks(0, 2500), 'quote');
  });

  it('closes a pooled connection once it empties; the first one stays', async () => {
    const { stream } = open();
    await stream.subscribe(stocks(0, 1200), 'ltp');
    await server.until(
      () => server.connections.length === 2 && server.connections.every((c) => c.controls.length > 0),
    );
    await stream.unsubscribe(stocks(1000, 200));
    await server.until(() => server.connections[1]?.closed === true);
    expect(server.connections[0]?.closed).toBe(false);
  });
});

describe('Angel SmartStream market stream: heartbeat, errors, close', () => {
  it('sends a text ping every 10 s on the injected clock; the pongs keep the watchdog quiet', async () => {
    const { stream, clock } = open();
    const seen = statuses(stream);
    const ticks: Tick[] = [];
    stream.onTick((t) => ticks.push(t));
    await stream.subscribe([SBIN], 'ltp');
    await server.until(() => controlsOf().length === 1);
    const pings = () => server.connections[0]?.texts.filter((t) => t === 'ping').length ?? 0;
    for (let round = 1; round <= 3; round++) {
      await clock.advance(10_000);
      await server.until(() => pings() === round);
      // The socket is ordered: once this packet's tick is in, so is the pong sent before it.
      server.connections[0]?.socket.send(Buffer.from(handPacket({ ...SBIN_SNAP, mode: 1 })));
      await new Promise<void>((resolve) => {
        const off = stream.onTick(() => {
          off();
          resolve();
        });
      });
    }
    expect(ticks).toHaveLength(3);
    expect(server.connections).toHaveLength(1);
    expect(seen.map((s) => s.state)).toEqual(['open']);
  });

  it('E1002 drops the refused request’s subscriptions, logs it, and does not resend them', async () => {
    const { stream, logger } = open();
    await stream.subscribe([SBIN], 'ltp');
    await server.until(() => controlsOf().length === 1);
    await stream.subscribe([NIFTY], 'quote');
    await server.until(() => controlsOf().length === 2);
    const refused = controlsOf()[1];
    server.connections[0]?.socket.send(
      JSON.stringify({
        correlationID: refused?.correlationID,
        errorCode: 'E1002',
        errorMessage: 'Invalid Request. Subscription Limit Exceeded',
      }),
    );
    await eventually(() => logger.records.some((r) => r.level === 'error'));
    const record = logger.records.find((r) => r.level === 'error');
    expect(record?.msg).toBe(
      'stream: Angel SmartStream subscription limit exceeded (E1002): Invalid Request. Subscription Limit Exceeded',
    );
    expect(record?.fields).toMatchObject({
      code: 'INVALID_REQUEST',
      instruments: 1,
      symbols: ['NSE_INDEX:NIFTY'],
    });
    // Unsubscribing it now is a no-op: it is no longer subscribed.
    await stream.unsubscribe([NIFTY]);
    await nextTurn();
    expect(controlsOf()).toHaveLength(2);
  });

  it('close ends the socket and leaves no timer behind', async () => {
    const { stream, clock } = open();
    const seen = statuses(stream);
    await stream.subscribe(stocks(0, 1500), 'ltp');
    await server.until(
      () => server.open.length === 2 && server.connections.every((c) => c.controls.length > 0),
    );
    expect(clock.pendingSleeps).toBeGreaterThan(0);
    await stream.close();
    await server.until(() => server.open.length === 0);
    expect(clock.pendingSleeps).toBe(0);
    expect(seen.at(-1)).toEqual({ state: 'closed', reason: 'closed by the client' });
    await expect(stream.subscribe([SBIN], 'ltp')).rejects.toThrow(/closed/);
  });
});

describe('SmartStream error codes', () => {
  it('E1001 and E1002 are INVALID_REQUEST naming the code; anything else is BROKER_ERROR', () => {
    expect(smartStreamError({ errorCode: 'E1001', errorMessage: 'Invalid Request Payload.' })).toMatchObject({
      code: 'INVALID_REQUEST',
      message: 'Angel SmartStream refused an invalid request (E1001): Invalid Request Payload.',
    });
    expect(smartStreamError({ errorCode: 'E1002' })).toMatchObject({
      code: 'INVALID_REQUEST',
      message: 'Angel SmartStream subscription limit exceeded (E1002)',
    });
    expect(smartStreamError({ errorCode: 'E9999' }).code).toBe('BROKER_ERROR');
  });
});
