import { InsufficientFundsError, type TaggedOrderRequest } from '@openalgo/core';
import { afterEach, describe, expect, test } from 'vitest';
import { requestCost } from '../../src/api/rate-limit.js';
import { OptionsMultiOrderRequest, OptionsOrderRequest } from '../../src/api/schemas/option-orders.js';
import { parseRequest } from '../../src/api/validation.js';
import { API_KEY } from './support/accounts.js';
import { json } from './support/app.js';
import { type FakeHarness, fakeHarness } from './support/harness.js';
import { type KeyedHarness, keyedHarness } from './support/idempotency-harness.js';

/**
 * Options orders over the scripted broker: a multi-order retried after one leg failed places only
 * that leg; analyzer mode is reported; the rate limiter charges one order token per order placed.
 * The fake master lists NIFTY's 26000 call (13 JAN 26) and put (6 JAN 26); NIFTY has no spot there,
 * so the underlying is its nearest unexpired future, quoted at 800 (ATM is the one listed strike).
 */

const CALENDAR = {
  strategy: 'Test',
  underlying: 'NIFTY',
  exchange: 'NFO',
  legs: [
    { offset: 'ATM', option_type: 'PE', action: 'SELL', quantity: 75, expiry_date: '06JAN26' },
    { offset: 'ATM', option_type: 'CE', action: 'BUY', quantity: 75, expiry_date: '13JAN26' },
  ],
};

let keyed: KeyedHarness | undefined;
let fake: FakeHarness | undefined;
afterEach(async () => {
  await keyed?.close();
  await fake?.app.close();
  keyed = undefined;
  fake = undefined;
});

describe('a keyed multi-order that did not fully succeed', () => {
  test('is retried leg by leg: the failed leg is placed, the placed one is never sent again', async () => {
    keyed = await keyedHarness();
    const h = keyed;
    const placed = () => h.adapter.callsTo('placeOrder').map((c) => c.args[0] as TaggedOrderRequest);
    // BUY legs go first: the call leg is the first order, and the broker refuses it.
    h.adapter.failNext('placeOrder', new InsufficientFundsError('RMS: margin exceeds'));
    const first = json(await h.send('optionsmultiorder', CALENDAR, 'cal-1'));
    expect(first.status).toBe('partial');
    const [put, call] = first.results as Array<Record<string, unknown>>;
    expect(call).toMatchObject({
      leg: 2,
      symbol: 'NIFTY13JAN2626000CE',
      status: 'error',
      code: 'INSUFFICIENT_FUNDS',
    });
    expect(put).toMatchObject({ leg: 1, symbol: 'NIFTY06JAN2626000PE', status: 'success' });
    expect(placed().map((o) => o.symbol)).toEqual(['NIFTY13JAN2626000CE', 'NIFTY06JAN2626000PE']);

    const retry = json(await h.send('optionsmultiorder', CALENDAR, 'cal-1'));
    expect(retry.status).toBe('success');
    const [putAgain, callAgain] = retry.results as Array<Record<string, unknown>>;
    expect(putAgain?.orderid).toBe(put?.orderid);
    expect(callAgain).toMatchObject({ status: 'success', orderid: expect.any(String) });
    // One more broker call (the call leg); the put leg was answered from the order journal.
    expect(placed().map((o) => o.symbol)).toEqual([
      'NIFTY13JAN2626000CE',
      'NIFTY06JAN2626000PE',
      'NIFTY13JAN2626000CE',
    ]);
    for (const order of placed()) expect(h.atBroker(order.clientOrderId)).toBeLessThanOrEqual(1);

    // Now it succeeded: the answer is final and replayed without a broker call.
    expect(json(await h.send('optionsmultiorder', CALENDAR, 'cal-1'))).toEqual(retry);
    expect(placed()).toHaveLength(3);
    // The same key for another request is a conflict, not a new order.
    const other = await h.send('optionsmultiorder', { ...CALENDAR, strategy: 'Other' }, 'cal-1');
    expect(other.statusCode).toBe(409);
    expect(placed()).toHaveLength(3);
  });
});

describe('analyzer mode', () => {
  test('both routes answer mode "analyze", and every leg says where it was placed', async () => {
    fake = await fakeHarness();
    fake.account.analyzeMode = true;
    const single = json(
      await fake.send('optionsorder', {
        apikey: API_KEY,
        ...CALENDAR,
        legs: undefined,
        ...CALENDAR.legs[1],
      }),
    );
    expect(single).toMatchObject({ status: 'success', symbol: 'NIFTY13JAN2626000CE', mode: 'analyze' });
    const multi = json(await fake.send('optionsmultiorder', { apikey: API_KEY, ...CALENDAR }));
    expect(multi).toMatchObject({ status: 'success', mode: 'analyze' });
    expect((multi.results as Array<Record<string, unknown>>).map((r) => r.mode)).toEqual([
      'analyze',
      'analyze',
    ]);
  });
});

describe('rate limit', () => {
  const cost = (
    path: `/${string}`,
    schema: typeof OptionsOrderRequest | typeof OptionsMultiOrderRequest,
    body: object,
  ) => requestCost({ path, rateClass: 'orders' }, parseRequest(schema, { apikey: API_KEY, ...body }));

  test('one order token per order the request places', () => {
    const single = { ...CALENDAR, legs: undefined, ...CALENDAR.legs[1] };
    expect(cost('/optionsorder', OptionsOrderRequest, single)).toEqual({ rateClass: 'orders', tokens: 1 });
    expect(
      cost('/optionsorder', OptionsOrderRequest, { ...single, quantity: 225, splitsize: 75 }).tokens,
    ).toBe(3);
    const legs = [CALENDAR.legs[0], { ...CALENDAR.legs[1], quantity: 150, splitsize: 75 }];
    expect(cost('/optionsmultiorder', OptionsMultiOrderRequest, { ...CALENDAR, legs }).tokens).toBe(3);
  });
});
