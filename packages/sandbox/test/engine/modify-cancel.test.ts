import { isOpenAlgoError } from '@openalgo/core';
import { describe, expect, it } from 'vitest';
import { order, setupEngine } from '../support/engine-setup.js';
import { NIFTY_FUT, SBIN } from '../support/instruments.js';

async function rejection(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isOpenAlgoError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('modify', () => {
  it('changes price and quantity and re-blocks only the difference', async () => {
    const { engine, prices } = setupEngine();
    prices.set(SBIN, { ltp: 500 });
    const placed = await engine.placeOrder(
      order(SBIN, { action: 'BUY', quantity: 10, priceType: 'LIMIT', price: 400 }),
    );
    expect((await engine.funds()).utilisedDebits).toBe(800);
    const modified = await engine.modifyOrder({
      orderId: placed.orderId,
      quantity: 20,
      priceType: 'LIMIT',
      price: 450,
      triggerPrice: 0,
    });
    expect(modified).toMatchObject({ status: 'open', quantity: 20, price: 450, blockedMargin: 1800 });
    expect((await engine.funds()).utilisedDebits).toBe(1800);
  });

  it('fills at once when the new price crosses the market', async () => {
    const { engine, prices } = setupEngine();
    prices.set(SBIN, { ltp: 500, bid: 499.9, ask: 500.1 });
    const placed = await engine.placeOrder(
      order(SBIN, { action: 'BUY', quantity: 10, priceType: 'LIMIT', price: 400 }),
    );
    const modified = await engine.modifyOrder({ ...placed, priceType: 'MARKET', price: 0 });
    expect(modified).toMatchObject({ status: 'complete', averagePrice: 500.1, blockedMargin: 0 });
    expect((await engine.funds()).utilisedDebits).toBe(1000.2);
  });

  it('turns a limit into a stop that waits for its trigger', async () => {
    const { engine, prices } = setupEngine();
    prices.set(SBIN, { ltp: 500 });
    const placed = await engine.placeOrder(
      order(SBIN, { action: 'BUY', quantity: 10, priceType: 'LIMIT', price: 400 }),
    );
    const stop = await engine.modifyOrder({ ...placed, priceType: 'SL-M', price: 0, triggerPrice: 520 });
    expect(stop).toMatchObject({ status: 'trigger_pending', blockedMargin: 1040 });
  });

  it('refuses a quantity below what is filled, and leaves the order unchanged', async () => {
    const { engine, prices } = setupEngine();
    prices.set(SBIN, { ltp: 500, asks: [{ price: 500, quantity: 6 }], bids: [{ price: 499, quantity: 6 }] });
    const placed = await engine.placeOrder(
      order(SBIN, { action: 'BUY', quantity: 10, priceType: 'LIMIT', price: 500 }),
    );
    expect(placed.filledQuantity).toBe(6);
    const failure = await rejection(engine.modifyOrder({ ...placed, quantity: 5 }));
    expect(failure).toEqual({
      code: 'INVALID_ORDER',
      message: `Can't modify order ${placed.orderId}: 6 are already filled, so the quantity can't go below that`,
    });
    expect(await engine.order(placed.orderId)).toEqual(placed);
  });

  it('completes a partly filled order whose quantity is cut to what is filled', async () => {
    const { engine, prices } = setupEngine();
    prices.set(SBIN, { ltp: 500, asks: [{ price: 500, quantity: 6 }], bids: [{ price: 499, quantity: 6 }] });
    const placed = await engine.placeOrder(
      order(SBIN, { action: 'BUY', quantity: 10, priceType: 'LIMIT', price: 500 }),
    );
    const cut = await engine.modifyOrder({ ...placed, quantity: 6 });
    expect(cut).toMatchObject({ status: 'complete', blockedMargin: 0, filledQuantity: 6 });
    expect((await engine.funds()).utilisedDebits).toBe(600);
  });

  it('refuses a modification the funds cannot cover', async () => {
    const { engine, prices } = setupEngine({ settings: { startingCapital: 10_000 } });
    prices.set(SBIN, { ltp: 500 });
    const placed = await engine.placeOrder(
      order(SBIN, { action: 'BUY', quantity: 10, priceType: 'LIMIT', price: 400, product: 'CNC' }),
    );
    const failure = await rejection(engine.modifyOrder({ ...placed, quantity: 30 }));
    expect(failure.code).toBe('INSUFFICIENT_FUNDS');
    expect(failure.message).toMatch(/required ₹8,000.00 more, available ₹6,000.00/);
    expect((await engine.order(placed.orderId)).quantity).toBe(10);
  });

  it('enforces the lot size on the new quantity', async () => {
    const { engine, prices } = setupEngine();
    prices.set(NIFTY_FUT, { ltp: 24000 });
    const placed = await engine.placeOrder(
      order(NIFTY_FUT, { action: 'BUY', quantity: 75, product: 'NRML', priceType: 'LIMIT', price: 23000 }),
    );
    const failure = await rejection(engine.modifyOrder({ ...placed, quantity: 100 }));
    expect(failure.message).toMatch(/not a multiple of the lot size 75/);
  });
});

describe('cancel', () => {
  it('cancels a working order and says why a finished one cannot be', async () => {
    const { engine, prices } = setupEngine();
    prices.set(SBIN, { ltp: 500 });
    const resting = await engine.placeOrder(
      order(SBIN, { action: 'BUY', quantity: 1, priceType: 'LIMIT', price: 400 }),
    );
    const cancelled = await engine.cancelOrder(resting.orderId);
    expect(cancelled).toMatchObject({ status: 'cancelled', blockedMargin: 0 });
    expect(await rejection(engine.cancelOrder(resting.orderId))).toEqual({
      code: 'INVALID_ORDER',
      message: `Order ${resting.orderId} is already cancelled: only open or trigger-pending orders can be cancelled`,
    });
    const filled = await engine.placeOrder(order(SBIN, { action: 'BUY', quantity: 1 }));
    expect((await rejection(engine.cancelOrder(filled.orderId))).message).toMatch(/is already complete/);
    expect((await rejection(engine.modifyOrder({ ...filled }))).message).toMatch(/can be modified/);
  });

  it('answers ORDER_NOT_FOUND for an unknown id', async () => {
    const { engine } = setupEngine();
    expect(await rejection(engine.cancelOrder('26010599999999'))).toEqual({
      code: 'ORDER_NOT_FOUND',
      message: 'Order 26010599999999 not found',
    });
    expect((await rejection(engine.order('nope'))).code).toBe('ORDER_NOT_FOUND');
  });
});
