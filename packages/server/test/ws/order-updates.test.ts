import { AuthFailedError } from '@openalgo/core';
import { describe, expect, it } from 'vitest';
import type { Json } from './client.js';
import { feedBroker, makeAccount } from './fakes.js';
import { API_KEY, OTHER_KEY, startFeed } from './setup.js';

const ORDER = {
  symbol: 'SBIN',
  exchange: 'NSE',
  action: 'BUY',
  quantity: 5,
  priceType: 'LIMIT',
  product: 'MIS',
  price: 790,
  triggerPrice: 0,
  strategy: 'feed-test',
} as const;

function isOrderUpdate(m: Json): boolean {
  return m.type === 'order_update';
}

/** Every key of OpenAlgo's order_update message, in its order. */
const ORDER_UPDATE_KEYS = [
  'type',
  'user_id',
  'mode',
  'broker',
  'orderid',
  'symbol',
  'exchange',
  'action',
  'quantity',
  'price',
  'trigger_price',
  'pricetype',
  'product',
  'order_status',
  'filled_quantity',
  'pending_quantity',
  'average_price',
  'rejection_reason',
];

describe('subscribe_orders', () => {
  it('answers in OpenAlgo’s shape and relays the account’s order changes as order_update', async () => {
    const f = await startFeed();
    const client = await f.client();
    const reply = await client.request({ action: 'subscribe_orders', request_id: 'o1' });
    expect(reply).toEqual({
      type: 'subscribe_orders',
      status: 'success',
      message: 'Subscribed to order updates',
      request_id: 'o1',
    });
    const account = await f.resolver.resolveApiKey(API_KEY);
    if (!account.ok) throw new Error('no account');
    const ack = await account.account.trading.placeOrder(ORDER);
    const update = await client.next(isOrderUpdate);
    expect(Object.keys(update)).toEqual(ORDER_UPDATE_KEYS);
    expect(update).toMatchObject({
      user_id: 'USER1',
      mode: 'live',
      broker: 'fakebroker',
      orderid: ack.orderId,
      symbol: 'SBIN',
      exchange: 'NSE',
      action: 'BUY',
      quantity: 5,
      price: 790,
      trigger_price: 0,
      pricetype: 'LIMIT',
      product: 'MIS',
      filled_quantity: expect.any(Number),
      pending_quantity: expect.any(Number),
      rejection_reason: '',
    });
    expect(typeof update.order_status).toBe('string');

    const off = await client.request({ action: 'unsubscribe_orders' });
    expect(off).toEqual({
      type: 'unsubscribe_orders',
      status: 'success',
      message: 'Unsubscribed from order updates',
    });
    expect(f.feed.stats().orderStreams).toBe(0);
    await account.account.trading.placeOrder({ ...ORDER, price: 791 });
    expect((await client.drain()).filter(isOrderUpdate)).toEqual([]);
  });

  it('shares one broker order stream between clients and closes it with the last', async () => {
    const f = await startFeed();
    const a = await f.client();
    const b = await f.client();
    for (const c of [a, b, a]) await c.request({ action: 'subscribe_orders' });
    expect(f.adapter.orderStreams).toHaveLength(1);
    f.adapter.orderStreams[0]?.emit({
      orderId: 'X1',
      symbol: 'SBIN',
      exchange: 'NSE',
      action: 'SELL',
      priceType: 'MARKET',
      product: 'CNC',
      quantity: 1,
      filledQuantity: 0,
      pendingQuantity: 0,
      price: 0,
      triggerPrice: 0,
      averagePrice: 0,
      status: 'rejected',
      rawStatus: 'REJECTED',
      statusMessage: 'RMS: insufficient funds',
      timestamp: '2026-01-05T10:00:00+05:30',
      raw: {},
    });
    for (const c of [a, b]) {
      const update = await c.next(isOrderUpdate);
      expect(update).toMatchObject({
        orderid: 'X1',
        order_status: 'rejected',
        rejection_reason: 'RMS: insufficient funds',
      });
      expect((await c.drain()).filter(isOrderUpdate)).toEqual([]); // once, though `a` subscribed twice
    }
    await a.close();
    expect(f.adapter.orderStreams[0]?.closed).toBe(false);
    await b.request({ action: 'unsubscribe_orders' });
    expect(f.adapter.orderStreams[0]?.closed).toBe(true);
  });

  it('labels an analyzer-mode account’s updates mode "analyze"', async () => {
    const f = await startFeed();
    const adapter = feedBroker();
    const analyzing = { ...makeAccount(adapter, f.logger, { accountId: 'acct-2' }), analyzeMode: true };
    f.resolver.add(OTHER_KEY, analyzing);
    const client = await f.client(OTHER_KEY);
    await client.request({ action: 'subscribe_orders' });
    await analyzing.trading.placeOrder(ORDER);
    expect(await client.next(isOrderUpdate)).toMatchObject({ mode: 'analyze', symbol: 'SBIN' });
  });

  it('stops another account’s updates when the connection authenticates with a different key', async () => {
    const f = await startFeed();
    const other = feedBroker();
    f.resolver.add(OTHER_KEY, makeAccount(other, f.logger, { accountId: 'acct-2' }));
    const client = await f.client();
    await client.request({ action: 'subscribe_orders' });
    expect(f.feed.stats().orderStreams).toBe(1);
    await client.authenticate(OTHER_KEY);
    expect(f.feed.stats().orderStreams).toBe(0);
  });

  it('tells subscribers with BROKER_CONNECTION_ERROR when the broker closes the order stream', async () => {
    const f = await startFeed();
    const client = await f.client();
    await client.request({ action: 'subscribe_orders' });
    f.adapter.orderStreams[0]?.emitStatus({ state: 'closed', reason: 'session expired' });
    expect(await client.next((m) => m.status === 'error')).toMatchObject({
      type: 'subscribe_orders',
      code: 'BROKER_CONNECTION_ERROR',
      message: expect.stringContaining('session expired'),
    });
    expect(f.feed.stats().orderStreams).toBe(0);
    // Subscribing again opens a fresh stream.
    expect(await client.request({ action: 'subscribe_orders' })).toMatchObject({ status: 'success' });
    expect(f.adapter.orderStreams).toHaveLength(2);
  });

  it('answers BROKER_INIT_ERROR when the adapter cannot open its order stream', async () => {
    const adapter = feedBroker();
    adapter.faults.always('orderStream', new AuthFailedError('order socket refused the token'));
    const f = await startFeed({ adapter });
    const client = await f.client();
    const reply = await client.request({ action: 'subscribe_orders', request_id: 9 });
    expect(reply).toMatchObject({
      type: 'subscribe_orders',
      status: 'error',
      code: 'BROKER_INIT_ERROR',
      message: expect.stringContaining('order socket refused the token'),
      request_id: 9,
    });
  });

  it('answers BROKER_ERROR for a broker that does not stream orders', async () => {
    const adapter = feedBroker();
    adapter.setCapabilities({ orderStream: false });
    const f = await startFeed({ adapter });
    const client = await f.client();
    expect(await client.request({ action: 'subscribe_orders' })).toEqual({
      type: 'subscribe_orders',
      status: 'error',
      code: 'BROKER_ERROR',
      message: 'Broker fakebroker does not stream order updates',
    });
  });
});
