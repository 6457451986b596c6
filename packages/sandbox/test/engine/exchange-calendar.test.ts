import { istToEpoch } from '@openalgo/core';
import { describe, expect, it } from 'vitest';
import { order, setupEngine } from '../support/engine-setup.js';
import { GOLD_FUT, SBIN } from '../support/instruments.js';

/** The engine's trading days and order-time checks come from core's published exchange calendar. */
describe('exchange calendar in the sandbox', () => {
  it('refuses MIS on an NSE holiday (Holi, 3 March 2026) while MCX trades and squares off its evening', async () => {
    const { engine, prices, clock } = setupEngine({ start: istToEpoch(2026, 3, 3, 17, 30) });
    prices.set(SBIN, { ltp: 500 });
    prices.set(GOLD_FUT, { ltp: 70000, bid: 70000, ask: 70000 });
    const nse = await engine.placeOrder(order(SBIN, { action: 'BUY', quantity: 1 }));
    expect(nse).toMatchObject({
      status: 'rejected',
      statusMessage:
        'MIS orders on NSE are not accepted today: the exchange is closed (weekend or exchange holiday)',
    });
    const mcx = await engine.placeOrder(order(GOLD_FUT, { action: 'BUY', quantity: GOLD_FUT.lotSize }));
    expect(mcx.status).toBe('complete');
    await clock.set(istToEpoch(2026, 3, 3, 23, 30));
    const squareOffs = (await engine.orders()).filter(
      (o) => o.statusMessage === 'MIS square-off at 23:30 IST',
    );
    expect(squareOffs).toHaveLength(1);
    expect(squareOffs[0]).toMatchObject({ symbol: GOLD_FUT.symbol, action: 'SELL' });
  });

  it('refuses MIS on Christmas for every exchange', async () => {
    const { engine, prices } = setupEngine({ start: istToEpoch(2026, 12, 25, 11, 0) });
    prices.set(GOLD_FUT, { ltp: 70000 });
    const mcx = await engine.placeOrder(order(GOLD_FUT, { action: 'BUY', quantity: GOLD_FUT.lotSize }));
    expect(mcx.statusMessage).toContain('MIS orders on MCX are not accepted today');
  });

  it('does not settle CNC buys on a holiday: Good Friday 3 April 2026 leaves them T1 until Monday', async () => {
    const { engine, prices, clock } = setupEngine({ start: istToEpoch(2026, 4, 2, 10, 0) });
    prices.set(SBIN, { ltp: 500 });
    await engine.placeOrder(order(SBIN, { action: 'BUY', quantity: 10, product: 'CNC' }));
    await clock.set(istToEpoch(2026, 4, 5, 12, 0));
    expect(await engine.holdings()).toMatchObject([{ t1Quantity: 10 }]);
    await clock.set(istToEpoch(2026, 4, 6, 0, 0));
    expect(await engine.holdings()).toMatchObject([{ t1Quantity: 0, quantity: 10 }]);
  });
});
