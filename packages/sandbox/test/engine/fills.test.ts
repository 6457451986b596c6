import { describe, expect, it } from 'vitest';
import { order, setupEngine } from '../support/engine-setup.js';
import { INFY, SBIN } from '../support/instruments.js';

describe('fills', () => {
  it('fills a MARKET BUY at the ask and a MARKET SELL at the bid', async () => {
    const { engine, prices } = setupEngine();
    prices.set(SBIN, { ltp: 500, bid: 499.9, ask: 500.1 });
    const buy = await engine.placeOrder(order(SBIN, { action: 'BUY', quantity: 10 }));
    const sell = await engine.placeOrder(order(SBIN, { action: 'SELL', quantity: 10 }));
    expect(buy).toMatchObject({ status: 'complete', filledQuantity: 10, averagePrice: 500.1 });
    expect(sell).toMatchObject({ status: 'complete', filledQuantity: 10, averagePrice: 499.9 });
    const trades = await engine.trades();
    expect(trades.map((t) => [t.orderId, t.action, t.quantity, t.price])).toEqual([
      [buy.orderId, 'BUY', 10, 500.1],
      [sell.orderId, 'SELL', 10, 499.9],
    ]);
  });

  it('uses the LTP when the side of the book is empty', async () => {
    const { engine, prices } = setupEngine();
    prices.set(SBIN, { ltp: 500, bid: 0, ask: 0 });
    const buy = await engine.placeOrder(order(SBIN, { action: 'BUY', quantity: 1 }));
    expect(buy.averagePrice).toBe(500);
  });

  it('rejects a MARKET order when there is no price at all', async () => {
    const { engine, prices } = setupEngine();
    prices.set(SBIN, { ltp: 0, bid: 0, ask: 0 });
    const buy = await engine.placeOrder(order(SBIN, { action: 'BUY', quantity: 1 }));
    expect(buy.status).toBe('rejected');
    expect(buy.statusMessage).toMatch(/No market price for SBIN on NSE/);
  });

  it('fills a marketable LIMIT at the book price and rests a non-marketable one until the price crosses', async () => {
    const { engine, prices } = setupEngine();
    prices.set(SBIN, { ltp: 500, bid: 499.9, ask: 500.1 });
    const marketable = await engine.placeOrder(
      order(SBIN, { action: 'BUY', quantity: 5, priceType: 'LIMIT', price: 505 }),
    );
    expect(marketable).toMatchObject({ status: 'complete', averagePrice: 500.1 });

    const resting = await engine.placeOrder(
      order(SBIN, { action: 'BUY', quantity: 5, priceType: 'LIMIT', price: 495 }),
    );
    expect(resting).toMatchObject({ status: 'open', filledQuantity: 0 });
    prices.set(SBIN, { ltp: 496, bid: 495.9, ask: 496.1 });
    expect((await engine.order(resting.orderId)).status).toBe('open');
    // The market falls through the limit: a resting order trades at its own price.
    prices.set(SBIN, { ltp: 494, bid: 493.9, ask: 494.1 });
    expect(await engine.order(resting.orderId)).toMatchObject({ status: 'complete', averagePrice: 495 });
  });

  it('fills a resting SELL LIMIT when the bid rises to it', async () => {
    const { engine, prices } = setupEngine();
    prices.set(SBIN, { ltp: 500, bid: 499.9, ask: 500.1 });
    const sell = await engine.placeOrder(
      order(SBIN, { action: 'SELL', quantity: 5, priceType: 'LIMIT', price: 510 }),
    );
    expect(sell.status).toBe('open');
    prices.set(SBIN, { ltp: 510, bid: 510, ask: 510.1 });
    expect(await engine.order(sell.orderId)).toMatchObject({ status: 'complete', averagePrice: 510 });
  });

  it('triggers an SL BUY when the LTP reaches the trigger, then fills as a limit', async () => {
    const { engine, prices } = setupEngine();
    prices.set(SBIN, { ltp: 500, bid: 499.9, ask: 500.1 });
    const sl = await engine.placeOrder(
      order(SBIN, { action: 'BUY', quantity: 5, priceType: 'SL', price: 511, triggerPrice: 510 }),
    );
    expect(sl.status).toBe('trigger_pending');
    prices.set(SBIN, { ltp: 509.95, bid: 509.9, ask: 510 });
    expect((await engine.order(sl.orderId)).status).toBe('trigger_pending');
    prices.set(SBIN, { ltp: 510, bid: 510, ask: 510.5 });
    expect(await engine.order(sl.orderId)).toMatchObject({ status: 'complete', averagePrice: 510.5 });
  });

  it('leaves a triggered SL open when the market jumps past its limit', async () => {
    const { engine, prices } = setupEngine();
    prices.set(SBIN, { ltp: 500, bid: 499.9, ask: 500.1 });
    const sl = await engine.placeOrder(
      order(SBIN, { action: 'SELL', quantity: 5, priceType: 'SL', price: 489, triggerPrice: 490 }),
    );
    prices.set(SBIN, { ltp: 485, bid: 484.9, ask: 485.1 });
    expect(await engine.order(sl.orderId)).toMatchObject({ status: 'open', filledQuantity: 0 });
    prices.set(SBIN, { ltp: 489.5, bid: 489.5, ask: 489.6 });
    expect(await engine.order(sl.orderId)).toMatchObject({ status: 'complete', averagePrice: 489 });
  });

  it('triggers an SL-M SELL when the LTP falls to the trigger and fills at the bid', async () => {
    const { engine, prices } = setupEngine();
    prices.set(SBIN, { ltp: 500, bid: 499.9, ask: 500.1 });
    const slm = await engine.placeOrder(
      order(SBIN, { action: 'SELL', quantity: 5, priceType: 'SL-M', triggerPrice: 490 }),
    );
    expect(slm.status).toBe('trigger_pending');
    prices.set(SBIN, { ltp: 489, bid: 488.5, ask: 489.2 });
    expect(await engine.order(slm.orderId)).toMatchObject({ status: 'complete', averagePrice: 488.5 });
  });

  it('fills partially where depth is thin and the rest on later snapshots', async () => {
    const { engine, prices } = setupEngine();
    prices.set(SBIN, {
      ltp: 500,
      asks: [
        { price: 500.1, quantity: 30 },
        { price: 500.2, quantity: 20 },
      ],
      bids: [{ price: 499.9, quantity: 100 }],
    });
    const buy = await engine.placeOrder(order(SBIN, { action: 'BUY', quantity: 80 }));
    expect(buy).toMatchObject({ status: 'open', filledQuantity: 50 });
    expect(buy.averagePrice).toBeCloseTo((30 * 500.1 + 20 * 500.2) / 50, 10);
    expect((await engine.trades()).map((t) => [t.quantity, t.price])).toEqual([
      [30, 500.1],
      [20, 500.2],
    ]);
    prices.set(SBIN, { ltp: 501, asks: [{ price: 501, quantity: 10 }] });
    expect(await engine.order(buy.orderId)).toMatchObject({ status: 'open', filledQuantity: 60 });
    prices.set(SBIN, { ltp: 502, asks: [{ price: 502, quantity: 100 }] });
    const done = await engine.order(buy.orderId);
    expect(done).toMatchObject({ status: 'complete', filledQuantity: 80 });
    expect(done.averagePrice).toBeCloseTo((30 * 500.1 + 20 * 500.2 + 10 * 501 + 20 * 502) / 80, 10);
  });

  it('lets two resting orders share one snapshot without both taking the same depth', async () => {
    const { engine, prices } = setupEngine();
    prices.set(SBIN, {
      ltp: 500,
      asks: [{ price: 500.1, quantity: 1000 }],
      bids: [{ price: 499.9, quantity: 1000 }],
    });
    const a = await engine.placeOrder(
      order(SBIN, { action: 'BUY', quantity: 30, priceType: 'LIMIT', price: 495 }),
    );
    const b = await engine.placeOrder(
      order(SBIN, { action: 'BUY', quantity: 30, priceType: 'LIMIT', price: 495 }),
    );
    prices.set(SBIN, {
      ltp: 494,
      asks: [{ price: 494, quantity: 40 }],
      bids: [{ price: 493.9, quantity: 10 }],
    });
    expect((await engine.order(a.orderId)).filledQuantity).toBe(30);
    expect((await engine.order(b.orderId)).filledQuantity).toBe(10);
  });

  it('matches resting orders only on snapshots of their own instrument', async () => {
    const { engine, prices } = setupEngine();
    prices.set(SBIN, { ltp: 500 });
    prices.set(INFY, { ltp: 1500 });
    const resting = await engine.placeOrder(
      order(SBIN, { action: 'BUY', quantity: 1, priceType: 'LIMIT', price: 490 }),
    );
    prices.set(INFY, { ltp: 480 });
    expect((await engine.order(resting.orderId)).status).toBe('open');
  });
});
