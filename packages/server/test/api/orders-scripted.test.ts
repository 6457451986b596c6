import { BrokerError, InsufficientFundsError, type Position, type TaggedOrderRequest } from '@openalgo/core';
import { afterEach, describe, expect, test } from 'vitest';
import { API_KEY } from './support/accounts.js';
import { json } from './support/app.js';
import { existingOrder } from './support/cases.js';
import { type FakeHarness, fakeHarness } from './support/harness.js';

const ORDER = { apikey: API_KEY, strategy: 'Test', exchange: 'NSE', symbol: 'SBIN', product: 'MIS' };

describe('order endpoints over a scripted broker', () => {
  let h: FakeHarness;
  afterEach(async () => h.app.close());

  test('placeorder maps every OpenAlgo field onto the unified request, tagged with the client order id', async () => {
    h = await fakeHarness();
    const response = await h.send('placeorder', {
      ...ORDER,
      action: 'sell',
      quantity: '3',
      pricetype: 'SL',
      product: 'NRML',
      price: '101.5',
      trigger_price: 100,
      disclosed_quantity: 1,
      exchange: 'NFO',
      symbol: 'NIFTY27JAN26FUT',
    });
    expect(json(response)).toEqual({ status: 'success', orderid: 'FAKE1' });
    expect(h.adapter.callsTo('placeOrder')[0]?.args[0]).toMatchObject({
      symbol: 'NIFTY27JAN26FUT',
      exchange: 'NFO',
      action: 'SELL',
      quantity: 3,
      priceType: 'SL',
      product: 'NRML',
      price: 101.5,
      triggerPrice: 100,
      disclosedQuantity: 1,
      clientOrderId: 'COID1',
      strategy: 'Test',
    });
  });

  test('a broker error on placeorder tells the client order id the order was sent with', async () => {
    h = await fakeHarness();
    h.adapter.failAlways('placeOrder', new BrokerError('kite: something broke'));
    const response = await h.send('placeorder', { ...ORDER, action: 'BUY', quantity: 1 });
    expect(response.statusCode).toBe(502);
    const sentWith = (h.adapter.callsTo('placeOrder')[0]?.args[0] as TaggedOrderRequest | undefined)
      ?.clientOrderId;
    // The account's own generator is used (the fake's is COID1, COID2…).
    expect(sentWith).toBe('COID1');
    expect(json(response)).toEqual({
      status: 'error',
      code: 'BROKER_ERROR',
      message: 'kite: something broke',
      client_order_id: sentWith,
    });
  });

  test('an ambiguous failure found in the order book is a success, not a second order', async () => {
    h = await fakeHarness();
    h.adapter.failWhen((method, args) => {
      if (method !== 'placeOrder') return undefined;
      const request = args[0] as TaggedOrderRequest;
      h.adapter.setOrders([
        ...h.adapter.orders(),
        { ...existingOrder(), orderId: 'LANDED', clientOrderId: request.clientOrderId },
      ]);
      return new BrokerError('connection reset after send', { mayHaveReachedBroker: true });
    });
    const response = await h.send('placeorder', { ...ORDER, action: 'BUY', quantity: 1 });
    expect(json(response)).toEqual({ status: 'success', orderid: 'LANDED' });
    expect(h.adapter.callsTo('placeOrder')).toHaveLength(1);
  });

  test('modifyorder sends the unified modify request', async () => {
    h = await fakeHarness();
    await h.send('modifyorder', {
      ...ORDER,
      orderid: 12345,
      action: 'BUY',
      pricetype: 'SL-M',
      price: 0,
      quantity: 4,
      disclosed_quantity: 0,
      trigger_price: 99.5,
    });
    expect(h.adapter.callsTo('modifyOrder')[0]?.args[0]).toMatchObject({
      orderId: '12345',
      priceType: 'SL-M',
      quantity: 4,
      triggerPrice: 99.5,
      symbol: 'SBIN',
    });
  });

  test('cancelallorder reports partial failure', async () => {
    h = await fakeHarness();
    h.adapter.setOrders([
      { ...existingOrder(), orderId: 'A1' },
      { ...existingOrder(), orderId: 'B2', status: 'trigger_pending' },
      { ...existingOrder(), orderId: 'C3', status: 'complete' },
    ]);
    h.adapter.failWhen((method, args) =>
      method === 'cancelOrder' && args[0] === 'B2' ? new BrokerError('cannot cancel') : undefined,
    );
    const body = json(await h.send('cancelallorder', { apikey: API_KEY, strategy: 'Test' }));
    expect(body).toEqual({
      status: 'partial',
      message: 'Canceled 1 orders. Failed to cancel 1 orders.',
      canceled_orders: ['A1'],
      failed_cancellations: ['B2'],
    });
  });

  test('closeposition reports each failed square-off, unlike OpenAlgo', async () => {
    h = await fakeHarness();
    const position = (symbol: string, quantity: number): Position => ({
      symbol,
      exchange: 'NSE',
      product: 'MIS',
      quantity,
      averagePrice: 100,
      ltp: 101,
      pnl: 1,
      raw: {},
    });
    h.adapter.setPositions([position('SBIN', 5), position('INFY', -3), position('TCS', 0)]);
    h.adapter.failWhen((method, args) =>
      method === 'placeOrder' && (args[0] as TaggedOrderRequest).symbol === 'INFY'
        ? new InsufficientFundsError('not enough margin to buy INFY')
        : undefined,
    );
    const body = json(await h.send('closeposition', { apikey: API_KEY, strategy: 'Test' }));
    expect(body).toEqual({
      status: 'partial',
      message: 'Squared off 1 of 2 positions; 1 failed',
      results: [
        {
          symbol: 'SBIN',
          exchange: 'NSE',
          product: 'MIS',
          action: 'SELL',
          quantity: 5,
          status: 'success',
          orderid: 'FAKE1',
        },
        {
          symbol: 'INFY',
          exchange: 'NSE',
          product: 'MIS',
          action: 'BUY',
          quantity: 3,
          status: 'error',
          message: 'not enough margin to buy INFY',
          code: 'INSUFFICIENT_FUNDS',
        },
      ],
    });
  });

  test('basketorder reports a failed leg in place, with top-level status partial', async () => {
    h = await fakeHarness();
    h.adapter.failWhen((method, args) =>
      method === 'placeOrder' && (args[0] as TaggedOrderRequest).symbol === 'INFY'
        ? new InsufficientFundsError('margin shortfall')
        : undefined,
    );
    const body = json(
      await h.send('basketorder', {
        apikey: API_KEY,
        strategy: 'Test',
        orders: [
          { exchange: 'NSE', symbol: 'INFY', action: 'BUY', quantity: 1 },
          { exchange: 'NSE', symbol: 'SBIN', action: 'SELL', quantity: 2, product: 'CNC' },
        ],
      }),
    );
    expect(body).toEqual({
      status: 'partial',
      results: [
        {
          symbol: 'INFY',
          exchange: 'NSE',
          product: 'MIS',
          status: 'error',
          message: 'margin shortfall',
          code: 'INSUFFICIENT_FUNDS',
        },
        { symbol: 'SBIN', exchange: 'NSE', product: 'CNC', status: 'success', orderid: 'FAKE1' },
      ],
    });
  });

  test('splitorder with more than 100 children is refused before anything is sent', async () => {
    h = await fakeHarness();
    const response = await h.send('splitorder', { ...ORDER, action: 'BUY', quantity: 1001, splitsize: 10 });
    expect(response.statusCode).toBe(400);
    expect(json(response)).toMatchObject({ field: 'splitsize', code: 'INVALID_REQUEST' });
    expect(String(json(response).message)).toContain('at most 100');
    expect(h.adapter.calls).toEqual([]);
  });
});
