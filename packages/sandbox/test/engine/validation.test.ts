import { istToEpoch } from '@openalgo/core';
import { describe, expect, it } from 'vitest';
import { order, setupEngine } from '../support/engine-setup.js';
import { GOLD_FUT, NIFTY_CE, NIFTY_FUT, NIFTY_INDEX, RELIANCE_BSE, SBIN } from '../support/instruments.js';

describe('placement rules', () => {
  it('records a rejected order with its reason and a normal order id', async () => {
    const { engine, prices } = setupEngine();
    prices.set(SBIN, { ltp: 500 });
    const rejected = await engine.placeOrder(order(SBIN, { action: 'BUY', quantity: 1, product: 'NRML' }));
    expect(rejected.orderId).toMatch(/^260105\d{8}$/);
    expect(rejected.status).toBe('rejected');
    expect(rejected.statusMessage).toBe(
      'NRML is not allowed on NSE (cash market): use CNC for delivery or MIS for intraday',
    );
    expect((await engine.orders()).map((o) => [o.orderId, o.status])).toEqual([
      [rejected.orderId, 'rejected'],
    ]);
    expect(await engine.funds()).toMatchObject({ utilisedDebits: 0 });
  });

  it.each([
    [
      'NRML on BSE',
      order(RELIANCE_BSE, { action: 'BUY', quantity: 1, product: 'NRML' }),
      /NRML is not allowed on BSE/,
    ],
    [
      'CNC on NFO',
      order(NIFTY_FUT, { action: 'BUY', quantity: 75, product: 'CNC' }),
      /CNC is not allowed on NFO/,
    ],
    [
      'CNC on MCX',
      order(GOLD_FUT, { action: 'BUY', quantity: 10, product: 'CNC' }),
      /CNC is not allowed on MCX/,
    ],
    ['an index', order(NIFTY_INDEX, { action: 'BUY', quantity: 1 }), /NIFTY on NSE_INDEX is an index/],
    [
      'LIMIT without price',
      order(SBIN, { action: 'BUY', quantity: 1, priceType: 'LIMIT' }),
      /LIMIT order needs a price/,
    ],
    [
      'SL without price',
      order(SBIN, { action: 'BUY', quantity: 1, priceType: 'SL', triggerPrice: 5 }),
      /SL order needs a price/,
    ],
    [
      'SL without trigger',
      order(SBIN, { action: 'BUY', quantity: 1, priceType: 'SL', price: 5 }),
      /SL order needs a trigger/,
    ],
    [
      'SL-M without trigger',
      order(SBIN, { action: 'BUY', quantity: 1, priceType: 'SL-M' }),
      /SL-M order needs a trigger/,
    ],
    ['a fractional quantity', order(SBIN, { action: 'BUY', quantity: 1.5 }), /whole number/],
    ['a zero quantity', order(SBIN, { action: 'BUY', quantity: 0 }), /whole number greater than 0/],
    [
      'a quantity off the lot size',
      order(NIFTY_CE, { action: 'BUY', quantity: 70, product: 'NRML' }),
      /Quantity 70 is not a multiple of the lot size 75 of NIFTY27JAN2624000CE on NFO/,
    ],
  ])('rejects %s', async (_name, input, reason) => {
    const { engine, prices } = setupEngine();
    for (const i of [SBIN, RELIANCE_BSE, NIFTY_FUT, NIFTY_CE, GOLD_FUT, NIFTY_INDEX])
      prices.set(i, { ltp: 100 });
    const placed = await engine.placeOrder(input);
    expect(placed.status).toBe('rejected');
    expect(placed.statusMessage).toMatch(reason);
  });

  it('accepts lot multiples, NRML and MIS on F&O', async () => {
    const { engine, prices } = setupEngine();
    prices.set(NIFTY_FUT, { ltp: 24000 });
    const nrml = await engine.placeOrder(order(NIFTY_FUT, { action: 'BUY', quantity: 150, product: 'NRML' }));
    const mis = await engine.placeOrder(order(NIFTY_FUT, { action: 'SELL', quantity: 75, product: 'MIS' }));
    expect([nrml.status, mis.status]).toEqual(['complete', 'complete']);
  });

  it('refuses MIS from the square-off time until 09:00 IST and accepts CNC then', async () => {
    const { engine, prices, clock } = setupEngine({ start: istToEpoch(2026, 1, 5, 8, 59) });
    prices.set(SBIN, { ltp: 500 });
    const early = await engine.placeOrder(order(SBIN, { action: 'BUY', quantity: 1 }));
    expect(early.statusMessage).toBe(
      'MIS orders on NSE are not accepted after the square-off time (15:15 IST) until 09:00 IST',
    );
    await clock.set(istToEpoch(2026, 1, 5, 9, 0));
    expect((await engine.placeOrder(order(SBIN, { action: 'BUY', quantity: 1 }))).status).toBe('complete');
    await clock.set(istToEpoch(2026, 1, 5, 15, 15));
    expect((await engine.placeOrder(order(SBIN, { action: 'BUY', quantity: 1 }))).status).toBe('rejected');
    const cnc = await engine.placeOrder(order(SBIN, { action: 'BUY', quantity: 1, product: 'CNC' }));
    expect(cnc.status).toBe('complete');
  });

  it('keeps MCX MIS open until 23:30 IST', async () => {
    const { engine, prices } = setupEngine({ start: istToEpoch(2026, 1, 5, 22, 0) });
    prices.set(GOLD_FUT, { ltp: 7000 });
    expect((await engine.placeOrder(order(GOLD_FUT, { action: 'BUY', quantity: 10 }))).status).toBe(
      'complete',
    );
  });

  it('checks a CNC sell against holdings and the day’s CNC buys', async () => {
    const { engine, prices } = setupEngine();
    prices.set(SBIN, { ltp: 500 });
    const naked = await engine.placeOrder(order(SBIN, { action: 'SELL', quantity: 5, product: 'CNC' }));
    expect(naked.statusMessage).toBe(
      'Insufficient holdings to sell 5 SBIN on CNC: 0 sellable (holdings 0, bought today 0, in other sell orders 0)',
    );
    await engine.placeOrder(order(SBIN, { action: 'BUY', quantity: 10, product: 'CNC' }));
    const resting = await engine.placeOrder(
      order(SBIN, { action: 'SELL', quantity: 6, product: 'CNC', priceType: 'LIMIT', price: 600 }),
    );
    expect(resting.status).toBe('open');
    const tooMany = await engine.placeOrder(order(SBIN, { action: 'SELL', quantity: 5, product: 'CNC' }));
    expect(tooMany.statusMessage).toMatch(
      /4 sellable \(holdings 0, bought today 10, in other sell orders 6\)/,
    );
    const intraday = await engine.placeOrder(order(SBIN, { action: 'SELL', quantity: 4, product: 'CNC' }));
    expect(intraday.status).toBe('complete');
  });
});
