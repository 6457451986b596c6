import { istToEpoch } from '@openalgo/core';
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/store/memory-store.js';
import { order, setupEngine } from '../support/engine-setup.js';
import { GOLD_FUT, INFY, SBIN } from '../support/instruments.js';

const at = (h: number, m: number, day = 5) => istToEpoch(2026, 1, day, h, m);

describe('MIS square-off', () => {
  it('closes MIS positions and cancels MIS orders at 15:15 IST exactly once', async () => {
    const { engine, prices, clock } = setupEngine({ start: at(15, 0) });
    prices.set(SBIN, { ltp: 500, bid: 500, ask: 500 });
    await engine.placeOrder(order(SBIN, { action: 'BUY', quantity: 10 }));
    const resting = await engine.placeOrder(
      order(SBIN, { action: 'BUY', quantity: 5, priceType: 'LIMIT', price: 400 }),
    );
    const cnc = await engine.placeOrder(
      order(SBIN, { action: 'BUY', quantity: 3, product: 'CNC', priceType: 'LIMIT', price: 400 }),
    );
    prices.set(SBIN, { ltp: 510, bid: 509, ask: 511 });

    await clock.set(at(15, 14, 5) + 59_000);
    expect((await engine.orders()).filter((o) => o.statusMessage?.includes('square-off'))).toEqual([]);
    expect((await engine.order(resting.orderId)).status).toBe('open');

    await clock.set(at(15, 15));
    const orders = await engine.orders();
    expect((await engine.order(resting.orderId)).status).toBe('cancelled');
    expect((await engine.order(cnc.orderId)).status).toBe('open');
    const squareOffs = orders.filter((o) => o.statusMessage === 'MIS square-off at 15:15 IST');
    expect(squareOffs).toHaveLength(1);
    expect(squareOffs[0]).toMatchObject({
      action: 'SELL',
      quantity: 10,
      status: 'complete',
      averagePrice: 509,
    });
    expect(squareOffs[0]?.createdAt).toBe(at(15, 15));
    const [mis] = (await engine.positions()).filter((p) => p.record.product === 'MIS');
    expect(mis).toMatchObject({ quantity: 0, pnl: 90 });
    expect((await engine.funds()).m2mRealised).toBe(90);

    await clock.set(at(15, 40));
    expect((await engine.orders()).filter((o) => o.statusMessage?.startsWith('MIS square-off'))).toHaveLength(
      1,
    );
  });

  it('squares off exactly once after a restart that crosses the time', async () => {
    const setup = setupEngine({ start: at(15, 0) });
    setup.prices.set(SBIN, { ltp: 500, bid: 500, ask: 500 });
    await setup.engine.placeOrder(order(SBIN, { action: 'SELL', quantity: 10 }));
    setup.engine.close();
    await setup.clock.set(at(16, 0));
    const engine = setup.restart();
    const squareOffs = (await engine.orders()).filter((o) => o.statusMessage?.startsWith('MIS square-off'));
    expect(squareOffs).toHaveLength(1);
    expect(squareOffs[0]).toMatchObject({ action: 'BUY', quantity: 10, status: 'complete' });
    const again = setup.restart();
    expect((await again.orders()).filter((o) => o.statusMessage?.startsWith('MIS square-off'))).toHaveLength(
      1,
    );
    expect((await again.positions())[0]?.quantity).toBe(0);
  });

  it('squares off MCX at 23:30 and leaves NSE alone then', async () => {
    const { engine, prices, clock } = setupEngine({ start: at(10, 0) });
    prices.set(GOLD_FUT, { ltp: 7000 });
    prices.set(SBIN, { ltp: 500 });
    await engine.placeOrder(order(GOLD_FUT, { action: 'BUY', quantity: 10 }));
    await clock.set(at(15, 30));
    expect((await engine.positions()).map((p) => p.quantity)).toEqual([10]);
    await clock.set(at(23, 30));
    expect((await engine.positions()).map((p) => p.quantity)).toEqual([0]);
  });

  it('runs on time through the scheduler when no call arrives', async () => {
    const { engine, prices, clock } = setupEngine({ start: at(15, 0) });
    prices.set(SBIN, { ltp: 500 });
    await engine.placeOrder(order(SBIN, { action: 'BUY', quantity: 10 }));
    const seen: string[] = [];
    engine.onOrder((o) => seen.push(`${o.action} ${o.status} ${o.statusMessage ?? ''}`));
    engine.startScheduler();
    await clock.advance(15 * 60_000);
    expect(seen).toEqual(['SELL complete MIS square-off at 15:15 IST']);
    engine.close();
  });
});

describe('day start and settlement', () => {
  it('settles a Friday CNC buy on Monday (T+1 across the weekend), showing T1 until then', async () => {
    const friday = istToEpoch(2026, 1, 9, 11, 0);
    const { engine, prices, clock } = setupEngine({ start: friday });
    prices.set(SBIN, { ltp: 500, bid: 500, ask: 500 });
    await engine.placeOrder(order(SBIN, { action: 'BUY', quantity: 10, product: 'CNC' }));
    expect(await engine.holdings()).toMatchObject([{ symbol: 'SBIN', quantity: 10, t1Quantity: 10 }]);

    await clock.set(istToEpoch(2026, 1, 11, 12, 0)); // Sunday
    expect(await engine.holdings()).toMatchObject([{ quantity: 10, t1Quantity: 10 }]);
    expect((await engine.positions()).map((p) => p.quantity)).toEqual([10]);

    await clock.set(istToEpoch(2026, 1, 12, 0, 0)); // Monday
    prices.set(SBIN, { ltp: 550, bid: 550, ask: 550 });
    expect(await engine.holdings()).toEqual([
      {
        symbol: 'SBIN',
        exchange: 'NSE',
        quantity: 10,
        t1Quantity: 0,
        averagePrice: 500,
        ltp: 550,
        pnl: 500,
        pnlPercent: 10,
      },
    ]);
    expect(await engine.positions()).toEqual([]);
    expect(await engine.funds()).toMatchObject({
      utilisedDebits: 0,
      holdingsCost: 5000,
      availableCash: 9_995_000,
    });
  });

  it('sells out of holdings, booking P&L against the holding average', async () => {
    const { engine, prices, clock } = setupEngine();
    prices.set(SBIN, { ltp: 500, bid: 500, ask: 500 });
    await engine.placeOrder(order(SBIN, { action: 'BUY', quantity: 10, product: 'CNC' }));
    await clock.set(istToEpoch(2026, 1, 6, 10, 0));
    prices.set(SBIN, { ltp: 520, bid: 520, ask: 520 });
    const sell = await engine.placeOrder(order(SBIN, { action: 'SELL', quantity: 4, product: 'CNC' }));
    expect(sell.status).toBe('complete');
    expect(await engine.holdings()).toMatchObject([{ quantity: 6, t1Quantity: 0, averagePrice: 500 }]);
    const [position] = await engine.positions();
    expect(position).toMatchObject({ quantity: -4, unrealisedPnl: 0, pnl: 80 });
    expect(await engine.funds()).toMatchObject({
      m2mRealised: 80,
      holdingsCost: 3000,
      availableCash: 10_000_000 - 3000 + 80,
    });
    // Selling shares the account owns blocks no margin, even while the order rests.
    const resting = await engine.placeOrder(
      order(SBIN, { action: 'SELL', quantity: 6, product: 'CNC', priceType: 'LIMIT', price: 600 }),
    );
    expect(resting).toMatchObject({ status: 'open', blockedMargin: 0 });
  });

  it('expires yesterday’s working orders at midnight and drops flat positions', async () => {
    const { engine, prices, clock } = setupEngine();
    prices.set(SBIN, { ltp: 500 });
    prices.set(INFY, { ltp: 1500 });
    const resting = await engine.placeOrder(
      order(SBIN, { action: 'BUY', quantity: 1, product: 'CNC', priceType: 'LIMIT', price: 400 }),
    );
    await engine.placeOrder(order(INFY, { action: 'BUY', quantity: 1 }));
    await engine.placeOrder(order(INFY, { action: 'SELL', quantity: 1 }));
    await clock.set(istToEpoch(2026, 1, 6, 0, 0));
    expect(await engine.order(resting.orderId)).toMatchObject({
      status: 'cancelled',
      statusMessage: 'Expired at the end of 2026-01-05: orders are valid for the day',
      blockedMargin: 0,
    });
    expect(await engine.positions()).toEqual([]);
    expect((await engine.funds()).utilisedDebits).toBe(0);
  });

  it('treats configured holidays as non-trading days', async () => {
    const { engine, prices, clock } = setupEngine({ settings: { holidays: ['2026-01-06'] } });
    prices.set(SBIN, { ltp: 500 });
    await engine.placeOrder(order(SBIN, { action: 'BUY', quantity: 10, product: 'CNC' }));
    await clock.set(istToEpoch(2026, 1, 6, 12, 0));
    expect(await engine.holdings()).toMatchObject([{ t1Quantity: 10 }]);
    await clock.set(istToEpoch(2026, 1, 7, 0, 0));
    expect(await engine.holdings()).toMatchObject([{ t1Quantity: 0, quantity: 10 }]);
  });

  it('does the work of a long gap once, in order, on the first call', async () => {
    const store = new MemoryStore();
    const { engine, prices, clock } = setupEngine({ store });
    prices.set(SBIN, { ltp: 500 });
    await engine.placeOrder(order(SBIN, { action: 'BUY', quantity: 10, product: 'CNC' }));
    await engine.placeOrder(order(SBIN, { action: 'BUY', quantity: 10 }));
    await clock.set(istToEpoch(2026, 2, 20, 10, 0));
    // The order book is today's (empty); the one square-off of 5 January is in the store.
    expect(await engine.orders()).toEqual([]);
    const orders = store.load('acc')?.orders ?? [];
    expect(orders.filter((o) => o.statusMessage?.startsWith('MIS square-off'))).toHaveLength(1);
    expect(await engine.holdings()).toMatchObject([{ quantity: 10, t1Quantity: 0 }]);
    expect(store.load('acc')?.account.processedUntil).toBe(istToEpoch(2026, 2, 20, 10, 0));
  });
});
