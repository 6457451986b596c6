import { InstrumentIndex, ManualClock, type Order } from '@openalgo/core';
import { createSandbox, DEFAULT_SANDBOX_START, type SandboxInstance } from '@openalgo/sandbox';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { json } from './support/app.js';
import { type KeyedApp, keyedApp } from './support/idempotency-harness.js';

/**
 * /optionsorder and /optionsmultiorder on the sandbox broker, through the server's journaled order
 * path (a real SQLite store): NIFTY pinned at 23010 on NSE_INDEX, so with the sandbox's 50-point
 * strikes ATM is 23000; a call is in the money below it, a put above it. Lot size 65.
 */

const LTP = 23010;
const EXPIRY = '13JAN26';
const NIFTY = { strategy: 'Test', underlying: 'NIFTY', exchange: 'NSE_INDEX', expiry_date: EXPIRY };
const BUY_LOT = { action: 'BUY', quantity: 65, product: 'NRML' };

let sandbox: SandboxInstance;
let api: KeyedApp;

beforeAll(async () => {
  const clock = new ManualClock(DEFAULT_SANDBOX_START);
  sandbox = await createSandbox({ clock, config: { scheduler: false } });
  const instruments = InstrumentIndex.fromRows([...sandbox.instruments.rows()], { clock });
  api = await keyedApp(sandbox.adapter, instruments, clock);
  sandbox.backdoor.setPrice({ symbol: 'NIFTY', exchange: 'NSE_INDEX' }, LTP);
});
afterAll(async () => {
  await api?.close();
  await sandbox?.close();
});

/** The placeOrder calls that reached the sandbox broker, in order. */
function placements(): Array<{ symbol: string; action: string; quantity: number }> {
  return sandbox.backdoor
    .requests()
    .filter((r) => r.path === 'placeOrder')
    .map((r) => {
      const order = r.args as { symbol: string; action: string; quantity: number };
      return { symbol: order.symbol, action: order.action, quantity: order.quantity };
    });
}

async function bookOrder(orderId: unknown): Promise<Order | undefined> {
  return (await sandbox.adapter.getOrders()).find((o) => o.orderId === orderId);
}

describe('POST /optionsorder', () => {
  test.each([
    ['ATM', 'CE', 23000],
    ['ITM2', 'CE', 22900],
    ['OTM1', 'CE', 23050],
    ['ATM', 'PE', 23000],
    ['ITM2', 'PE', 23100],
    ['otm1', 'pe', 22950],
  ])('%s %s resolves to strike %i and the order lands in the book', async (offset, type, strike) => {
    const response = await api.send('optionsorder', { ...NIFTY, ...BUY_LOT, offset, option_type: type });
    expect(response.statusCode, response.body).toBe(200);
    const symbol = `NIFTY${EXPIRY}${strike}${type.toUpperCase()}`;
    const body = json(response);
    expect(body).toEqual({
      status: 'success',
      orderid: expect.any(String),
      symbol,
      exchange: 'NFO',
      underlying: 'NIFTY',
      underlying_ltp: LTP,
      offset: offset.toUpperCase(),
      option_type: type.toUpperCase(),
    });
    expect(await bookOrder(body.orderid)).toMatchObject({
      symbol,
      exchange: 'NFO',
      action: 'BUY',
      quantity: 65,
      product: 'NRML',
    });
  });

  test('numbers as strings, as the Python client sends them (quantity "65", strike_int "50")', async () => {
    const response = await api.send('optionsorder', {
      ...NIFTY,
      ...BUY_LOT,
      quantity: '65',
      strike_int: '50',
      offset: 'ITM1',
      option_type: 'CE',
      pricetype: 'MARKET',
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(json(response).symbol).toBe(`NIFTY${EXPIRY}22950CE`);
  });

  test('a replay with the same client_order_id returns the same order id and places nothing', async () => {
    const request = { ...NIFTY, ...BUY_LOT, offset: 'OTM2', option_type: 'PE', client_order_id: 'opt-1' };
    const first = json(await api.send('optionsorder', request));
    const sent = placements().length;
    // The market moved: the replay still answers with the first strike, not a new one.
    sandbox.backdoor.setPrice({ symbol: 'NIFTY', exchange: 'NSE_INDEX' }, LTP + 200);
    try {
      const again = await api.send('optionsorder', { ...request, quantity: '65', action: 'buy' });
      expect(again.statusCode, again.body).toBe(200);
      expect(json(again)).toEqual(first);
      expect(placements()).toHaveLength(sent);
      // The same key in the header is the same request.
      expect(
        json(await api.send('optionsorder', { ...request, client_order_id: undefined }, 'opt-1')),
      ).toEqual(first);
      expect(placements()).toHaveLength(sent);
    } finally {
      sandbox.backdoor.setPrice({ symbol: 'NIFTY', exchange: 'NSE_INDEX' }, LTP);
    }
  });

  test('with splitsize it places child orders as /splitorder does; a replay places none', async () => {
    const request = { ...NIFTY, ...BUY_LOT, quantity: 195, splitsize: 65, offset: 'ATM', option_type: 'CE' };
    const sent = placements().length;
    const response = await api.send('optionsorder', request, 'split-opt');
    expect(response.statusCode, response.body).toBe(200);
    const body = json(response);
    expect(body).toMatchObject({
      status: 'success',
      symbol: `NIFTY${EXPIRY}23000CE`,
      exchange: 'NFO',
      underlying_ltp: LTP,
      total_quantity: 195,
      split_size: 65,
    });
    const results = body.results as Array<Record<string, unknown>>;
    expect(results.map((r) => [r.order_num, r.quantity, r.status])).toEqual([
      [1, 65, 'success'],
      [2, 65, 'success'],
      [3, 65, 'success'],
    ]);
    for (const r of results) expect((await bookOrder(r.orderid))?.symbol).toBe(`NIFTY${EXPIRY}23000CE`);
    expect(placements()).toHaveLength(sent + 3);
    expect(json(await api.send('optionsorder', request, 'split-opt'))).toEqual(body);
    expect(placements()).toHaveLength(sent + 3);
  });
});

describe('POST /optionsmultiorder', () => {
  const condor = [
    { offset: 'OTM3', option_type: 'CE', action: 'SELL', quantity: 65 },
    { offset: 'OTM6', option_type: 'CE', action: 'BUY', quantity: 65 },
    { offset: 'OTM3', option_type: 'PE', action: 'SELL', quantity: 65 },
    { offset: 'OTM6', option_type: 'PE', action: 'BUY', quantity: 65 },
  ];

  test('an iron condor: one LTP, BUY legs reach the broker before SELL legs, results in leg order', async () => {
    const sent = placements().length;
    const response = await api.send('optionsmultiorder', { ...NIFTY, strategy: 'Condor', legs: condor });
    expect(response.statusCode, response.body).toBe(200);
    const body = json(response);
    const symbols = ['23150CE', '23300CE', '22850PE', '22700PE'].map((s) => `NIFTY${EXPIRY}${s}`);
    expect(body).toEqual({
      status: 'success',
      underlying: 'NIFTY',
      underlying_ltp: LTP,
      results: condor.map((leg, i) => ({
        leg: i + 1,
        symbol: symbols[i],
        exchange: 'NFO',
        offset: leg.offset,
        option_type: leg.option_type,
        action: leg.action,
        status: 'success',
        orderid: expect.any(String),
        mode: 'live',
      })),
    });
    const order = placements().slice(sent);
    expect(order.map((p) => p.action)).toEqual(['BUY', 'BUY', 'SELL', 'SELL']);
    expect(new Set(order.map((p) => p.symbol))).toEqual(new Set(symbols));
    for (const r of body.results as Array<Record<string, unknown>>) {
      expect((await bookOrder(r.orderid))?.symbol).toBe(r.symbol);
    }
  });

  test('per-leg expiry (a calendar spread) and a split leg', async () => {
    const response = await api.send('optionsmultiorder', {
      ...NIFTY,
      legs: [
        { offset: 'ATM', option_type: 'CE', action: 'SELL', quantity: 65 },
        {
          offset: 'ATM',
          option_type: 'CE',
          action: 'BUY',
          quantity: 130,
          splitsize: 65,
          expiry_date: '20JAN26',
        },
      ],
    });
    expect(response.statusCode, response.body).toBe(200);
    const [sell, buy] = json(response).results as Array<Record<string, unknown>>;
    expect(sell).toMatchObject({ leg: 1, symbol: `NIFTY${EXPIRY}23000CE`, status: 'success' });
    expect(buy).toMatchObject({
      leg: 2,
      symbol: 'NIFTY20JAN2623000CE',
      action: 'BUY',
      status: 'success',
      total_quantity: 130,
      split_size: 65,
      mode: 'live',
    });
    const children = buy?.split_results as Array<Record<string, unknown>>;
    expect(children.map((c) => [c.order_num, c.quantity, c.status])).toEqual([
      [1, 65, 'success'],
      [2, 65, 'success'],
    ]);
  });

  test('a replay with the same key returns the same order ids and places nothing', async () => {
    const request = { ...NIFTY, legs: condor, client_order_id: 'condor-1' };
    const first = json(await api.send('optionsmultiorder', request));
    expect(first.status).toBe('success');
    const sent = placements().length;
    expect(json(await api.send('optionsmultiorder', request))).toEqual(first);
    expect(
      json(await api.send('optionsmultiorder', { ...request, client_order_id: undefined }, 'condor-1')),
    ).toEqual(first);
    expect(placements()).toHaveLength(sent);
    // Each leg is keyed <id>/<n>: /orderstatus finds it.
    const status = json(await api.send('orderstatus', { strategy: 'Test', client_order_id: 'condor-1/2' }));
    const second = (first.results as Array<Record<string, unknown>>)[1];
    expect((status.data as Record<string, unknown>).orderid).toBe(second?.orderid);
  });
});

describe('validation: a bad field is a 400 naming it, and nothing is sent', () => {
  const leg = { offset: 'ATM', option_type: 'CE', action: 'BUY', quantity: 65 };
  test.each([
    ['optionsorder', { ...NIFTY, ...leg, product: 'CNC' }, 'product'],
    ['optionsorder', { ...NIFTY, ...leg, offset: 'ITM51' }, 'offset'],
    ['optionsorder', { ...NIFTY, ...leg, option_type: 'CALL' }, 'option_type'],
    ['optionsorder', { ...NIFTY, ...leg, quantity: 0 }, 'quantity'],
    ['optionsorder', { ...NIFTY, ...leg, splitsize: 1, quantity: 650 }, 'splitsize'],
    ['optionsorder', { ...NIFTY, ...leg, pricetype: 'LIMIT' }, 'price'],
    ['optionsorder', { ...NIFTY, ...leg, expiry_date: undefined }, 'expiry_date'],
    ['optionsorder', { ...NIFTY, ...leg, expiry_date: '14JAN26' }, 'expiry_date'],
    ['optionsorder', { ...NIFTY, ...leg, offset: 'OTM50' }, 'offset'],
    // A strike grid wider than the price: its ATM rounds to 0, which is no strike.
    ['optionsorder', { ...NIFTY, ...leg, strike_int: 46030 }, 'strike_int'],
    ['optionsorder', { ...NIFTY, ...leg, strike_int: 30 }, 'strike_int'],
    ['optionsmultiorder', { ...NIFTY, legs: [] }, 'legs'],
    ['optionsmultiorder', { ...NIFTY, legs: Array.from({ length: 21 }, () => leg) }, 'legs'],
    ['optionsmultiorder', { ...NIFTY, legs: [leg, { ...leg, offset: 'ITM99' }] }, 'legs.1.offset'],
    ['optionsmultiorder', { ...NIFTY, legs: [leg, { ...leg, product: 'CNC' }] }, 'legs.1.product'],
    ['optionsmultiorder', { ...NIFTY, legs: [leg, { ...leg, action: 'HOLD' }] }, 'legs.1.action'],
    // Well-formed, but the strike is not listed: still nothing of the spread is placed.
    ['optionsmultiorder', { ...NIFTY, legs: [leg, { ...leg, offset: 'OTM40' }] }, 'legs.1.offset'],
    [
      'optionsmultiorder',
      { ...NIFTY, legs: [leg, { ...leg, expiry_date: '14JAN26' }] },
      'legs.1.expiry_date',
    ],
  ])('%s %j → %s', async (path, request, field) => {
    const sent = placements().length;
    const response = await api.send(path, request);
    const body = json(response);
    expect(response.statusCode, response.body).toBeGreaterThanOrEqual(400);
    expect(response.statusCode).toBeLessThan(500);
    expect(body).toMatchObject({ status: 'error', field });
    expect(body.message).toContain(field);
    expect(placements()).toHaveLength(sent);
  });
});
