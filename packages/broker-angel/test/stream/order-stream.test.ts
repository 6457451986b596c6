import type { Order, OrderStream } from '@openalgo/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAngelOrderStream } from '../../src/stream/order-stream.js';
import { eventually, FakeSmartStream, JWT, statuses, streamOptions } from './fake-smartstream.js';

let server: FakeSmartStream;
const streams: OrderStream[] = [];

beforeEach(async () => {
  server = await FakeSmartStream.start('/smart-order-update');
});
afterEach(async () => {
  for (const stream of streams.splice(0)) await stream.close();
  await server.close();
});

/** `orderData` as the docs and OpenAlgo show it: prices JSON numbers, quantities strings (§2.9). */
const ORDER_DATA = {
  variety: 'NORMAL',
  ordertype: 'LIMIT',
  producttype: 'INTRADAY',
  duration: 'DAY',
  price: 812.5,
  triggerprice: 0,
  quantity: '10',
  disclosedquantity: '0',
  squareoff: 0,
  stoploss: 0,
  trailingstoploss: 0,
  tradingsymbol: 'SBIN-EQ',
  transactiontype: 'BUY',
  exchange: 'NSE',
  symboltoken: '3045',
  ordertag: 'strategy-7',
  instrumenttype: '',
  strikeprice: -1,
  optiontype: '',
  expirydate: '',
  lotsize: '1',
  cancelsize: '0',
  averageprice: 812.45,
  filledshares: '10',
  unfilledshares: '0',
  orderid: '251203000000123',
  text: '',
  status: 'complete',
  orderstatus: 'complete',
  updatetime: '03-Dec-2026 10:15:42',
  exchtime: '03-Dec-2026 10:15:41',
  exchorderupdatetime: '03-Dec-2026 10:15:42',
  fillid: '',
  filltime: '',
  parentorderid: '',
  uniqueorderid: '472925fb-7af8-4ed6-82ab-c544a37d3292',
};

function frame(code: string, orderData: Record<string, unknown>): string {
  return JSON.stringify({
    'user-id': 'A123456',
    'status-code': '200',
    'order-status': code,
    'error-message': '',
    orderData,
  });
}

function open() {
  const made = streamOptions(server.url);
  const stream = createAngelOrderStream(made.options);
  streams.push(stream);
  const orders: Order[] = [];
  stream.onOrder((o) => orders.push(o));
  return { stream, orders, ...made };
}

describe('Angel order-status socket', () => {
  it('connects at once with Authorization: Bearer <jwt> and the SDK’s three x- headers', async () => {
    open();
    await server.until(() => server.connections.length === 1);
    expect(server.connections[0]?.headers).toMatchObject({
      authorization: `Bearer ${JWT}`,
      'x-api-key': 'api-key-1',
      'x-client-code': 'A123456',
      'x-feed-token': 'feed-token-1',
    });
  });

  it('ignores the AB00 greeting and maps each order frame like an order-book row', async () => {
    const { orders } = open();
    await server.until(() => server.connections.length === 1);
    const socket = server.connections[0]?.socket;
    socket?.send(frame('AB00', { orderid: '', status: '' }));
    socket?.send(frame('AB05', ORDER_DATA));
    await eventually(() => orders.length === 1);
    expect(orders[0]).toMatchObject({
      orderId: '251203000000123',
      clientOrderId: 'strategy-7',
      symbol: 'SBIN',
      exchange: 'NSE',
      action: 'BUY',
      priceType: 'LIMIT',
      product: 'MIS',
      quantity: 10,
      filledQuantity: 10,
      pendingQuantity: 0,
      price: 812.5,
      averagePrice: 812.45,
      status: 'complete',
      rawStatus: 'complete',
    });
  });

  it('takes the status from the order-status code when orderData has none', async () => {
    const { orders } = open();
    await server.until(() => server.connections.length === 1);
    const socket = server.connections[0]?.socket;
    socket?.send(
      frame('AB10', { ...ORDER_DATA, status: '', orderstatus: '', filledshares: '0', unfilledshares: '10' }),
    );
    socket?.send(
      frame('AB03', {
        ...ORDER_DATA,
        status: '',
        orderstatus: '',
        text: 'RMS: margin exceeds',
        filledshares: '0',
      }),
    );
    await eventually(() => orders.length === 2);
    expect(orders.map((o) => [o.status, o.rawStatus])).toEqual([
      ['trigger_pending', 'trigger pending'],
      ['rejected', 'rejected'],
    ]);
    expect(orders[1]?.statusMessage).toBe('RMS: margin exceeds');
  });

  it('logs frames it cannot read or map and keeps going', async () => {
    const { orders, logger } = open();
    await server.until(() => server.connections.length === 1);
    const socket = server.connections[0]?.socket;
    socket?.send('not json');
    socket?.send(frame('AB01', { orderid: '1' }));
    socket?.send(frame('AB01', { ...ORDER_DATA, transactiontype: 'HOLD' }));
    socket?.send(JSON.stringify({ 'order-status': 'AB01', 'error-message': 'oops' }));
    socket?.send(frame('AB05', ORDER_DATA));
    await eventually(() => orders.length === 1);
    expect(logger.messages('warn')).toEqual([
      'order stream: unreadable text frame',
      'order stream: unreadable order update',
      'order stream: order update could not be mapped',
      'order stream: frame without an order',
    ]);
  });

  it('pings every 10 s, reconnects after a drop, and closes without leftovers', async () => {
    const { stream, clock } = open();
    const seen = statuses(stream);
    await server.until(() => server.connections.length === 1);
    await eventually(() => seen.at(-1)?.state === 'open');
    await clock.advance(10_000);
    await server.until(() => server.connections[0]?.texts.includes('ping') === true);
    server.server.dropAll();
    await eventually(() => seen.at(-1)?.state === 'reconnecting' && clock.pendingSleeps === 1);
    await clock.advance(1000);
    await server.until(() => server.open.length === 1 && server.connections.length === 2);
    await stream.close();
    await server.until(() => server.open.length === 0);
    expect(clock.pendingSleeps).toBe(0);
  });
});
