import { isOpenAlgoError } from '@openalgo/core';
import { modifyRequest, orderRequest } from '@openalgo/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import {
  API_KEY,
  angelError,
  failure,
  JWT,
  jsonBody,
  makeAdapter,
  ok,
  SDK_MOCKS,
  SECURE,
  sdkRow,
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

const PLACE = `POST ${SECURE}/order/v1/placeOrder`;
const MODIFY = `POST ${SECURE}/order/v1/modifyOrder`;
const CANCEL = `POST ${SECURE}/order/v1/cancelOrder`;
const BOOK = `GET ${SECURE}/order/v1/getOrderBook`;
const TRADES = `GET ${SECURE}/order/v1/getTradeBook`;

const UNIQUE = '472925fb-7af8-4ed6-82ab-c544a37d3292';
const PLACED = ok({ script: 'SBIN-EQ', orderid: '251023001073890', uniqueorderid: UNIQUE });

/** The six `X-` headers, the API key and the bearer JWT on every call (§2.2), as undici sends them. */
const HEADERS = {
  'content-type': 'application/json',
  accept: 'application/json',
  'x-usertype': 'USER',
  'x-sourceid': 'WEB',
  'x-clientlocalip': '127.0.0.1',
  'x-clientpublicip': '127.0.0.1',
  'x-macaddress': '00:00:00:00:00:00',
  'x-privatekey': API_KEY,
  authorization: `Bearer ${JWT}`,
};

const limitBuy = orderRequest({ priceType: 'LIMIT', product: 'MIS', price: 19500, clientOrderId: 'oa1234' });

function bookRow(partial: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...sdkRow('orderBook'),
    orderid: '251023001073890',
    uniqueorderid: UNIQUE,
    symboltoken: '3045',
    status: 'open',
    orderstatus: 'open',
    ...partial,
  };
}

describe('placeOrder request', () => {
  it('POST placeOrder with §2.10’s canonical body, every number a string, the client order id as ordertag', async () => {
    const t = open({ [PLACE]: PLACED });
    const ack = await t.adapter.placeOrder(limitBuy);
    expect(ack).toEqual({
      orderId: '251023001073890',
      clientOrderId: 'oa1234',
      raw: { script: 'SBIN-EQ', orderid: '251023001073890', uniqueorderid: UNIQUE },
    });
    expect(t.seen).toHaveLength(1);
    const [req] = t.seen;
    expect(req?.method).toBe('POST');
    expect(req?.path).toBe(`${SECURE}/order/v1/placeOrder`);
    expect(req?.headers).toEqual(HEADERS);
    expect(req?.body).toBe(
      JSON.stringify({
        variety: 'NORMAL',
        tradingsymbol: 'SBIN-EQ',
        symboltoken: '3045',
        transactiontype: 'BUY',
        exchange: 'NSE',
        ordertype: 'LIMIT',
        producttype: 'INTRADAY',
        duration: 'DAY',
        price: '19500',
        squareoff: '0',
        stoploss: '0',
        quantity: '1',
        ordertag: 'oa1234',
      }),
    );
  });

  it.each([
    ['MARKET', { price: 0, triggerPrice: 0 }, { variety: 'NORMAL', ordertype: 'MARKET', price: '0' }],
    [
      'SL',
      { price: 421, triggerPrice: 420.95 },
      { variety: 'STOPLOSS', ordertype: 'STOPLOSS_LIMIT', price: '421', triggerprice: '420.95' },
    ],
    [
      'SL-M',
      { price: 0, triggerPrice: 419.95 },
      { variety: 'STOPLOSS', ordertype: 'STOPLOSS_MARKET', price: '0', triggerprice: '419.95' },
    ],
  ] as const)('%s: variety, ordertype, price and trigger', async (priceType, prices, expected) => {
    const t = open({ [PLACE]: PLACED });
    await t.adapter.placeOrder({ ...limitBuy, priceType, ...prices });
    expect(jsonBody(t.seen[0])).toMatchObject(expected);
    if (!('triggerprice' in expected)) expect(jsonBody(t.seen[0])).not.toHaveProperty('triggerprice');
  });

  it('products map to DELIVERY / CARRYFORWARD / INTRADAY; derivatives send the master’s symbol and token', async () => {
    const t = open({ [PLACE]: PLACED });
    await t.adapter.placeOrder({ ...limitBuy, product: 'CNC', disclosedQuantity: 0 });
    await t.adapter.placeOrder({
      ...limitBuy,
      symbol: 'SENSEX08JAN2682000PE',
      exchange: 'BFO',
      product: 'NRML',
      quantity: 20,
      disclosedQuantity: 5,
    });
    expect(jsonBody(t.seen[0])).toMatchObject({ producttype: 'DELIVERY' });
    expect(jsonBody(t.seen[1])).toMatchObject({
      tradingsymbol: 'SENSEX2610882000PE',
      symboltoken: '1130567',
      exchange: 'BFO',
      producttype: 'CARRYFORWARD',
      quantity: '20',
      disclosedquantity: '5',
    });
  });

  it('an unknown symbol or an index fails before any request', async () => {
    const t = open({ [PLACE]: PLACED });
    const unknown = await failure(t.adapter.placeOrder({ ...limitBuy, symbol: 'NOPE' }));
    const index = await failure(
      t.adapter.placeOrder({ ...limitBuy, symbol: 'NIFTY', exchange: 'NSE_INDEX' }),
    );
    expect(isOpenAlgoError(unknown, 'SYMBOL_NOT_FOUND')).toBe(true);
    expect(isOpenAlgoError(index, 'INVALID_ORDER')).toBe(true);
    expect(t.seen).toHaveLength(0);
  });

  it('a refusal carries the client order id; AB4008 (ordertag too long) is INVALID_REQUEST', async () => {
    const t = open({ [PLACE]: angelError('AB4008', 'ordertag length should be less than 20 characters') });
    const err = await failure(t.adapter.placeOrder(limitBuy));
    expect(isOpenAlgoError(err, 'INVALID_REQUEST')).toBe(true);
    expect(isOpenAlgoError(err) && err.clientOrderId).toBe('oa1234');
    expect(isOpenAlgoError(err) && err.mayHaveReachedBroker).toBe(false);
  });

  it('AB1004 on a place is ambiguous: the order may exist, so it is never retried', async () => {
    const t = open({ [PLACE]: angelError('AB1004', 'Something Went Wrong, Please Try After Sometime') });
    const err = await failure(t.adapter.placeOrder(limitBuy));
    expect(isOpenAlgoError(err) && err.mayHaveReachedBroker).toBe(true);
    expect(isOpenAlgoError(err) && err.retryable).toBe(false);
    expect(t.seen).toHaveLength(1);
  });

  it('reads the SDK mock’s camelCase `orderId` ack too', async () => {
    const t = open({ [PLACE]: { status: 200, body: SDK_MOCKS.response.placeOrder } });
    expect((await t.adapter.placeOrder(limitBuy)).orderId).toBe('SA12900');
  });
});

describe('modifyOrder and cancelOrder requests', () => {
  it('modifyOrder sends the docs’ fields: new terms plus the instrument (§2.4)', async () => {
    const t = open({ [MODIFY]: ok({ orderid: '251023001073890', uniqueorderid: UNIQUE }) });
    const ack = await t.adapter.modifyOrder(
      modifyRequest({
        orderId: '251023001073890',
        priceType: 'SL',
        price: 194,
        triggerPrice: 193.5,
        quantity: 2,
      }),
    );
    expect(ack.orderId).toBe('251023001073890');
    expect(t.seen[0]?.path).toBe(`${SECURE}/order/v1/modifyOrder`);
    expect(t.seen[0]?.headers).toEqual(HEADERS);
    expect(jsonBody(t.seen[0])).toEqual({
      variety: 'STOPLOSS',
      orderid: '251023001073890',
      ordertype: 'STOPLOSS_LIMIT',
      producttype: 'INTRADAY',
      duration: 'DAY',
      price: '194',
      triggerprice: '193.5',
      quantity: '2',
      tradingsymbol: 'SBIN-EQ',
      symboltoken: '3045',
      exchange: 'NSE',
    });
  });

  it('cancelOrder reads the order’s variety from the book, then sends {variety, orderid}', async () => {
    const t = open({
      [BOOK]: ok([bookRow({ variety: 'STOPLOSS', ordertype: 'STOPLOSS_LIMIT', status: 'trigger pending' })]),
      [CANCEL]: ok({ orderid: '251023001073890', uniqueorderid: UNIQUE }),
    });
    const ack = await t.adapter.cancelOrder('251023001073890');
    expect(ack.orderId).toBe('251023001073890');
    expect(t.seen.map((r) => `${r.method} ${r.path}`)).toEqual([BOOK, CANCEL]);
    expect(t.seen[0]?.body).toBeUndefined();
    expect(jsonBody(t.seen[1])).toEqual({ variety: 'STOPLOSS', orderid: '251023001073890' });
  });

  it('cancelling an order Angel does not know is ORDER_NOT_FOUND and nothing is cancelled', async () => {
    const t = open({ [BOOK]: ok(null), [CANCEL]: ok({ orderid: 'x' }) });
    const err = await failure(t.adapter.cancelOrder('251023001073999'));
    expect(isOpenAlgoError(err, 'ORDER_NOT_FOUND')).toBe(true);
    expect(t.seen.map((r) => r.path)).toEqual([`${SECURE}/order/v1/getOrderBook`]);
  });

  it('refuses an order id that could name another endpoint, before any request', async () => {
    const t = open({});
    const err = await failure(t.adapter.cancelOrder('../user/v1/logout'));
    expect(isOpenAlgoError(err, 'INVALID_REQUEST')).toBe(true);
    expect(t.seen).toHaveLength(0);
  });
});

describe('order lookups', () => {
  it('getOrder by order id reads the book the first time, then the details of its unique id', async () => {
    const details = `GET ${SECURE}/order/v1/details/${UNIQUE}`;
    const t = open({
      [BOOK]: ok([bookRow()]),
      [details]: ok(bookRow({ price: 194, status: 'complete', orderstatus: 'complete', filledshares: '1' })),
    });
    expect((await t.adapter.getOrder('251023001073890')).status).toBe('open');
    const again = await t.adapter.getOrder('251023001073890');
    expect(again.status).toBe('complete');
    expect(t.seen.map((r) => `${r.method} ${r.path}`)).toEqual([BOOK, details]);
    expect(t.seen[1]?.body).toBeUndefined();
  });

  it('a placed order is looked up by its unique id straight away; an empty book code is ORDER_NOT_FOUND', async () => {
    const details = `GET ${SECURE}/order/v1/details/${UNIQUE}`;
    const t = open({ [PLACE]: PLACED, [details]: angelError('AB1013', 'Order not found') });
    await t.adapter.placeOrder(limitBuy);
    const err = await failure(t.adapter.getOrder('251023001073890'));
    expect(isOpenAlgoError(err, 'ORDER_NOT_FOUND')).toBe(true);
    expect(t.seen.map((r) => `${r.method} ${r.path}`)).toEqual([PLACE, details]);
  });

  it('an empty order book is `data: null` or AB1013: both are []', async () => {
    const a = open({ [BOOK]: ok(null) });
    const b = open({ [BOOK]: angelError('AB1013', 'Order not found') });
    expect(await a.adapter.getOrders()).toEqual([]);
    expect(await b.adapter.getOrders()).toEqual([]);
  });

  it('trades: symbols the master knows by name need nothing more; others (BFO’s own spelling) take the order book’s token', async () => {
    const trade = sdkRow('tradeBook');
    const bfo = {
      ...trade,
      exchange: 'BFO',
      producttype: 'CARRYFORWARD',
      tradingsymbol: 'SENSEX2610882000PE',
      orderid: '260105000000001',
      fillid: '9',
    };
    const t = open({
      [TRADES]: ok([trade, bfo]),
      [BOOK]: ok([bookRow({ orderid: '260105000000001', exchange: 'BFO', symboltoken: '1130567' })]),
    });
    const trades = await t.adapter.getTrades();
    expect(trades.map((x) => `${x.exchange}:${x.symbol}`)).toEqual(['NSE:ITC', 'BFO:SENSEX08JAN2682000PE']);
    expect(trades[0]?.timestamp).toBe('2026-01-05T13:27:53+05:30');
    expect(t.seen.map((r) => `${r.method} ${r.path}`)).toEqual([TRADES, BOOK]);
  });
});
