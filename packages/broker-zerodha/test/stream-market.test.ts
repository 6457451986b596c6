import { type Instrument, TickSchema } from '@openalgo/core';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ACCESS_TOKEN, API_KEY } from './helpers.js';
import { frame, HEARTBEAT, ltpPacket } from './packets.js';
import { FULL_PACKET, INFY, nextTicks, QUOTE_PACKET, SBIN, useStreamHarness } from './stream-harness.js';

const h = useStreamHarness();

describe('connecting and subscribing', () => {
  it('connects with api_key and access_token in the query and X-Kite-Version, then subscribes and sets the mode', async () => {
    const { stream } = h.marketStream();
    const connection = h.server.nextConnection();
    await stream.subscribe([SBIN, INFY], 'quote');
    const conn = await connection;
    expect(conn.query.get('api_key')).toBe(API_KEY);
    expect(conn.query.get('access_token')).toBe(ACCESS_TOKEN);
    expect(conn.request.headers['x-kite-version']).toBe('3');
    expect(await conn.received(2)).toEqual([
      { a: 'subscribe', v: [779521, 408065] },
      { a: 'mode', v: ['quote', [779521, 408065]] },
    ]);
  });

  it('maps OpenAlgo modes to Kite modes (depth → full) when already connected', async () => {
    const { stream } = h.marketStream();
    const connection = h.server.nextConnection();
    await stream.subscribe([SBIN], 'ltp');
    const conn = await connection;
    await conn.received(2);
    await stream.subscribe([INFY], 'depth');
    expect((await conn.received(4)).slice(2)).toEqual([
      { a: 'subscribe', v: [408065] },
      { a: 'mode', v: ['full', [408065]] },
    ]);
  });

  it('sends subscribe and mode in batches of 200 tokens', async () => {
    const rows: Instrument[] = Array.from({ length: 450 }, (_, n) => ({
      symbol: `S${n}`,
      exchange: 'NSE',
      brsymbol: `S${n}`,
      brexchange: 'NSE',
      token: `${(n + 1) * 256 + 1}::::${n + 1}`,
      name: '',
      expiry: '',
      strike: 0,
      lotSize: 1,
      tickSize: 0.05,
      instrumentType: 'EQ',
    }));
    const { stream } = h.marketStream(h.server.url, rows);
    const connection = h.server.nextConnection();
    await stream.subscribe(
      rows.map((r) => ({ symbol: r.symbol, exchange: r.exchange })),
      'quote',
    );
    const messages = (await (await connection).received(6)) as Array<{ a: string; v: unknown[] }>;
    expect(messages.map((m) => m.a)).toEqual(['subscribe', 'mode', 'subscribe', 'mode', 'subscribe', 'mode']);
    const sizes = messages.map((m) => (m.a === 'subscribe' ? m.v.length : (m.v[1] as unknown[]).length));
    expect(sizes).toEqual([200, 200, 200, 200, 50, 50]);
    expect(messages[4]?.v[0]).toBe(401 * 256 + 1);
  });

  it('an unknown symbol or an empty list subscribes nothing and opens no socket', async () => {
    let sockets = 0;
    const { stream } = h.marketStream(h.server.url, undefined, {
      webSocket: (url, options) => {
        sockets++;
        return new WebSocket(url, options);
      },
    });
    await expect(stream.subscribe([SBIN, { symbol: 'NOPE', exchange: 'NSE' }], 'ltp')).rejects.toMatchObject({
      code: 'SYMBOL_NOT_FOUND',
    });
    await stream.subscribe([], 'ltp');
    await expect(stream.subscribe([SBIN], 'full' as never)).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
    });
    expect(sockets).toBe(0);
    await stream.subscribe([SBIN], 'ltp');
    expect(sockets).toBe(1);
  });
});

describe('ticks', () => {
  it('decodes binary frames into unified ticks for subscribed instruments only', async () => {
    const { stream } = h.marketStream();
    const connection = h.server.nextConnection();
    await stream.subscribe([INFY, SBIN], 'quote');
    const conn = await connection;
    await conn.received(2);
    const ticks = nextTicks(stream, 2);
    conn.sendBinary(HEARTBEAT);
    // 738561 is not subscribed: it is dropped.
    conn.sendBinary(frame([QUOTE_PACKET, ltpPacket(738561, 250000), ltpPacket(779521, 42050)]));
    const [quote, ltp] = await ticks;
    expect(TickSchema.parse(quote)).toEqual({
      symbol: 'INFY',
      exchange: 'NSE',
      mode: 'quote',
      ltp: 1573.15,
      timestamp: h.clock.now(),
      lastQuantity: 1,
      averagePrice: 1570.33,
      volume: 1175986,
      open: 1569.15,
      high: 1575,
      low: 1561.05,
      close: 1567.8,
      change: 1573.15 - 1567.8,
      totalBuyQuantity: 256511,
      totalSellQuantity: 360503,
    });
    expect(ltp).toEqual({
      symbol: 'SBIN',
      exchange: 'NSE',
      mode: 'ltp',
      ltp: 420.5,
      timestamp: h.clock.now(),
    });
  });

  it('a full packet becomes a depth tick stamped with the exchange time', async () => {
    const { stream } = h.marketStream();
    const connection = h.server.nextConnection();
    await stream.subscribe([INFY], 'depth');
    const conn = await connection;
    await conn.received(2);
    const ticks = nextTicks(stream, 1);
    conn.sendBinary(frame([FULL_PACKET]));
    const [tick] = await ticks;
    expect(TickSchema.parse(tick)).toMatchObject({
      mode: 'depth',
      ltp: 1573.7,
      timestamp: Date.UTC(2021, 6, 5, 5, 11, 27),
      oi: 0,
    });
    expect(tick?.bids?.[0]).toEqual({ price: 1573.4, quantity: 5, orders: 1 });
    expect(tick?.asks?.[4]).toEqual({ price: 1573.95, quantity: 724, orders: 5 });
  });

  it('unsubscribe tells Kite and stops the ticks', async () => {
    const { stream } = h.marketStream();
    const connection = h.server.nextConnection();
    await stream.subscribe([INFY, SBIN], 'ltp');
    const conn = await connection;
    await conn.received(2);
    await stream.unsubscribe([INFY]);
    expect((await conn.received(3))[2]).toEqual({ a: 'unsubscribe', v: [408065] });
    const ticks = nextTicks(stream, 1);
    conn.sendBinary(frame([ltpPacket(408065, 100000), ltpPacket(779521, 42050)]));
    expect((await ticks)[0]?.symbol).toBe('SBIN');
  });

  it('a throwing tick listener does not stop the others', async () => {
    const { stream, logger } = h.marketStream();
    const connection = h.server.nextConnection();
    await stream.subscribe([SBIN], 'ltp');
    const conn = await connection;
    await conn.received(2);
    stream.onTick(() => {
      throw new Error('listener bug');
    });
    const ticks = nextTicks(stream, 1);
    conn.sendBinary(frame([ltpPacket(779521, 42050)]));
    expect((await ticks)[0]?.ltp).toBe(420.5);
    expect(logger.records.some((e) => e.level === 'error' && e.msg === 'tick listener threw')).toBe(true);
  });
});
