import { onlyLoopback } from '@openalgo/testkit/oracle';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dataOf, type SdkSession, startSdkSession } from './sdk-session.js';
import type { Params, WsOrderUpdates } from './sdk-types.js';
import { FrameQueue } from './socket-events.js';

onlyLoopback({ beforeAll, afterAll });

/** One simulator and one WSOrderUpdates for the file (the SDK's callbacks are module-wide). */
let s: SdkSession;
let socket: WsOrderUpdates;
let frames: FrameQueue;

const SBIN = { exchange: 'NSE', tradingsymbol: 'SBIN-EQ', symboltoken: '3045' } as const;

beforeAll(async () => {
  // The SDK's 10-s ping and 5-s watchdog: faked, advanced only by the ping test.
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
  s = await startSdkSession();
  s.sim.backdoor.setPrice({ symbol: 'SBIN', exchange: 'NSE' }, 800);
  s.sdk.CONSTANTS.wsclientupdatesURL = s.sim.orderWsUrl;
  socket = new s.sdk.WSOrderUpdates({
    clientcode: s.clientCode,
    jwttoken: s.tokens.jwtToken,
    apikey: 'sdkapikey',
    feedtype: s.tokens.feedToken,
  });
  frames = new FrameQueue(socket);
  await socket.connect();
});
afterAll(async () => {
  socket.close();
  vi.useRealTimers();
  await s.close();
});

async function place(params: Params): Promise<{ orderid: string; uniqueorderid: string }> {
  return dataOf(
    s.client.placeOrder({
      ...SBIN,
      duration: 'DAY',
      squareoff: '0',
      stoploss: '0',
      producttype: 'INTRADAY',
      ...params,
    }),
  );
}

/** The next frame about `orderid` with `code` (AB01 open, AB02 cancelled, AB05 complete, …, §2.8). */
function update(orderid: string, code: string) {
  return frames.json(
    (m) => m['order-status'] === code && (m.orderData as { orderid?: string })?.orderid === orderid,
  );
}

describe('WSOrderUpdates against the simulator', () => {
  it('greets with AB00 for the client, an empty orderData', async () => {
    const hello = await frames.json((m) => m['order-status'] === 'AB00');
    expect(hello).toMatchObject({ 'user-id': s.clientCode, 'status-code': '200', 'error-message': '' });
    // The order-book keys, every one empty or zero (§2.9), so a client can read the shape safely.
    const empty = hello.orderData as Record<string, unknown>;
    expect(Object.keys(empty)).toEqual(
      expect.arrayContaining(['orderid', 'status', 'price', 'quantity', 'tradingsymbol']),
    );
    for (const [key, value] of Object.entries(empty)) expect(['', 0, '0'], key).toContain(value);
  });

  it('a resting LIMIT order: open (AB01), then cancelled (AB02), prices as numbers and quantities as strings', async () => {
    const ack = await place({
      variety: 'NORMAL',
      ordertype: 'LIMIT',
      transactiontype: 'BUY',
      price: '790',
      quantity: '3',
      ordertag: 'ws1',
    });
    const open = await update(ack.orderid, 'AB01');
    expect(open.orderData).toMatchObject({
      ...SBIN,
      orderid: ack.orderid,
      uniqueorderid: ack.uniqueorderid,
      ordertag: 'ws1',
      status: 'open',
      price: 790,
      quantity: '3',
    });
    await dataOf(s.client.cancelOrder({ variety: 'NORMAL', orderid: ack.orderid }));
    expect((await update(ack.orderid, 'AB02')).orderData).toMatchObject({ status: 'cancelled' });
  });

  it('a MARKET order ends complete (AB05) with its fill', async () => {
    const ack = await place({
      variety: 'NORMAL',
      ordertype: 'MARKET',
      transactiontype: 'BUY',
      price: '0',
      quantity: '2',
    });
    const done = await update(ack.orderid, 'AB05');
    expect(done.orderData).toMatchObject({ status: 'complete', filledshares: '2', averageprice: 800.05 });
  });

  it('a stop order waits as trigger pending (AB10); a modify goes through modify pending (AB11)', async () => {
    const ack = await place({
      variety: 'STOPLOSS',
      ordertype: 'STOPLOSS_LIMIT',
      transactiontype: 'BUY',
      price: '811',
      triggerprice: '810',
      quantity: '1',
    });
    expect((await update(ack.orderid, 'AB10')).orderData).toMatchObject({
      status: 'trigger pending',
      triggerprice: 810,
    });
    await dataOf(
      s.client.modifyOrder({
        ...SBIN,
        variety: 'STOPLOSS',
        orderid: ack.orderid,
        ordertype: 'STOPLOSS_LIMIT',
        producttype: 'INTRADAY',
        duration: 'DAY',
        price: '816',
        triggerprice: '815',
        quantity: '1',
      }),
    );
    await update(ack.orderid, 'AB11');
    expect((await update(ack.orderid, 'AB10')).orderData).toMatchObject({ triggerprice: 815, price: 816 });
  });

  it('answers the SDK’s text ping with a text pong', async () => {
    vi.advanceTimersByTime(10_000);
    expect(await frames.next((f) => f === 'pong')).toBe('pong');
  });
});
