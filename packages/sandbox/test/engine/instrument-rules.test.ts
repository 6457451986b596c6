import { isOpenAlgoError } from '@openalgo/core';
import { describe, expect, it } from 'vitest';
import { createSandbox } from '../../src/index.js';
import { deriveCircuitBand } from '../../src/market/circuit.js';
import { order, setupEngine } from '../support/engine-setup.js';
import { NIFTY_CE, NIFTY_FUT, SBIN } from '../support/instruments.js';
import { failure, fakeSandbox, tagged } from '../support/sandbox-setup.js';

describe('tick size', () => {
  it.each([
    [
      'a LIMIT price',
      { priceType: 'LIMIT' as const, price: 480.03 },
      /^Price 480.03 is not a multiple of the tick size 0.05 of SBIN on NSE$/,
    ],
    [
      'an SL trigger',
      { priceType: 'SL' as const, price: 510, triggerPrice: 505.01 },
      /^Trigger price 505.01 is not a multiple of the tick size 0.05 of SBIN on NSE$/,
    ],
    [
      'an SL-M trigger',
      { priceType: 'SL-M' as const, triggerPrice: 505.02 },
      /Trigger price 505.02 is not a multiple/,
    ],
  ])('rejects %s off the tick, with the reason, and blocks nothing', async (_name, fields, reason) => {
    const { engine, prices } = setupEngine();
    prices.set(SBIN, { ltp: 500 });
    const placed = await engine.placeOrder(order(SBIN, { action: 'BUY', quantity: 1, ...fields }));
    expect(placed.status).toBe('rejected');
    expect(placed.statusMessage).toMatch(reason);
    expect(await engine.funds()).toMatchObject({ utilisedDebits: 0 });
  });

  it('accepts prices on the tick, binary fractions included', async () => {
    const { engine, prices } = setupEngine();
    prices.set(SBIN, { ltp: 500 });
    const placed = await engine.placeOrder(
      order(SBIN, { action: 'BUY', quantity: 1, priceType: 'LIMIT', price: 0.1 + 0.2 + 480 }),
    );
    expect(placed.status).toBe('open');
  });

  it('refuses a modification to an off-tick price and leaves the order as it was', async () => {
    const { engine, prices } = setupEngine();
    prices.set(SBIN, { ltp: 500 });
    const placed = await engine.placeOrder(
      order(SBIN, { action: 'BUY', quantity: 1, priceType: 'LIMIT', price: 480 }),
    );
    const error = await failure(engine.modifyOrder({ ...placed, price: 481.02, tickSize: 0.05 }));
    expect(isOpenAlgoError(error, 'INVALID_ORDER')).toBe(true);
    expect(String(error.message)).toMatch(/Price 481.02 is not a multiple of the tick size 0.05/);
    expect((await engine.order(placed.orderId)).price).toBe(480);
  });

  it('reads the tick from the instrument through the adapter on modify', async () => {
    const { adapter, prices } = await fakeSandbox();
    prices.set(SBIN, { ltp: 500 });
    const placed = await adapter.placeOrder(
      tagged({ symbol: 'SBIN', action: 'BUY', quantity: 1, priceType: 'LIMIT', price: 480 }),
    );
    const error = await failure(
      adapter.modifyOrder({
        ...tagged({ symbol: 'SBIN', action: 'BUY', quantity: 1, priceType: 'LIMIT', price: 480.01 }),
        orderId: placed.orderId,
      }),
    );
    expect(isOpenAlgoError(error, 'INVALID_ORDER')).toBe(true);
  });
});

describe('lot size', () => {
  it('counts lots on derivative exchanges only', async () => {
    const { engine, prices } = setupEngine();
    prices.set(NIFTY_CE, { ltp: 100 });
    prices.set(SBIN, { ltp: 500 });
    const offLot = await engine.placeOrder(order(NIFTY_CE, { action: 'BUY', quantity: 74, product: 'NRML' }));
    expect(offLot.statusMessage).toBe(
      'Quantity 74 is not a multiple of the lot size 75 of NIFTY27JAN2624000CE on NFO',
    );
    // A cash row with a lot size from a broker master (some say 1, some the board lot) is not split into lots.
    const cash = await engine.placeOrder(order({ ...SBIN, lotSize: 10 }, { action: 'BUY', quantity: 3 }));
    expect(cash.status).toBe('complete');
  });
});

describe('circuit limits', () => {
  it('derives ±20% of the previous close on the tick, widened to hold the day’s range', () => {
    const base = { prevClose: 500, high: 505, low: 495, ltp: 500 };
    expect(deriveCircuitBand(base, 0.05)).toEqual({ lower: 400, upper: 600 });
    expect(deriveCircuitBand({ prevClose: 333.33, high: 340, low: 330, ltp: 335 }, 0.05)).toEqual({
      lower: 266.7,
      upper: 399.95,
    });
    // A pinned price beyond the band: the band flexes to contain the traded price.
    expect(deriveCircuitBand({ ...base, high: 700, ltp: 700 }, 0.05)).toEqual({ lower: 400, upper: 700 });
    // The cheapest option still has room to trade.
    expect(deriveCircuitBand({ prevClose: 0.1, high: 0.1, low: 0.1, ltp: 0.1 }, 0.05)).toEqual({
      lower: 0.05,
      upper: 1.1,
    });
    expect(deriveCircuitBand({ ...base, prevClose: 0 }, 0.05)).toBeUndefined();
  });

  it.each([
    [
      'a BUY LIMIT above the upper circuit',
      { action: 'BUY' as const, priceType: 'LIMIT' as const, price: 600.05 },
      /^Price 600.05 is outside the circuit limits of SBIN on NSE \(lower 400, upper 600\)$/,
    ],
    [
      'a SELL LIMIT below the lower circuit',
      { action: 'SELL' as const, priceType: 'LIMIT' as const, price: 399.95 },
      /^Price 399.95 is outside the circuit limits/,
    ],
    [
      'an SL-M trigger above it',
      { action: 'BUY' as const, priceType: 'SL-M' as const, triggerPrice: 650 },
      /^Trigger price 650 is outside the circuit limits/,
    ],
  ])('rejects %s, and nothing fills', async (_name, fields, reason) => {
    const { engine, prices } = setupEngine();
    prices.set(SBIN, { ltp: 500 });
    const placed = await engine.placeOrder(order(SBIN, { quantity: 1, ...fields }));
    expect(placed.status).toBe('rejected');
    expect(placed.statusMessage).toMatch(reason);
    expect(await engine.trades()).toEqual([]);
  });

  it('accepts a limit on the band’s edge', async () => {
    const { engine, prices } = setupEngine();
    prices.set(SBIN, { ltp: 500 });
    const edge = await engine.placeOrder(
      order(SBIN, { action: 'BUY', quantity: 1, priceType: 'LIMIT', price: 400 }),
    );
    expect(edge.status).toBe('open');
  });

  it('refuses a modification outside the band', async () => {
    const { engine, prices } = setupEngine();
    prices.set(NIFTY_FUT, { ltp: 24000 });
    const placed = await engine.placeOrder(
      order(NIFTY_FUT, { action: 'BUY', quantity: 75, product: 'NRML', priceType: 'LIMIT', price: 23000 }),
    );
    const error = await failure(engine.modifyOrder({ ...placed, price: 19000 }));
    expect(isOpenAlgoError(error, 'INVALID_ORDER')).toBe(true);
    expect(String(error.message)).toMatch(
      /Price 19000 is outside the circuit limits of NIFTY27JAN26FUT on NFO \(lower 19200, upper 28800\)/,
    );
  });

  it('publishes the band it enforces in the synthetic market’s quotes', async () => {
    const sandbox = await createSandbox({ seed: 7 });
    const sbin = { symbol: 'SBIN', exchange: 'NSE' } as const;
    const [quote] = await sandbox.adapter.getQuotes([sbin]);
    const raw = quote?.raw as { lowerCircuit?: number; upperCircuit?: number; prevClose: number };
    expect(raw.lowerCircuit).toBeGreaterThan(0);
    expect(raw.upperCircuit).toBeGreaterThan(raw.lowerCircuit ?? 0);
    expect(raw.upperCircuit).toBeCloseTo(raw.prevClose * 1.2, 0);
    const place = (price: number, clientOrderId: string) =>
      sandbox.adapter.placeOrder(
        tagged({ ...sbin, action: 'BUY', quantity: 1, priceType: 'LIMIT', price, clientOrderId }),
      );
    const outside = await sandbox.adapter.getOrder(
      (await place((raw.upperCircuit ?? 0) + 0.05, 'C1')).orderId,
    );
    expect(outside.status).toBe('rejected');
    expect(outside.statusMessage).toMatch(/outside the circuit limits/);
    const below = await sandbox.adapter.getOrder((await place(raw.lowerCircuit ?? 0, 'C2')).orderId);
    expect(below.status).toBe('open');
    const [index] = await sandbox.adapter.getQuotes([{ symbol: 'NIFTY', exchange: 'NSE_INDEX' }]);
    expect(index?.raw).toMatchObject({ symbol: 'NIFTY' });
    expect(index?.raw).not.toHaveProperty('upperCircuit');
    await sandbox.close();
  });
});
