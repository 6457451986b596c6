import type { Order } from '@openalgo/core';
import { describe, expect, it } from 'vitest';
import { API_KEY, fixture } from './helpers.js';
import { frame, ltpPacket } from './packets.js';
import { INFY, nextTicks, SBIN, statusReached, useStreamHarness } from './stream-harness.js';
import { TickerServer } from './ticker-server.js';

const h = useStreamHarness();

// The reconnecting socket itself (backoff, watchdog, give-up rules) is tested in core
// (test/stream/reconnecting-socket.test.ts); these check the Kite streams over a real loopback ticker.
describe('reconnect', () => {
  it('reconnects after a drop with backoff and resubscribes every instrument in its mode', async () => {
    const { stream } = h.marketStream();
    const first = h.server.nextConnection();
    await stream.subscribe([SBIN], 'ltp');
    await stream.subscribe([INFY], 'depth');
    const conn1 = await first;
    await conn1.received(2);

    const reconnecting = statusReached(stream, 'reconnecting');
    conn1.socket.terminate();
    expect((await reconnecting).reason).toMatch(/attempt 1/);
    const second = h.server.nextConnection();
    await h.clock.advance(999);
    expect(h.server.connections).toHaveLength(1);
    const opened = statusReached(stream, 'open');
    await h.clock.advance(1);
    const conn2 = await second;
    await opened;
    const messages = await conn2.received(4);
    expect(messages).toEqual([
      { a: 'subscribe', v: [779521] },
      { a: 'mode', v: ['ltp', [779521]] },
      { a: 'subscribe', v: [408065] },
      { a: 'mode', v: ['full', [408065]] },
    ]);
    const ticks = nextTicks(stream, 1);
    conn2.sendBinary(frame([ltpPacket(779521, 42100)]));
    expect((await ticks)[0]?.ltp).toBe(421);
  });

  it('a second consecutive failure waits twice as long; a successful open resets the backoff', async () => {
    const { stream } = h.marketStream();
    const first = h.server.nextConnection();
    await stream.subscribe([SBIN], 'ltp');
    (await first).socket.terminate();
    await statusReached(stream, 'reconnecting');
    const second = h.server.nextConnection();
    await h.clock.advance(1000);
    const conn2 = await second;
    await conn2.received(2);
    conn2.socket.terminate();
    await statusReached(stream, 'reconnecting');
    const third = h.server.nextConnection();
    await h.clock.advance(999);
    expect(h.server.connections).toHaveLength(2);
    await h.clock.advance(1);
    expect((await third).query.get('api_key')).toBe(API_KEY);
  });

  it('a link silent for 5 s is declared dead and replaced (stall watchdog); any frame keeps it alive', async () => {
    const { stream, logger } = h.marketStream();
    const first = h.server.nextConnection();
    await stream.subscribe([SBIN], 'ltp');
    const conn1 = await first;
    await conn1.received(2);
    await h.clock.advance(3000);
    const ticks = nextTicks(stream, 1);
    conn1.sendBinary(frame([ltpPacket(779521, 42050)]));
    await ticks;
    // 3 s after the frame: still fine, although 6 s have passed since the connection opened.
    const stalled = () => logger.records.filter((e) => e.msg?.startsWith('stream stalled')).length;
    await h.clock.advance(3000);
    const reconnecting = statusReached(stream, 'reconnecting');
    await h.clock.advance(1999);
    expect(stalled()).toBe(0);
    expect(h.server.connections).toHaveLength(1);
    await h.clock.advance(1);
    expect(stalled()).toBe(1);
    await conn1.closed;
    await reconnecting;
    const second = h.server.nextConnection();
    await h.clock.advance(1000);
    expect(await (await second).received(2)).toEqual([
      { a: 'subscribe', v: [779521] },
      { a: 'mode', v: ['ltp', [779521]] },
    ]);
  });

  it('a rejected handshake (HTTP 403) closes the stream for good: the session has expired', async () => {
    const rejecting = await TickerServer.start({ rejectWith: 403 });
    h.onCleanup(() => rejecting.close());
    const { stream } = h.marketStream(rejecting.url);
    const closed = statusReached(stream, 'closed');
    await stream.subscribe([SBIN], 'ltp');
    expect((await closed).reason).toMatch(/session has expired/);
    expect(h.clock.pendingSleeps).toBe(0);
  });

  it('a socket that cannot even be created closes the stream with a reason instead of throwing later', async () => {
    const { stream, logger } = h.marketStream(h.server.url, undefined, {
      webSocket: () => {
        throw new Error('Invalid URL');
      },
    });
    const closed = statusReached(stream, 'closed');
    await stream.subscribe([SBIN], 'ltp');
    expect((await closed).reason).toMatch(/could not be created/);
    expect(logger.records.some((e) => e.level === 'error' && e.msg === 'stream: cannot open socket')).toBe(
      true,
    );
    expect(h.clock.pendingSleeps).toBe(0);
  });

  it('close() ends the socket and nothing reconnects', async () => {
    const { stream } = h.marketStream();
    const first = h.server.nextConnection();
    await stream.subscribe([SBIN], 'ltp');
    const conn = await first;
    await conn.received(2);
    const closed = statusReached(stream, 'closed');
    await stream.close();
    await conn.closed;
    expect((await closed).reason).toBe('closed by the client');
    await h.clock.advance(60_000);
    expect(h.server.connections).toHaveLength(1);
    await expect(stream.subscribe([SBIN], 'ltp')).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
  });
});

describe('order stream', () => {
  it('turns {type:"order"} text frames into unified orders; other frames are logged, not thrown', async () => {
    const connection = h.server.nextConnection();
    const { stream, logger } = h.orderStream();
    const conn = await connection;
    const received: Order[] = [];
    const got = new Promise<void>((resolve) => {
      stream.onOrder((order) => {
        received.push(order);
        resolve();
      });
    });
    conn.sendText('not json');
    conn.sendText({ type: 'error', data: 'something odd' });
    conn.sendText({ type: 'order', data: { order_id: 'broken' } });
    conn.sendText({ type: 'order', data: { ...fixture<object>('postback.json'), tag: 'oa77' } });
    await got;
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      orderId: '220303000308932',
      clientOrderId: 'oa77',
      symbol: 'SBIN',
      exchange: 'NSE',
      status: 'complete',
      rawStatus: 'COMPLETE',
      averagePrice: 470,
    });
    const warnings = logger.records.filter((e) => e.level === 'warn').map((e) => e.msg);
    expect(warnings).toEqual([
      'stream: unreadable text frame',
      'stream: Kite reported an error',
      'stream: unreadable order update',
    ]);
  });

  it('reconnects like the market stream', async () => {
    const first = h.server.nextConnection();
    const { stream } = h.orderStream();
    const conn1 = await first;
    const reconnecting = statusReached(stream, 'reconnecting');
    conn1.socket.terminate();
    await reconnecting;
    const second = h.server.nextConnection();
    await h.clock.advance(1000);
    const conn2 = await second;
    const got = new Promise<Order>((resolve) => stream.onOrder(resolve));
    conn2.sendText({ type: 'order', data: fixture<object>('postback.json') });
    expect((await got).orderId).toBe('220303000308932');
  });
});
