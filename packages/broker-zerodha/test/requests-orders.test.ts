import { isOpenAlgoError } from '@openalgo/core';
import { orderRequest } from '@openalgo/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ACCESS_TOKEN,
  API_KEY,
  fixture,
  formPairs,
  kiteError,
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

const AUTH_HEADERS = { 'x-kite-version': '3', authorization: `token ${API_KEY}:${ACCESS_TOKEN}` };
const FORM_HEADERS = { ...AUTH_HEADERS, 'content-type': 'application/x-www-form-urlencoded' };

const limitBuy = orderRequest({ priceType: 'LIMIT', product: 'CNC', price: 420.5, clientOrderId: 'oa1234' });

async function failure(promise: Promise<unknown>) {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isOpenAlgoError(err)) throw new Error(`expected an OpenAlgoError, got ${String(err)}`);
  return err;
}

describe('placeOrder request', () => {
  it('POST /orders/regular, form-encoded, variety regular, validity DAY, the client order id as tag', async () => {
    const t = open({ 'POST /orders/regular': { status: 200, body: fixture('order_response.json') } });
    const ack = await t.adapter.placeOrder(limitBuy);
    expect(ack).toEqual({
      orderId: '151220000000000',
      clientOrderId: 'oa1234',
      raw: { order_id: '151220000000000' },
    });
    expect(t.seen).toHaveLength(1);
    const [req] = t.seen;
    expect(req?.method).toBe('POST');
    expect(req?.path).toBe('/orders/regular');
    expect(req?.headers).toEqual(FORM_HEADERS);
    // The canonical example of docs/reference/brokers.md §1.10, with our tag.
    expect(req?.body).toBe(
      'tradingsymbol=SBIN&exchange=NSE&transaction_type=BUY&order_type=LIMIT&quantity=1&product=CNC&price=420.5&validity=DAY&tag=oa1234',
    );
  });

  it('a MARKET order sends no price and asks for automatic market protection', async () => {
    const t = open({ 'POST /orders/regular': ok({ order_id: '1' }) });
    await t.adapter.placeOrder({
      ...limitBuy,
      action: 'SELL',
      priceType: 'MARKET',
      price: 0,
      product: 'MIS',
    });
    expect(formPairs(t.seen[0])).toEqual([
      ['tradingsymbol', 'SBIN'],
      ['exchange', 'NSE'],
      ['transaction_type', 'SELL'],
      ['order_type', 'MARKET'],
      ['quantity', '1'],
      ['product', 'MIS'],
      ['validity', 'DAY'],
      ['market_protection', '-1'],
      ['tag', 'oa1234'],
    ]);
  });

  it('SL sends price and trigger; SL-M sends the trigger only; disclosed quantity when set', async () => {
    const t = open({ 'POST /orders/regular': ok({ order_id: '1' }) });
    await t.adapter.placeOrder({
      ...limitBuy,
      priceType: 'SL',
      price: 421,
      triggerPrice: 420,
      quantity: 10,
      disclosedQuantity: 2,
    });
    await t.adapter.placeOrder({ ...limitBuy, priceType: 'SL-M', price: 0, triggerPrice: 419.95 });
    expect(Object.fromEntries(formPairs(t.seen[0]))).toEqual({
      tradingsymbol: 'SBIN',
      exchange: 'NSE',
      transaction_type: 'BUY',
      order_type: 'SL',
      quantity: '10',
      product: 'CNC',
      price: '421',
      trigger_price: '420',
      disclosed_quantity: '2',
      validity: 'DAY',
      tag: 'oa1234',
    });
    expect(Object.fromEntries(formPairs(t.seen[1]))).toEqual({
      tradingsymbol: 'SBIN',
      exchange: 'NSE',
      transaction_type: 'BUY',
      order_type: 'SL-M',
      quantity: '1',
      product: 'CNC',
      trigger_price: '419.95',
      validity: 'DAY',
      market_protection: '-1',
      tag: 'oa1234',
    });
  });

  it('sends Kite’s tradingsymbol (from the master) for an OpenAlgo derivative symbol, URL-encoding & in M&M', async () => {
    const t = open({ 'POST /orders/regular': ok({ order_id: '1' }) });
    await t.adapter.placeOrder({
      ...limitBuy,
      symbol: 'NIFTY07AUG2524400CE',
      exchange: 'NFO',
      product: 'NRML',
      quantity: 75,
    });
    await t.adapter.placeOrder({ ...limitBuy, symbol: 'M&M' });
    expect(Object.fromEntries(formPairs(t.seen[0]))).toMatchObject({
      tradingsymbol: 'NIFTY2580724400CE',
      exchange: 'NFO',
    });
    expect(t.seen[1]?.body).toMatch(/^tradingsymbol=M%26M&/);
  });

  it('an unknown symbol fails with SYMBOL_NOT_FOUND before any request', async () => {
    const t = open({});
    const err = await failure(t.adapter.placeOrder({ ...limitBuy, symbol: 'NOSUCH' }));
    expect(err.code).toBe('SYMBOL_NOT_FOUND');
    expect(t.seen).toEqual([]);
  });

  it("an index feed cannot be ordered (core's one rule: INVALID_ORDER); nothing is sent", async () => {
    const t = open({});
    const err = await failure(t.adapter.placeOrder({ ...limitBuy, symbol: 'NIFTY', exchange: 'NSE_INDEX' }));
    expect(err).toMatchObject({ code: 'INVALID_ORDER', field: 'exchange', broker: 'zerodha' });
    const modify = await failure(
      t.adapter.modifyOrder({ ...limitBuy, orderId: '1', symbol: 'NIFTY', exchange: 'NSE_INDEX' }),
    );
    expect(modify).toMatchObject({ code: 'INVALID_ORDER', field: 'exchange' });
    const margin = await failure(
      t.adapter.getMargin([
        {
          symbol: 'GIFTNIFTY',
          exchange: 'GLOBAL_INDEX',
          action: 'BUY',
          quantity: 1,
          product: 'NRML',
          priceType: 'MARKET',
          price: 0,
          triggerPrice: 0,
        },
      ]),
    );
    expect(margin).toMatchObject({ code: 'INVALID_ORDER', field: 'exchange' });
    expect(t.seen).toEqual([]);
  });

  it('an invalid order (LIMIT without price) or a bad tag is refused locally', async () => {
    const t = open({});
    expect((await failure(t.adapter.placeOrder({ ...limitBuy, price: 0 }))).code).toBe('INVALID_REQUEST');
    expect((await failure(t.adapter.placeOrder({ ...limitBuy, clientOrderId: 'has space' }))).code).toBe(
      'INVALID_REQUEST',
    );
    expect(t.seen).toEqual([]);
  });
});

describe('modifyOrder and cancelOrder requests', () => {
  const modify = { ...limitBuy, orderId: '151220000000000', quantity: 2, price: 421 };

  it('PUT /orders/regular/{id} with the new order type, quantity, price and validity', async () => {
    const t = open({
      'PUT /orders/regular/151220000000000': { status: 200, body: fixture('order_modify.json') },
    });
    const ack = await t.adapter.modifyOrder(modify);
    expect(ack.orderId).toBe('151220000000000');
    expect(t.seen[0]?.method).toBe('PUT');
    expect(t.seen[0]?.path).toBe('/orders/regular/151220000000000');
    expect(t.seen[0]?.headers).toEqual(FORM_HEADERS);
    expect(t.seen[0]?.body).toBe('order_type=LIMIT&quantity=2&price=421&validity=DAY');
  });

  it('a modify to SL-M sends the trigger, no price, and automatic market protection', async () => {
    const t = open({ 'PUT /orders/regular/151220000000000': ok({ order_id: '151220000000000' }) });
    await t.adapter.modifyOrder({ ...modify, priceType: 'SL-M', price: 0, triggerPrice: 400 });
    // Kite refuses a modification to MARKET or SL-M without market protection.
    expect(t.seen[0]?.body).toBe(
      'order_type=SL-M&quantity=2&trigger_price=400&validity=DAY&market_protection=-1',
    );
  });

  it('DELETE /orders/regular/{id} with no body', async () => {
    const t = open({
      'DELETE /orders/regular/151220000000000': { status: 200, body: fixture('order_cancel.json') },
    });
    const ack = await t.adapter.cancelOrder('151220000000000');
    expect(ack).toEqual({ orderId: '151220000000000', raw: { order_id: '151220000000000' } });
    expect(t.seen[0]).toMatchObject({
      method: 'DELETE',
      path: '/orders/regular/151220000000000',
      body: undefined,
    });
    expect(t.seen[0]?.headers).toEqual(AUTH_HEADERS);
  });

  it('an order id that is not a Kite id never reaches the URL', async () => {
    const t = open({});
    expect((await failure(t.adapter.cancelOrder('../../user/margins'))).code).toBe('INVALID_REQUEST');
    expect((await failure(t.adapter.modifyOrder({ ...modify, orderId: '1?x=2' }))).code).toBe(
      'INVALID_REQUEST',
    );
    expect(t.seen).toEqual([]);
  });

  it('a 404 on the order URL is ORDER_NOT_FOUND', async () => {
    const t = open({ 'DELETE /orders/regular/999': kiteError(404, 'GeneralException', 'Not found') });
    expect((await failure(t.adapter.cancelOrder('999'))).code).toBe('ORDER_NOT_FOUND');
  });

  it('writes are never retried, even on a 5xx', async () => {
    const t = open({ 'DELETE /orders/regular/5': kiteError(502, 'DataException', 'OMS down') });
    const err = await failure(t.adapter.cancelOrder('5'));
    expect(err).toMatchObject({ code: 'BROKER_UNAVAILABLE', mayHaveReachedBroker: true });
    expect(t.seen).toHaveLength(1);
  });
});

describe('order book, order history and trade book requests', () => {
  it('GET /orders', async () => {
    const t = open({ 'GET /orders': { status: 200, body: fixture('orders.json') } });
    const orders = await t.adapter.getOrders();
    expect(orders).toHaveLength(10);
    expect(t.seen).toEqual([{ method: 'GET', path: '/orders', headers: AUTH_HEADERS, body: undefined }]);
  });

  it('GET /orders/{id} returns the latest state row', async () => {
    const t = open({ 'GET /orders/171229000724687': { status: 200, body: fixture('order_info.json') } });
    const order = await t.adapter.getOrder('171229000724687');
    expect(order).toMatchObject({ orderId: '171229000724687', status: 'open', price: 300.1 });
    expect(t.seen[0]).toMatchObject({
      method: 'GET',
      path: '/orders/171229000724687',
      headers: AUTH_HEADERS,
    });
  });

  it('an empty history or a 404 is ORDER_NOT_FOUND', async () => {
    const t = open({ 'GET /orders/1': ok([]), 'GET /orders/2': kiteError(404, undefined, 'Not Found') });
    expect(await failure(t.adapter.getOrder('1'))).toMatchObject({
      code: 'ORDER_NOT_FOUND',
      broker: 'zerodha',
    });
    expect((await failure(t.adapter.getOrder('2'))).code).toBe('ORDER_NOT_FOUND');
  });

  it('GET /trades', async () => {
    const t = open({ 'GET /trades': { status: 200, body: fixture('trades.json') } });
    expect(await t.adapter.getTrades()).toHaveLength(4);
    expect(t.seen[0]).toEqual({ method: 'GET', path: '/trades', headers: AUTH_HEADERS, body: undefined });
  });

  it('reads are retried on a transient 5xx', async () => {
    const t = open({
      'GET /trades': [
        kiteError(503, 'NetworkException', 'busy'),
        { status: 200, body: fixture('trades.json') },
      ],
    });
    const pending = t.adapter.getTrades();
    // The retry backoff sleeps on the injected clock.
    for (let i = 0; i < 50 && t.seen.length < 2; i++) await t.clock.advance(100);
    expect(await pending).toHaveLength(4);
    expect(t.seen).toHaveLength(2);
  });
});

describe('portfolio requests', () => {
  it('GET /portfolio/positions, /portfolio/holdings and /user/margins', async () => {
    const t = open({
      'GET /portfolio/positions': { status: 200, body: fixture('positions.json') },
      'GET /portfolio/holdings': { status: 200, body: fixture('holdings.json') },
      'GET /user/margins': { status: 200, body: fixture('margins.json') },
    });
    expect(await t.adapter.getPositions()).toHaveLength(3);
    expect(await t.adapter.getHoldings()).toHaveLength(2);
    expect((await t.adapter.getFunds()).availableCash).toBe(200386.75);
    expect(t.seen.map((r) => [r.method, r.path, r.body])).toEqual([
      ['GET', '/portfolio/positions', undefined],
      ['GET', '/portfolio/holdings', undefined],
      ['GET', '/user/margins', undefined],
    ]);
    for (const req of t.seen) expect(req.headers).toEqual(AUTH_HEADERS);
  });
});

describe('margin requests (JSON bodies)', () => {
  const leg = {
    symbol: 'SBIN',
    exchange: 'NSE' as const,
    action: 'BUY' as const,
    quantity: 10,
    product: 'CNC' as const,
    priceType: 'LIMIT' as const,
    price: 420,
    triggerPrice: 0,
  };

  it('one leg → POST /margins/orders?mode=compact with a JSON array', async () => {
    const t = open({ 'POST /margins/orders': { status: 200, body: fixture('order_margins.json') } });
    const margin = await t.adapter.getMargin?.([leg]);
    expect(margin).toMatchObject({ totalMarginRequired: 1498, spanMargin: 0, exposureMargin: 0 });
    expect(t.seen[0]?.path).toBe('/margins/orders?mode=compact');
    expect(t.seen[0]?.headers).toEqual({ ...AUTH_HEADERS, 'content-type': 'application/json' });
    expect(JSON.parse(t.seen[0]?.body ?? '')).toEqual([
      {
        exchange: 'NSE',
        tradingsymbol: 'SBIN',
        transaction_type: 'BUY',
        variety: 'regular',
        product: 'CNC',
        order_type: 'LIMIT',
        quantity: 10,
        price: 420,
        trigger_price: 0,
      },
    ]);
  });

  it('several legs → POST /margins/basket?consider_positions=true and the final figures', async () => {
    const t = open({ 'POST /margins/basket': { status: 200, body: fixture('basket_margins.json') } });
    const margin = await t.adapter.getMargin?.([
      leg,
      { ...leg, symbol: 'NIFTY07AUG2524400CE', exchange: 'NFO', action: 'SELL' },
    ]);
    expect(margin).toMatchObject({ totalMarginRequired: 34786.725000000006, spanMargin: 7788.000000000007 });
    expect(t.seen[0]?.path).toBe('/margins/basket?consider_positions=true&mode=compact');
    expect(JSON.parse(t.seen[0]?.body ?? '')[1]).toMatchObject({
      tradingsymbol: 'NIFTY2580724400CE',
      exchange: 'NFO',
    });
  });
});
