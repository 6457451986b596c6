import { describe, expect, it } from 'vitest';
import { InsufficientFundsError, isOpenAlgoError } from '../../src/errors/openalgo-error.js';
import type { TaggedOrderRequest } from '../../src/model/order.js';
import { type SplitOrderRequestInput, splitQuantities } from '../../src/trading/split.js';
import { capture, createHarness, deferred, settle } from './helpers.js';

const order = (quantity: number, splitSize: number): SplitOrderRequestInput => ({
  symbol: 'YESBANK',
  exchange: 'NSE',
  action: 'SELL',
  quantity,
  splitSize,
  product: 'CNC',
});

describe('splitQuantities', () => {
  it.each([
    [5, 2, [2, 2, 1]],
    [6, 2, [2, 2, 2]],
    [3, 10, [3]],
    [7, 7, [7]],
    [1, 1, [1]],
  ])('%i by %i → %j', (total, size, expected) => {
    expect(splitQuantities(total, size)).toEqual(expected);
  });
});

describe('placeSplit', () => {
  it('5 split 2 → children of 2, 2 and 1, each its own order with its own client order id', async () => {
    const { adapter, service } = createHarness();
    const result = await service.placeSplit(order(5, 2));
    const sent = adapter.callsTo('placeOrder').map((c) => c.args[0] as TaggedOrderRequest);
    expect(sent.map((r) => [r.quantity, r.action, r.product])).toEqual([
      [2, 'SELL', 'CNC'],
      [2, 'SELL', 'CNC'],
      [1, 'SELL', 'CNC'],
    ]);
    expect(new Set(sent.map((r) => r.clientOrderId)).size).toBe(3);
    expect(result).toMatchObject({ status: 'success', totalQuantity: 5, splitSize: 2 });
    expect(result.results.map((r) => [r.orderNum, r.quantity, r.status])).toEqual([
      [1, 2, 'success'],
      [2, 2, 'success'],
      [3, 1, 'success'],
    ]);
    expect(result.results.map((r) => r.status === 'success' && r.orderId)).toEqual(
      adapter.orders().map((o) => o.orderId),
    );
  });

  it('an exact multiple has no zero-size remainder order', async () => {
    const { adapter, service } = createHarness();
    const result = await service.placeSplit(order(6, 2));
    expect(result.results.map((r) => r.quantity)).toEqual([2, 2, 2]);
    expect(adapter.callsTo('placeOrder')).toHaveLength(3);
  });

  it('allows exactly 100 children and refuses 101 before anything is placed', async () => {
    const { adapter, service } = createHarness();
    const outcome = await capture(service.placeSplit(order(101, 1)));
    expect(!outcome.ok && isOpenAlgoError(outcome.error, 'INVALID_REQUEST') && outcome.error.field).toBe(
      'splitSize',
    );
    expect(!outcome.ok && (outcome.error as Error).message).toMatch(/101 orders; at most 100/);
    expect(adapter.calls).toEqual([]);
    const ok = await service.placeSplit(order(1000, 10));
    expect(ok.results).toHaveLength(100);
    expect(adapter.callsTo('placeOrder')).toHaveLength(100);
  });

  it('places children one after the other', async () => {
    const { adapter, service } = createHarness();
    const gate = deferred();
    adapter.delayNext('placeOrder', gate.promise);
    const pending = service.placeSplit(order(4, 2));
    await settle();
    expect(adapter.callsTo('placeOrder')).toHaveLength(1);
    gate.resolve();
    await pending;
    expect(adapter.callsTo('placeOrder')).toHaveLength(2);
  });

  it('reports a failed child and places the rest: partial', async () => {
    const { adapter, service } = createHarness();
    adapter.failNext('placeOrder', new InsufficientFundsError('margin'));
    const result = await service.placeSplit(order(5, 2));
    expect(result.status).toBe('partial');
    expect(result.results[0]).toMatchObject({
      orderNum: 1,
      quantity: 2,
      status: 'error',
      error: { code: 'INSUFFICIENT_FUNDS' },
    });
    expect(result.results.slice(1).map((r) => r.status)).toEqual(['success', 'success']);
    expect(adapter.orders().map((o) => o.quantity)).toEqual([2, 1]);
  });

  it('is "error" when every child failed', async () => {
    const { adapter, service } = createHarness();
    adapter.failNext('placeOrder', new InsufficientFundsError('margin'));
    adapter.failNext('placeOrder', new InsufficientFundsError('margin'));
    expect((await service.placeSplit(order(2, 1))).status).toBe('error');
  });

  it.each([
    ['splitSize', { ...order(5, 0) }],
    ['splitSize', { ...order(5, 1.5) }],
    ['quantity', { ...order(0, 1) }],
    ['clientOrderId', { ...order(5, 2), clientOrderId: 'mine1' }],
  ])('rejects a bad %s before placing', async (field, request) => {
    const { adapter, service } = createHarness();
    const outcome = await capture(service.placeSplit(request));
    expect(!outcome.ok && isOpenAlgoError(outcome.error, 'INVALID_REQUEST') && outcome.error.field).toBe(
      field,
    );
    expect(adapter.calls).toEqual([]);
  });
});
