import { describe, expect, it } from 'vitest';
import { InsufficientFundsError, isOpenAlgoError } from '../../src/errors/openalgo-error.js';
import { OrderSchema, TradeSchema } from '../../src/model/order.js';
import { PositionSchema } from '../../src/model/portfolio.js';
import { FakeAdapter, type OrderRequestPartial, orderRequest } from '../../src/testing/index.js';
import { capture, deferred, settle } from '../trading/helpers.js';

const request = (over: OrderRequestPartial = {}) =>
  orderRequest({ quantity: 10, ...over, clientOrderId: over.clientOrderId ?? 'fk1' });

describe('FakeAdapter: books', () => {
  it('fills a MARKET order at once at the set price; trades and positions follow', async () => {
    const fake = new FakeAdapter();
    fake.setPrice({ symbol: 'SBIN', exchange: 'NSE' }, 800);
    const ack = await fake.placeOrder(request());
    const order = await fake.getOrder(ack.orderId);
    expect(order).toMatchObject({
      status: 'complete',
      filledQuantity: 10,
      pendingQuantity: 0,
      averagePrice: 800,
      clientOrderId: 'fk1',
    });
    const trades = await fake.getTrades();
    expect(trades.map((t) => [t.orderId, t.quantity, t.price])).toEqual([[ack.orderId, 10, 800]]);
    await fake.placeOrder(request({ action: 'SELL', quantity: 4, clientOrderId: 'fk2' }));
    const [position] = await fake.getPositions();
    expect(position).toMatchObject({
      quantity: 6,
      buyQuantity: 10,
      sellQuantity: 4,
      averagePrice: 800,
      ltp: 800,
    });
    // Everything the fake reports is valid in the unified model.
    for (const o of await fake.getOrders()) OrderSchema.parse(o);
    for (const t of await fake.getTrades()) TradeSchema.parse(t);
    for (const p of await fake.getPositions()) PositionSchema.parse(p);
  });

  it('rests LIMIT orders as open and SL orders as trigger_pending until filled or cancelled', async () => {
    const fake = new FakeAdapter();
    const limit = await fake.placeOrder(request({ priceType: 'LIMIT', price: 790 }));
    const stop = await fake.placeOrder(
      request({ priceType: 'SL', price: 780, triggerPrice: 781, clientOrderId: 'fk2' }),
    );
    expect((await fake.getOrders()).map((o) => o.status)).toEqual(['open', 'trigger_pending']);
    expect(await fake.getPositions()).toEqual([]);
    fake.fill(limit.orderId, [{ quantity: 4, price: 790 }]);
    expect(await fake.getOrder(limit.orderId)).toMatchObject({
      status: 'open',
      filledQuantity: 4,
      pendingQuantity: 6,
    });
    await fake.cancelOrder(stop.orderId);
    expect((await fake.getOrder(stop.orderId)).status).toBe('cancelled');
    const again = await capture(fake.cancelOrder(stop.orderId));
    expect(!again.ok && isOpenAlgoError(again.error, 'INVALID_ORDER')).toBe(true);
    const missing = await capture(fake.getOrder('nope'));
    expect(!missing.ok && isOpenAlgoError(missing.error, 'ORDER_NOT_FOUND')).toBe(true);
  });

  it('modifies a working order, filling it when turned into MARKET', async () => {
    const fake = new FakeAdapter();
    const ack = await fake.placeOrder(request({ priceType: 'LIMIT', price: 790 }));
    await fake.modifyOrder({ ...request({ priceType: 'MARKET' }), orderId: ack.orderId, quantity: 12 });
    expect(await fake.getOrder(ack.orderId)).toMatchObject({ status: 'complete', filledQuantity: 12 });
  });

  it('hands out copies: mutating a result does not change the book', async () => {
    const fake = new FakeAdapter();
    await fake.placeOrder(request({ priceType: 'LIMIT', price: 1 }));
    const [order] = await fake.getOrders();
    if (order) order.status = 'cancelled';
    expect((await fake.getOrders())[0]?.status).toBe('open');
  });

  it('refuses untagged orders and orders on index feeds', async () => {
    const fake = new FakeAdapter();
    expect((await capture(fake.placeOrder({ ...request(), clientOrderId: '' }))).ok).toBe(false);
    const index = await capture(fake.placeOrder(request({ exchange: 'NSE_INDEX', symbol: 'NIFTY' })));
    expect(!index.ok && isOpenAlgoError(index.error, 'INVALID_ORDER')).toBe(true);
    expect(fake.orders()).toEqual([]);
  });
});

describe('FakeAdapter: fault plan', () => {
  it('failNext throws once, with no effect, then behaves', async () => {
    const fake = new FakeAdapter();
    const funds = new InsufficientFundsError('margin');
    fake.failNext('placeOrder', funds);
    const first = await capture(fake.placeOrder(request()));
    expect(!first.ok && first.error).toBe(funds);
    expect(fake.orders()).toEqual([]);
    await fake.placeOrder(request());
    expect(fake.orders()).toHaveLength(1);
    expect(fake.faults.pending()).toEqual({ faults: 0, gates: 0 });
  });

  it('acceptThenLoseResponse records (and fills) the order, then throws an ambiguous timeout', async () => {
    const fake = new FakeAdapter();
    fake.acceptThenLoseResponse('placeOrder');
    const outcome = await capture(fake.placeOrder(request()));
    expect(
      !outcome.ok && isOpenAlgoError(outcome.error, 'TIMEOUT') && outcome.error.mayHaveReachedBroker,
    ).toBe(true);
    expect(fake.ordersWithClientOrderId('fk1').map((o) => o.status)).toEqual(['complete']);
    expect((await fake.getPositions())[0]?.quantity).toBe(10);
  });

  it('hiddenForLookups keeps the order out of that many getOrders results', async () => {
    const fake = new FakeAdapter();
    fake.acceptThenLoseResponse('placeOrder', { hiddenForLookups: 2 });
    await capture(fake.placeOrder(request()));
    expect(await fake.getOrders()).toEqual([]);
    expect(await fake.getOrders()).toEqual([]);
    expect(await fake.getOrders()).toHaveLength(1);
    expect(fake.orders()).toHaveLength(1);
  });

  it('rejectThenLoseResponse books a rejected order, then loses the response', async () => {
    const fake = new FakeAdapter();
    fake.rejectThenLoseResponse('RMS: blocked');
    expect((await capture(fake.placeOrder(request()))).ok).toBe(false);
    expect(fake.orders()[0]).toMatchObject({ status: 'rejected', statusMessage: 'RMS: blocked' });
    expect(await fake.getPositions()).toEqual([]);
  });

  it('acceptThenLoseResponse on cancel cancels, then throws', async () => {
    const fake = new FakeAdapter();
    const ack = await fake.placeOrder(request({ priceType: 'LIMIT', price: 1 }));
    fake.acceptThenLoseResponse('cancelOrder');
    expect((await capture(fake.cancelOrder(ack.orderId))).ok).toBe(false);
    expect(fake.orders()[0]?.status).toBe('cancelled');
  });

  it('failGetOrders(n) fails exactly the next n lookups', async () => {
    const fake = new FakeAdapter();
    fake.failGetOrders(2);
    const results = [
      await capture(fake.getOrders()),
      await capture(fake.getOrders()),
      await capture(fake.getOrders()),
    ];
    expect(results.map((r) => r.ok)).toEqual([false, false, true]);
    expect(!results[0]?.ok && isOpenAlgoError(results[0]?.error, 'BROKER_UNAVAILABLE')).toBe(true);
  });

  it('delayNext holds a call (already logged) until the gate opens', async () => {
    const fake = new FakeAdapter();
    const gate = deferred();
    fake.delayNext('getPositions', gate.promise);
    let done = false;
    const pending = fake.getPositions().then(() => {
      done = true;
    });
    await settle();
    expect(fake.callsTo('getPositions')).toHaveLength(1);
    expect(done).toBe(false);
    gate.resolve();
    await pending;
    expect(done).toBe(true);
  });

  it('logs every call with its arguments, in order', async () => {
    const fake = new FakeAdapter();
    await fake.getFunds();
    await fake.getQuotes([{ symbol: 'SBIN', exchange: 'NSE' }]);
    await capture(fake.cancelOrder('x'));
    expect(fake.calls).toEqual([
      { method: 'getFunds', args: [] },
      { method: 'getQuotes', args: [[{ symbol: 'SBIN', exchange: 'NSE' }]] },
      { method: 'cancelOrder', args: ['x'] },
    ]);
  });
});
