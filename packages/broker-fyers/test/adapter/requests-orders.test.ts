import { modifyRequest, orderRequest } from '@openalgo/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import {
  API,
  AUTH_HEADER,
  failure,
  fyersError,
  jsonBody,
  makeAdapter,
  ok,
  type TestAdapter,
} from './helpers.js';

const opened: TestAdapter[] = [];
function open(...args: Parameters<typeof makeAdapter>): TestAdapter {
  const t = makeAdapter(...args);
  opened.push(t);
  return t;
}
afterEach(async () => {
  for (const t of opened.splice(0)) await t.agent.close();
});

const GET_HEADERS = { authorization: AUTH_HEADER };
const JSON_HEADERS = { authorization: AUTH_HEADER, 'content-type': 'application/json' };
const PLACED = ok({
  code: 1101,
  message: 'Order submitted successfully. Your Order Ref. No.25111300002007',
  id: '25111300002007',
});

const limitBuy = orderRequest({
  symbol: 'SBIN',
  exchange: 'NSE',
  action: 'BUY',
  quantity: 1,
  priceType: 'LIMIT',
  product: 'MIS',
  price: 600,
  clientOrderId: 'openalgo',
});

describe('placeOrder request', () => {
  it('POST /api/v3/orders/sync with the canonical body of brokers.md §3.10', async () => {
    const t = open({ [`POST ${API}/orders/sync`]: PLACED });
    const ack = await t.adapter.placeOrder(limitBuy);
    expect(ack.orderId).toBe('25111300002007');
    expect(ack.clientOrderId).toBe('openalgo');
    expect(t.seen).toHaveLength(1);
    const [req] = t.seen;
    expect(req?.method).toBe('POST');
    expect(req?.path).toBe('/api/v3/orders/sync');
    expect(req?.headers).toEqual(JSON_HEADERS);
    expect(req?.body).toBe(
      '{"symbol":"NSE:SBIN-EQ","qty":1,"type":1,"side":1,"productType":"INTRADAY","limitPrice":600,"stopPrice":0,' +
        '"validity":"DAY","disclosedQty":0,"offlineOrder":false,"stopLoss":0,"takeProfit":0,"orderTag":"openalgo"}',
    );
  });

  it.each([
    ['MARKET', 'CNC', 0, 0, { type: 2, productType: 'CNC', limitPrice: 0, stopPrice: 0 }],
    ['SL', 'MIS', 601, 600.5, { type: 4, productType: 'INTRADAY', limitPrice: 601, stopPrice: 600.5 }],
    ['SL-M', 'MIS', 0, 600.5, { type: 3, productType: 'INTRADAY', limitPrice: 0, stopPrice: 600.5 }],
  ] as const)(
    '%s %s: type, product and only the prices it needs',
    async (priceType, product, price, trigger, want) => {
      const t = open({ [`POST ${API}/orders/sync`]: PLACED });
      await t.adapter.placeOrder({
        ...limitBuy,
        action: 'SELL',
        priceType,
        product,
        price,
        triggerPrice: trigger,
      });
      expect(jsonBody(t.seen[0])).toMatchObject({ side: -1, ...want });
    },
  );

  it('NRML on an option is MARGIN with the ticker from the master (weekly grammar) and lots checked', async () => {
    const t = open({ [`POST ${API}/orders/sync`]: PLACED });
    await t.adapter.placeOrder({
      ...limitBuy,
      symbol: 'NIFTY19DEC2424000CE',
      exchange: 'NFO',
      quantity: 150,
      product: 'NRML',
      price: 120.05,
    });
    expect(jsonBody(t.seen[0])).toMatchObject({
      symbol: 'NSE:NIFTY24D1924000CE',
      qty: 150,
      productType: 'MARGIN',
      limitPrice: 120.05,
    });
  });

  it('refuses before sending: off-tick price, off-lot quantity, an index, an unknown symbol', async () => {
    const t = open({ [`POST ${API}/orders/sync`]: PLACED });
    expect((await failure(t.adapter.placeOrder({ ...limitBuy, price: 600.03 }))).code).toBe('INVALID_ORDER');
    const offLot = {
      ...limitBuy,
      symbol: 'NIFTY26DEC24FUT',
      exchange: 'NFO' as const,
      quantity: 76,
      product: 'NRML' as const,
    };
    expect((await failure(t.adapter.placeOrder(offLot))).code).toBe('INVALID_ORDER');
    const index = { ...limitBuy, symbol: 'NIFTY', exchange: 'NSE_INDEX' as const };
    expect((await failure(t.adapter.placeOrder(index))).code).toBe('INVALID_ORDER');
    const unknown = { ...limitBuy, symbol: 'NOPE' };
    expect((await failure(t.adapter.placeOrder(unknown))).code).toBe('SYMBOL_NOT_FOUND');
    expect(t.seen).toHaveLength(0);
  });

  it('a refusal from Fyers carries the client order id and is not retried', async () => {
    const t = open({
      [`POST ${API}/orders/sync`]: fyersError(200, -392, 'Price not a multiple of tick size'),
    });
    const err = await failure(t.adapter.placeOrder(limitBuy));
    expect(err.code).toBe('INVALID_ORDER');
    expect(err.clientOrderId).toBe('openalgo');
    expect(err.raw?.code).toBe('-392');
    expect(t.seen).toHaveLength(1);
  });

  it('an HTTP 503 on a place is ambiguous (may have reached Fyers), never re-sent', async () => {
    const t = open({ [`POST ${API}/orders/sync`]: { status: 503, body: 'upstream down' } });
    const err = await failure(t.adapter.placeOrder(limitBuy));
    expect(err.code).toBe('BROKER_UNAVAILABLE');
    expect(err.clientOrderId).toBe('openalgo');
    expect(t.seen).toHaveLength(1);
  });

  it('an ack without an id is a malformed answer that may have placed the order', async () => {
    const t = open({ [`POST ${API}/orders/sync`]: ok({ message: 'done' }) });
    const err = await failure(t.adapter.placeOrder(limitBuy));
    expect(err.code).toBe('BROKER_ERROR');
    expect(err.mayHaveReachedBroker).toBe(true);
  });
});

describe('modifyOrder / cancelOrder requests', () => {
  it('PATCH /api/v3/orders/sync {id, qty, type, limitPrice, stopPrice}', async () => {
    const t = open({ [`PATCH ${API}/orders/sync`]: ok({ code: 1102, id: '25111300002007' }) });
    const ack = await t.adapter.modifyOrder(
      modifyRequest({
        orderId: '25111300002007',
        symbol: 'SBIN',
        exchange: 'NSE',
        action: 'BUY',
        quantity: 1,
        priceType: 'LIMIT',
        price: 605,
      }),
    );
    expect(ack.orderId).toBe('25111300002007');
    const [req] = t.seen;
    expect(req?.method).toBe('PATCH');
    expect(req?.path).toBe('/api/v3/orders/sync');
    expect(req?.headers).toEqual(JSON_HEADERS);
    expect(req?.body).toBe('{"id":"25111300002007","qty":1,"type":1,"limitPrice":605,"stopPrice":0}');
  });

  it('DELETE /api/v3/orders/sync with a JSON body {id}', async () => {
    const t = open({ [`DELETE ${API}/orders/sync`]: ok({ code: 1103, id: '25111300002007' }) });
    const ack = await t.adapter.cancelOrder('25111300002007');
    expect(ack.orderId).toBe('25111300002007');
    const [req] = t.seen;
    expect(req?.method).toBe('DELETE');
    expect(req?.path).toBe('/api/v3/orders/sync');
    expect(req?.headers).toEqual(JSON_HEADERS);
    expect(req?.body).toBe('{"id":"25111300002007"}');
  });

  it('a cover-order leg id is accepted; anything else is refused before sending', async () => {
    const t = open({ [`DELETE ${API}/orders/sync`]: ok({ id: '25111300002007-CO-1' }) });
    await t.adapter.cancelOrder('25111300002007-CO-1');
    const err = await failure(t.adapter.cancelOrder('1; DROP'));
    expect(err.code).toBe('INVALID_REQUEST');
    expect(t.seen).toHaveLength(1);
  });

  it('cancelling an order Fyers does not know → ORDER_NOT_FOUND (−159)', async () => {
    const t = open({ [`DELETE ${API}/orders/sync`]: fyersError(200, -159, 'Invalid order number') });
    expect((await failure(t.adapter.cancelOrder('99'))).code).toBe('ORDER_NOT_FOUND');
  });
});

describe('books requests', () => {
  const order = {
    id: '25111300002007',
    symbol: 'NSE:SBIN-EQ',
    fyToken: '10100000003045',
    exchange: 10,
    segment: 10,
    qty: 1,
    filledQty: 0,
    remainingQuantity: 1,
    limitPrice: 600,
    stopPrice: 0,
    tradedPrice: 0,
    type: 1,
    side: 1,
    productType: 'INTRADAY',
    status: 6,
    orderDateTime: '13-Nov-2025 09:20:01',
    orderTag: '1:openalgo',
  };

  it('GET /api/v3/orders, mapped rows', async () => {
    const t = open({ [`GET ${API}/orders`]: ok({ orderBook: [order] }) });
    const [got] = await t.adapter.getOrders();
    expect(got).toMatchObject({ orderId: '25111300002007', status: 'open', clientOrderId: 'openalgo' });
    expect(t.seen[0]?.path).toBe('/api/v3/orders');
    expect(t.seen[0]?.headers).toEqual(GET_HEADERS);
  });

  it('getOrder: GET /api/v3/orders?id=<id>; an empty book is ORDER_NOT_FOUND', async () => {
    const t = open({ [`GET ${API}/orders`]: [ok({ orderBook: [order] }), ok({ orderBook: [] })] });
    expect((await t.adapter.getOrder('25111300002007')).orderId).toBe('25111300002007');
    expect(t.seen[0]?.path).toBe('/api/v3/orders?id=25111300002007');
    expect((await failure(t.adapter.getOrder('25111300002008'))).code).toBe('ORDER_NOT_FOUND');
  });

  it('GET /api/v3/tradebook; a missing tradeBook key is an empty book', async () => {
    const t = open({ [`GET ${API}/tradebook`]: ok({}) });
    expect(await t.adapter.getTrades()).toEqual([]);
    expect(t.seen[0]?.path).toBe('/api/v3/tradebook');
  });
});
