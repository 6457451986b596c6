import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SECURE_PREFIX } from '../../src/simulator/index.js';
import { orderBody, startSimulator, type TestSimulator } from './support.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let t: TestSimulator;
beforeEach(async () => {
  t = await startSimulator();
  // A still SBIN: orders away from 800 rest, MARKET orders fill near it.
  t.sim.backdoor.setPrice({ symbol: 'SBIN', exchange: 'NSE' }, 800);
});
afterEach(() => t.close());

interface Placed {
  script: string;
  orderid: string;
  uniqueorderid: string;
}

const place = (body: Record<string, unknown>) => t.data<Placed>('/order/v1/placeOrder', { json: body });
const historyOf = (orderId: string) => t.sim.backdoor.orders().find((o) => o.orderId === orderId)?.history;

async function failure(path: string, json: unknown) {
  const answer = await t.call(`${SECURE_PREFIX}${path}`, { json });
  expect(answer.status).toBe(200);
  expect(answer.body.status).toBe(false);
  expect(answer.body.data).toBeNull();
  return answer.body as { message: string; errorcode: string };
}

describe('placeOrder', () => {
  it("answers Angel's ids: YYMMDD + 9 digits and a UUID, with the script", async () => {
    const placed = await place(orderBody());
    expect(placed.script).toBe('SBIN-EQ');
    expect(placed.orderid).toMatch(/^260105\d{9}$/);
    expect(placed.uniqueorderid).toMatch(UUID);
    const second = await place(orderBody());
    expect(BigInt(second.orderid)).toBe(BigInt(placed.orderid) + 1n);
  });

  it('takes numbers as strings or as JSON numbers', async () => {
    const placed = await place(orderBody({ ordertype: 'LIMIT', price: 700, quantity: 2 }));
    const book = await t.data<Array<Record<string, unknown>>>('/order/v1/getOrderBook', { method: 'GET' });
    expect(book.find((o) => o.orderid === placed.orderid)).toMatchObject({ price: '700.00', quantity: '2' });
  });

  it('walks the status sequences of §2.4: resting, filled, modified, cancelled, triggered', async () => {
    const market = await place(orderBody());
    expect(historyOf(market.orderid)).toEqual(['open pending', 'open', 'complete']);

    const limit = await place(orderBody({ ordertype: 'LIMIT', price: '700' }));
    expect(historyOf(limit.orderid)).toEqual(['open pending', 'open']);
    await t.data('/order/v1/modifyOrder', {
      json: { ...orderBody({ ordertype: 'LIMIT', price: '710', quantity: '3' }), orderid: limit.orderid },
    });
    expect(historyOf(limit.orderid)).toEqual(['open pending', 'open', 'modify pending', 'modified', 'open']);
    await t.data('/order/v1/cancelOrder', { json: { variety: 'NORMAL', orderid: limit.orderid } });
    expect(historyOf(limit.orderid)?.at(-1)).toBe('cancelled');

    const stop = await place(
      orderBody({ variety: 'STOPLOSS', ordertype: 'STOPLOSS_MARKET', triggerprice: '820' }),
    );
    expect(historyOf(stop.orderid)).toEqual(['open pending', 'trigger pending']);
    t.sim.backdoor.setPrice({ symbol: 'SBIN', exchange: 'NSE' }, 825);
    await t.data('/order/v1/getOrderBook', { method: 'GET' });
    expect(historyOf(stop.orderid)).toEqual(['open pending', 'trigger pending', 'open', 'complete']);
  });

  it('records a refusal of the RMS as `rejected` with the reason in `text`, and still answers the ids', async () => {
    const placed = await place(orderBody({ producttype: 'CARRYFORWARD' }));
    expect(historyOf(placed.orderid)).toEqual(['rejected']);
    const details = await t.data<Record<string, unknown>>(`/order/v1/details/${placed.uniqueorderid}`, {
      method: 'GET',
      json: null,
    });
    expect(details.status).toBe('rejected');
    expect(details.orderstatus).toBe('rejected');
    expect(String(details.text)).not.toBe('');
  });

  it.each([
    [{ variety: 'AMO' }, 'AB1008'],
    [{ variety: 'STOPLOSS' }, 'AB1008'],
    [{ variety: 'ROBO' }, 'AB2002'],
    [{ producttype: 'MARGIN' }, 'AB1012'],
    [{ producttype: 'CNC' }, 'AB1012'],
    [{ ordertag: 'x'.repeat(20) }, 'AB4008'],
    [{ symboltoken: '' }, 'AB4018'],
    [{ symboltoken: '999999999' }, 'AB4006'],
    [{ tradingsymbol: 'SBI-EQ' }, 'AB1009'],
    [{ quantity: '1.5' }, 'AB1007'],
    [{ ordertype: 'SL' }, 'AB1007'],
    [{ duration: 'IOC' }, 'AB1007'],
  ])('refuses %j with %s on HTTP 200', async (overrides, code) => {
    expect((await failure('/order/v1/placeOrder', orderBody(overrides))).errorcode).toBe(code);
    expect(t.sim.backdoor.orders()).toHaveLength(0);
  });

  it('accepts an ordertag of 19 characters and shows it in the book', async () => {
    const placed = await place(orderBody({ ordertag: 'x'.repeat(19) }));
    const [row] = await t.data<Array<Record<string, unknown>>>('/order/v1/getOrderBook', { method: 'GET' });
    expect(row).toMatchObject({ orderid: placed.orderid, ordertag: 'x'.repeat(19) });
  });
});

describe('modify and cancel', () => {
  it('refuse an unknown order (AB1013) and a finished one (AB1007)', async () => {
    const modify = { ...orderBody({ ordertype: 'LIMIT', price: '700' }), orderid: '260105000000001' };
    expect((await failure('/order/v1/modifyOrder', modify)).errorcode).toBe('AB1013');
    expect((await failure('/order/v1/cancelOrder', { variety: 'NORMAL', orderid: '1' })).errorcode).toBe(
      'AB1013',
    );
    const done = await place(orderBody());
    const refused = await failure('/order/v1/cancelOrder', { variety: 'NORMAL', orderid: done.orderid });
    expect(refused.errorcode).toBe('AB1007');
    expect(refused.message).toContain('complete');
  });

  it('needs the whole order again on modify (the documented request)', async () => {
    const limit = await place(orderBody({ ordertype: 'LIMIT', price: '700' }));
    const partial = await failure('/order/v1/modifyOrder', {
      variety: 'NORMAL',
      orderid: limit.orderid,
      price: '701',
    });
    expect(partial.errorcode).toBe('AB1007');
    expect(partial.message).toMatch(/ordertype|duration|quantity|exchange|producttype/);
  });

  it('answer orderid and uniqueorderid', async () => {
    const limit = await place(orderBody({ ordertype: 'LIMIT', price: '700' }));
    const cancelled = await t.data('/order/v1/cancelOrder', {
      json: { variety: 'NORMAL', orderid: limit.orderid },
    });
    expect(cancelled).toEqual({ orderid: limit.orderid, uniqueorderid: limit.uniqueorderid });
  });
});

describe('books', () => {
  it('answer `data: null` while empty', async () => {
    expect(await t.data('/order/v1/getOrderBook', { method: 'GET' })).toBeNull();
    expect(await t.data('/order/v1/getTradeBook', { method: 'GET' })).toBeNull();
  });

  it('print book numbers as strings and details prices as numbers, quantities as strings (§2.3)', async () => {
    const placed = await place(orderBody({ ordertype: 'LIMIT', price: '700', quantity: '4' }));
    const [row] = await t.data<Array<Record<string, unknown>>>('/order/v1/getOrderBook', { method: 'GET' });
    expect(row).toMatchObject({
      variety: 'NORMAL',
      ordertype: 'LIMIT',
      producttype: 'INTRADAY',
      duration: 'DAY',
      price: '700.00',
      triggerprice: '0',
      quantity: '4',
      filledshares: '0',
      unfilledshares: '4',
      tradingsymbol: 'SBIN-EQ',
      symboltoken: '3045',
      exchange: 'NSE',
      strikeprice: '-1',
      status: 'open',
      orderstatus: 'open',
      orderid: placed.orderid,
      uniqueorderid: placed.uniqueorderid,
    });
    expect(row?.updatetime).toMatch(/^05-Jan-2026 \d{2}:\d{2}:\d{2}$/);
    const details = await t.data<Record<string, unknown>>(`/order/v1/details/${placed.uniqueorderid}`, {
      method: 'GET',
    });
    expect(details).toMatchObject({
      price: 700,
      triggerprice: 0,
      averageprice: 0,
      strikeprice: -1,
      quantity: '4',
    });
    const unknown = await t.call(`${SECURE_PREFIX}/order/v1/details/${placed.orderid}`, { method: 'GET' });
    expect(unknown.body).toMatchObject({ status: false, errorcode: 'AB1013' });
  });

  it('list fills in the trade book with a bare fill time', async () => {
    const placed = await place(orderBody({ quantity: '2' }));
    const trades = await t.data<Array<Record<string, unknown>>>('/order/v1/getTradeBook', { method: 'GET' });
    expect(trades).toHaveLength(1);
    expect(trades[0]).toMatchObject({
      orderid: placed.orderid,
      fillsize: '2',
      tradingsymbol: 'SBIN-EQ',
      producttype: 'INTRADAY',
    });
    expect(trades[0]?.filltime).toMatch(/^\d{2}:\d{2}:\d{2}$/);
    expect(Number(trades[0]?.tradevalue)).toBeCloseTo(2 * Number(trades[0]?.fillprice), 2);
  });
});
