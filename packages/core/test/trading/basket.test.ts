import { describe, expect, it } from 'vitest';
import {
  InsufficientFundsError,
  InvalidOrderError,
  isOpenAlgoError,
} from '../../src/errors/openalgo-error.js';
import type { OrderRequestInput, TaggedOrderRequest } from '../../src/model/order.js';
import type { FakeAdapter } from '../../src/testing/index.js';
import { capture, createHarness, deferred, settle } from './helpers.js';

const leg = (
  symbol: string,
  action: 'BUY' | 'SELL',
  extra: Partial<OrderRequestInput> = {},
): OrderRequestInput => ({
  symbol,
  exchange: 'NFO',
  action,
  quantity: 75,
  product: 'NRML',
  ...extra,
});

const placedSymbols = (adapter: FakeAdapter) =>
  adapter.callsTo('placeOrder').map((c) => (c.args[0] as TaggedOrderRequest).symbol);

describe('placeBasket', () => {
  it('places every BUY before any SELL and answers in request order', async () => {
    const { adapter, service } = createHarness();
    const orders = [leg('S1', 'SELL'), leg('B1', 'BUY'), leg('S2', 'SELL'), leg('B2', 'BUY')];
    const result = await service.placeBasket(orders);
    expect(placedSymbols(adapter)).toEqual(['B1', 'B2', 'S1', 'S2']);
    expect(result.status).toBe('success');
    expect(result.results.map((r) => [r.index, r.symbol, r.status])).toEqual([
      [0, 'S1', 'success'],
      [1, 'B1', 'success'],
      [2, 'S2', 'success'],
      [3, 'B2', 'success'],
    ]);
    const bySymbol = new Map(adapter.orders().map((o) => [o.symbol, o.orderId]));
    expect(result.results.map((r) => r.status === 'success' && r.orderId)).toEqual(
      ['S1', 'B1', 'S2', 'B2'].map((s) => bySymbol.get(s)),
    );
  });

  it('waits for every BUY to settle before the first SELL starts', async () => {
    const { adapter, service } = createHarness();
    const slowBuy = deferred();
    adapter.delayNext('placeOrder', slowBuy.promise);
    const pending = service.placeBasket([leg('B1', 'BUY'), leg('B2', 'BUY'), leg('S1', 'SELL')]);
    await settle();
    // B2 is done, B1 is held: the SELL must not have been sent.
    expect(placedSymbols(adapter)).toEqual(['B1', 'B2']);
    expect(adapter.orders().map((o) => o.symbol)).toEqual(['B2']);
    slowBuy.resolve();
    const result = await pending;
    expect(placedSymbols(adapter)).toEqual(['B1', 'B2', 'S1']);
    // Completion order was B2, B1, S1; results still follow the request.
    expect(result.results.map((r) => r.symbol)).toEqual(['B1', 'B2', 'S1']);
  });

  it('keeps at most `concurrency` legs in flight within a group', async () => {
    const { adapter, service } = createHarness();
    const gates = [deferred(), deferred(), deferred()];
    for (const gate of gates) adapter.delayNext('placeOrder', gate.promise);
    const pending = service.placeBasket(
      ['A', 'B', 'C', 'D'].map((s) => leg(s, 'BUY')),
      { concurrency: 2 },
    );
    await settle();
    expect(placedSymbols(adapter)).toEqual(['A', 'B']);
    gates[1]?.resolve();
    await settle();
    expect(placedSymbols(adapter)).toEqual(['A', 'B', 'C']);
    gates[0]?.resolve();
    gates[2]?.resolve();
    expect((await pending).status).toBe('success');
    expect(placedSymbols(adapter)).toEqual(['A', 'B', 'C', 'D']);
  });

  it('reports a failed leg in its place and calls the basket partial', async () => {
    const { adapter, service } = createHarness();
    adapter.failNext('placeOrder', new InsufficientFundsError('margin shortfall'));
    const result = await service.placeBasket([leg('S1', 'SELL'), leg('B1', 'BUY')]);
    expect(result.status).toBe('partial');
    expect(result.results[0]).toMatchObject({ index: 0, symbol: 'S1', status: 'success' });
    expect(result.results[1]).toMatchObject({
      index: 1,
      symbol: 'B1',
      exchange: 'NFO',
      status: 'error',
      error: { code: 'INSUFFICIENT_FUNDS', message: 'margin shortfall' },
    });
  });

  it('is "error" when every leg failed', async () => {
    const { adapter, service } = createHarness();
    adapter.failNext('placeOrder', new InvalidOrderError('lot size'));
    adapter.failNext('placeOrder', new InvalidOrderError('lot size'));
    const result = await service.placeBasket([leg('B1', 'BUY'), leg('S1', 'SELL')]);
    expect(result.status).toBe('error');
    expect(result.results.map((r) => r.status)).toEqual(['error', 'error']);
  });

  it('reconciles an ambiguous leg and gives each leg its own client order id', async () => {
    const { adapter, service } = createHarness();
    adapter.acceptThenLoseResponse('placeOrder');
    const result = await service.placeBasket([leg('B1', 'BUY'), leg('B2', 'BUY')]);
    expect(result.results[0]).toMatchObject({ status: 'success', reconciled: true });
    expect(adapter.callsTo('placeOrder')).toHaveLength(2);
    const ids = result.results.map((r) => r.clientOrderId);
    expect(new Set(ids).size).toBe(2);
    expect(adapter.orders().map((o) => o.clientOrderId)).toEqual(ids);
  });
});

describe('placeBasket: validation first, nothing placed on any bad leg', () => {
  it.each([
    ['orders.2.exchange', [leg('A', 'BUY'), leg('B', 'BUY'), leg('C', 'SELL', { exchange: 'XYZ' as 'NFO' })]],
    ['orders.1.price', [leg('A', 'BUY'), leg('B', 'SELL', { priceType: 'LIMIT' })]],
    ['orders.0.quantity', [leg('A', 'BUY', { quantity: 0 })]],
    ['orders', []],
  ])('INVALID_REQUEST naming %s', async (field, orders) => {
    const { adapter, service } = createHarness();
    const outcome = await capture(service.placeBasket(orders));
    expect(!outcome.ok && isOpenAlgoError(outcome.error, 'INVALID_REQUEST') && outcome.error.field).toBe(
      field,
    );
    expect(adapter.calls).toEqual([]);
  });

  it('refuses a leg on an index exchange', async () => {
    const { adapter, service } = createHarness();
    const outcome = await capture(
      service.placeBasket([leg('A', 'BUY'), leg('NIFTY', 'SELL', { exchange: 'NSE_INDEX' })]),
    );
    expect(!outcome.ok && isOpenAlgoError(outcome.error, 'INVALID_ORDER') && outcome.error.field).toBe(
      'orders.1.exchange',
    );
    expect(adapter.calls).toEqual([]);
  });

  it('refuses two legs with the same client order id (reconciliation could not tell them apart)', async () => {
    const { adapter, service } = createHarness();
    const outcome = await capture(
      service.placeBasket([
        leg('A', 'BUY', { clientOrderId: 'same1' }),
        leg('B', 'BUY', { clientOrderId: 'same1' }),
      ]),
    );
    expect(!outcome.ok && isOpenAlgoError(outcome.error, 'INVALID_REQUEST') && outcome.error.field).toBe(
      'orders.1.clientOrderId',
    );
    expect(adapter.calls).toEqual([]);
  });

  it('refuses a concurrency below 1', async () => {
    const { service } = createHarness();
    const outcome = await capture(service.placeBasket([leg('A', 'BUY')], { concurrency: 0 }));
    expect(!outcome.ok && isOpenAlgoError(outcome.error, 'INVALID_REQUEST') && outcome.error.field).toBe(
      'concurrency',
    );
  });
});
