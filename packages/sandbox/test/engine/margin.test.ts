import { describe, expect, it } from 'vitest';
import { order, setupEngine } from '../support/engine-setup.js';
import { NIFTY_CE, NIFTY_FUT, SBIN } from '../support/instruments.js';

const CAPITAL = 10_000_000;

describe('margin', () => {
  it('blocks trade value / 5 for equity MIS on placement and releases it on cancel', async () => {
    const { engine, prices } = setupEngine();
    prices.set(SBIN, { ltp: 500 });
    const resting = await engine.placeOrder(
      order(SBIN, { action: 'BUY', quantity: 100, priceType: 'LIMIT', price: 490 }),
    );
    expect(resting.blockedMargin).toBe(9800);
    expect(await engine.funds()).toMatchObject({ utilisedDebits: 9800, availableCash: CAPITAL - 9800 });
    await engine.cancelOrder(resting.orderId);
    expect(await engine.funds()).toMatchObject({ utilisedDebits: 0, availableCash: CAPITAL });
  });

  it('converts blocked margin into position margin on fill and releases it on close, booking P&L', async () => {
    const { engine, prices } = setupEngine();
    prices.set(SBIN, { ltp: 500, bid: 500, ask: 500 });
    await engine.placeOrder(order(SBIN, { action: 'BUY', quantity: 100 }));
    expect(await engine.funds()).toMatchObject({ utilisedDebits: 10_000, availableCash: CAPITAL - 10_000 });
    prices.set(SBIN, { ltp: 510, bid: 510, ask: 510 });
    await engine.placeOrder(order(SBIN, { action: 'SELL', quantity: 100 }));
    expect(await engine.funds()).toMatchObject({
      utilisedDebits: 0,
      m2mRealised: 1000,
      availableCash: CAPITAL + 1000,
    });
  });

  it('blocks the full value for CNC (1x)', async () => {
    const { engine, prices } = setupEngine();
    prices.set(SBIN, { ltp: 500, bid: 500, ask: 500 });
    await engine.placeOrder(order(SBIN, { action: 'BUY', quantity: 10, product: 'CNC' }));
    expect((await engine.funds()).utilisedDebits).toBe(5000);
  });

  it('blocks trade value / 10 for futures, on either side', async () => {
    const { engine, prices } = setupEngine();
    prices.set(NIFTY_FUT, { ltp: 24000, bid: 24000, ask: 24000 });
    await engine.placeOrder(order(NIFTY_FUT, { action: 'SELL', quantity: 75, product: 'NRML' }));
    expect((await engine.funds()).utilisedDebits).toBe(180_000);
  });

  it('blocks the full premium for an option buy and premium / optionSell for a sale', async () => {
    const { engine, prices } = setupEngine({ settings: { leverage: { optionSell: 4 } } });
    prices.set(NIFTY_CE, { ltp: 100, bid: 100, ask: 100 });
    await engine.placeOrder(order(NIFTY_CE, { action: 'BUY', quantity: 75, product: 'NRML' }));
    expect((await engine.funds()).utilisedDebits).toBe(7500);
    // Selling what was bought closes it: no new margin.
    await engine.placeOrder(order(NIFTY_CE, { action: 'SELL', quantity: 75, product: 'NRML' }));
    expect((await engine.funds()).utilisedDebits).toBe(0);
    await engine.placeOrder(order(NIFTY_CE, { action: 'SELL', quantity: 150, product: 'NRML' }));
    expect((await engine.funds()).utilisedDebits).toBe((150 * 100) / 4);
  });

  it('blocks SL at its price and SL-M at its trigger', async () => {
    const { engine, prices } = setupEngine();
    prices.set(SBIN, { ltp: 500 });
    const sl = await engine.placeOrder(
      order(SBIN, { action: 'BUY', quantity: 10, priceType: 'SL', price: 521, triggerPrice: 520 }),
    );
    const slm = await engine.placeOrder(
      order(SBIN, { action: 'BUY', quantity: 10, priceType: 'SL-M', triggerPrice: 530 }),
    );
    expect(sl.blockedMargin).toBe(1042);
    expect(slm.blockedMargin).toBe(1060);
  });

  it('rejects an order the funds cannot cover, with the amounts in the reason', async () => {
    const { engine, prices } = setupEngine({ settings: { startingCapital: 100_000 } });
    prices.set(SBIN, { ltp: 500, bid: 500, ask: 500 });
    const rejected = await engine.placeOrder(order(SBIN, { action: 'BUY', quantity: 2000, product: 'CNC' }));
    expect(rejected.status).toBe('rejected');
    expect(rejected.statusMessage).toBe('Insufficient funds: required ₹10,00,000.00, available ₹1,00,000.00');
    expect(await engine.funds()).toMatchObject({ utilisedDebits: 0, availableCash: 100_000 });
    expect(await engine.trades()).toEqual([]);
  });

  it('never refuses closing a long for lack of funds', async () => {
    const { engine, prices } = setupEngine({ settings: { startingCapital: 10_000 } });
    prices.set(SBIN, { ltp: 500, bid: 500, ask: 500 });
    await engine.placeOrder(order(SBIN, { action: 'BUY', quantity: 100 }));
    expect((await engine.funds()).availableCash).toBe(0);
    const exit = await engine.placeOrder(order(SBIN, { action: 'SELL', quantity: 100 }));
    expect(exit.status).toBe('complete');
    // But going short beyond the long needs margin like any new position.
    await engine.placeOrder(order(SBIN, { action: 'BUY', quantity: 100 }));
    const reverse = await engine.placeOrder(order(SBIN, { action: 'SELL', quantity: 200 }));
    expect(reverse.statusMessage).toBe('Insufficient funds: required ₹10,000.00, available ₹0.00');
  });

  it('does not let two exits both count the same long as closing', async () => {
    const { engine, prices } = setupEngine();
    prices.set(SBIN, { ltp: 500, bid: 500, ask: 500 });
    await engine.placeOrder(order(SBIN, { action: 'BUY', quantity: 100 }));
    const firstExit = await engine.placeOrder(
      order(SBIN, { action: 'SELL', quantity: 100, priceType: 'LIMIT', price: 520 }),
    );
    const secondExit = await engine.placeOrder(
      order(SBIN, { action: 'SELL', quantity: 100, priceType: 'LIMIT', price: 530 }),
    );
    expect(firstExit.blockedMargin).toBe(0);
    expect(secondExit.blockedMargin).toBe(10_600);
  });

  it('releases blocked margin in proportion as a partially filled order fills', async () => {
    const { engine, prices } = setupEngine();
    prices.set(SBIN, {
      ltp: 500,
      asks: [{ price: 500, quantity: 40 }],
      bids: [{ price: 499, quantity: 40 }],
    });
    const buy = await engine.placeOrder(
      order(SBIN, { action: 'BUY', quantity: 100, priceType: 'LIMIT', price: 500 }),
    );
    // 60 still blocked at the limit (6000) + 40 held by the position at 500 (4000).
    expect(buy.blockedMargin).toBe(6000);
    expect((await engine.funds()).utilisedDebits).toBe(10_000);
    await engine.cancelOrder(buy.orderId);
    expect((await engine.funds()).utilisedDebits).toBe(4000);
  });

  it('keeps used margin equal to what orders block plus what positions hold', async () => {
    const { engine, prices } = setupEngine();
    prices.set(SBIN, { ltp: 333.35, bid: 333.3, ask: 333.4 });
    prices.set(NIFTY_FUT, { ltp: 24011.15, bid: 24011.1, ask: 24011.2 });
    for (let i = 0; i < 7; i++) {
      await engine.placeOrder(order(SBIN, { action: i % 3 === 0 ? 'SELL' : 'BUY', quantity: 7 + i }));
      await engine.placeOrder(
        order(NIFTY_FUT, { action: i % 2 ? 'SELL' : 'BUY', quantity: 75 * (1 + (i % 3)), product: 'NRML' }),
      );
      await engine.placeOrder(
        order(SBIN, { action: 'BUY', quantity: 3, priceType: 'LIMIT', price: 300.05 + i }),
      );
    }
    const state = engine.state();
    const blocked = state.orders.reduce((sum, o) => sum + o.blockedMargin, 0);
    const held = state.positions.reduce((sum, p) => sum + p.margin, 0);
    expect(state.account.usedMargin).toBeCloseTo(blocked + held, 6);
    expect(state.account.usedMargin).toBeGreaterThan(0);
  });
});
