import { describe, expect, it } from 'vitest';
import { applyFill, emptyPosition } from '../../src/engine/positions.js';
import { order, setupEngine } from '../support/engine-setup.js';
import { INFY, SBIN } from '../support/instruments.js';

const fiveX = () => 5;

function fresh() {
  return emptyPosition({ symbol: 'SBIN', exchange: 'NSE', kind: 'equity' }, 'MIS', 0);
}

describe('position math', () => {
  it('opens long, adds at a new average, reduces with realised P&L and closes flat', () => {
    const p = fresh();
    applyFill(p, 'BUY', 10, 100, fiveX);
    applyFill(p, 'BUY', 30, 120, fiveX);
    expect(p).toMatchObject({ netQuantity: 40, averagePrice: 115, margin: 200 + 720 });
    const reduce = applyFill(p, 'SELL', 10, 130, fiveX);
    expect(reduce).toEqual({ realised: 150, marginReleased: 230, marginAdded: 0 });
    expect(p).toMatchObject({ netQuantity: 30, averagePrice: 115, margin: 690, realisedPnl: 150 });
    const close = applyFill(p, 'SELL', 30, 110, fiveX);
    expect(close).toEqual({ realised: -150, marginReleased: 690, marginAdded: 0 });
    expect(p).toMatchObject({ netQuantity: 0, averagePrice: 0, margin: 0, realisedPnl: 0 });
    expect(p).toMatchObject({
      dayBuyQuantity: 40,
      dayBuyValue: 4600,
      daySellQuantity: 40,
      daySellValue: 4600,
    });
  });

  it('reverses through zero: books the close and opens the other side at the fill price', () => {
    const p = fresh();
    applyFill(p, 'BUY', 10, 100, fiveX);
    const effect = applyFill(p, 'SELL', 25, 90, fiveX);
    expect(effect).toEqual({ realised: -100, marginReleased: 200, marginAdded: 270 });
    expect(p).toMatchObject({ netQuantity: -15, averagePrice: 90, margin: 270 });
    const cover = applyFill(p, 'BUY', 15, 80, fiveX);
    expect(cover.realised).toBe(150);
    expect(p).toMatchObject({ netQuantity: 0, realisedPnl: 50 });
  });

  it('shows the same through the engine, with unrealised P&L at the LTP', async () => {
    const { engine, prices } = setupEngine();
    prices.set(SBIN, { ltp: 100, bid: 100, ask: 100 });
    await engine.placeOrder(order(SBIN, { action: 'BUY', quantity: 10 }));
    prices.set(SBIN, { ltp: 90, bid: 90, ask: 90 });
    await engine.placeOrder(order(SBIN, { action: 'SELL', quantity: 25 }));
    prices.set(SBIN, { ltp: 85, bid: 85, ask: 85 });
    const [position] = await engine.positions();
    expect(position).toMatchObject({ quantity: -15, ltp: 85, unrealisedPnl: 75, pnl: -25 });
    expect(position?.record).toMatchObject({
      averagePrice: 90,
      realisedPnl: -100,
      dayBuyQuantity: 10,
      daySellQuantity: 25,
    });
  });
});

describe('funds', () => {
  it('reports realised and unrealised P&L and margin per OpenAlgo', async () => {
    const { engine, prices } = setupEngine();
    prices.set(SBIN, { ltp: 500, bid: 500, ask: 500 });
    prices.set(INFY, { ltp: 1500, bid: 1500, ask: 1500 });
    await engine.placeOrder(order(SBIN, { action: 'BUY', quantity: 100 }));
    await engine.placeOrder(order(INFY, { action: 'SELL', quantity: 10 }));
    prices.set(SBIN, { ltp: 520, bid: 520, ask: 520 });
    await engine.placeOrder(order(SBIN, { action: 'SELL', quantity: 50 }));
    prices.set(INFY, { ltp: 1510, bid: 1510, ask: 1510 });
    const funds = await engine.funds();
    expect(funds).toEqual({
      startingCapital: 10_000_000,
      availableCash: 10_000_000 + 1000 - 5000 - 3000,
      utilisedDebits: 5000 + 3000,
      m2mRealised: 1000,
      m2mUnrealised: 50 * 20 - 10 * 10,
      holdingsCost: 0,
      collateral: 0,
    });
  });
});
