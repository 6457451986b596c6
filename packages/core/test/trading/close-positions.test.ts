import { describe, expect, it } from 'vitest';
import {
  InsufficientFundsError,
  isOpenAlgoError,
  RateLimitedError,
} from '../../src/errors/openalgo-error.js';
import type { TaggedOrderRequest } from '../../src/model/order.js';
import type { FakeAdapter } from '../../src/testing/index.js';
import { capture, createHarness } from './helpers.js';

function seedMixedBook(adapter: FakeAdapter): void {
  adapter.seedPosition({ symbol: 'SBIN', exchange: 'NSE', product: 'MIS', quantity: 100 });
  adapter.seedPosition({ symbol: 'INFY', exchange: 'NSE', product: 'CNC', quantity: -50 });
  adapter.seedPosition({ symbol: 'TCS', exchange: 'NSE', product: 'MIS', quantity: 0 });
  adapter.seedPosition({ symbol: 'NIFTY26JAN26FUT', exchange: 'NFO', product: 'NRML', quantity: -75 });
}

const sent = (adapter: FakeAdapter) =>
  adapter.callsTo('placeOrder').map((c) => {
    const r = c.args[0] as TaggedOrderRequest;
    return `${r.action} ${r.quantity} ${r.exchange}:${r.symbol}:${r.product} ${r.priceType}`;
  });

describe('closeAllPositions', () => {
  it('squares off longs and shorts with MARKET orders the other way, same product; flat rows untouched', async () => {
    const { adapter, service } = createHarness();
    seedMixedBook(adapter);
    const result = await service.closeAllPositions();
    expect(sent(adapter)).toEqual([
      'SELL 100 NSE:SBIN:MIS MARKET',
      'BUY 50 NSE:INFY:CNC MARKET',
      'BUY 75 NFO:NIFTY26JAN26FUT:NRML MARKET',
    ]);
    expect(result.status).toBe('success');
    expect(result.message).toBe('All Open Positions Squared Off');
    expect(result.results.map((r) => [r.symbol, r.positionQuantity, r.action, r.quantity, r.status])).toEqual(
      [
        ['SBIN', 100, 'SELL', 100, 'success'],
        ['INFY', -50, 'BUY', 50, 'success'],
        ['NIFTY26JAN26FUT', -75, 'BUY', 75, 'success'],
      ],
    );
    const orderIds = adapter.orders().map((o) => o.orderId);
    expect(result.results.map((r) => r.status === 'success' && r.orderId)).toEqual(orderIds);
    expect((await adapter.getPositions()).every((p) => p.quantity === 0)).toBe(true);
  });

  it('closes only the product and/or exchange asked for', async () => {
    const { adapter, service } = createHarness();
    seedMixedBook(adapter);
    await service.closeAllPositions({ product: 'MIS' });
    expect(sent(adapter)).toEqual(['SELL 100 NSE:SBIN:MIS MARKET']);
    await service.closeAllPositions({ exchange: 'NFO', product: 'NRML' });
    expect(sent(adapter)).toHaveLength(2);
    expect(sent(adapter)[1]).toBe('BUY 75 NFO:NIFTY26JAN26FUT:NRML MARKET');
  });

  it('reports each failure and carries on with the other positions', async () => {
    const { adapter, service } = createHarness();
    seedMixedBook(adapter);
    adapter.failNext('placeOrder', new InsufficientFundsError('margin shortfall'));
    const result = await service.closeAllPositions();
    expect(result.status).toBe('partial');
    expect(result.message).toBe('Squared off 2 of 3 positions; 1 failed');
    const [first, ...rest] = result.results;
    expect(first).toMatchObject({
      symbol: 'SBIN',
      status: 'error',
      error: { code: 'INSUFFICIENT_FUNDS', message: 'margin shortfall' },
    });
    expect(rest.map((r) => r.status)).toEqual(['success', 'success']);
    expect(await service.openPosition({ symbol: 'SBIN', exchange: 'NSE', product: 'MIS' })).toBe(100);
  });

  it('is "error" when every close failed', async () => {
    const { adapter, service } = createHarness();
    adapter.seedPosition({ symbol: 'SBIN', exchange: 'NSE', product: 'MIS', quantity: 5 });
    adapter.failNext('placeOrder', new RateLimitedError('429', { mayHaveReachedBroker: false }));
    const result = await service.closeAllPositions();
    expect(result.status).toBe('error');
    expect(result.results[0]).toMatchObject({ status: 'error', error: { code: 'RATE_LIMITED' } });
  });

  it('reconciles an ambiguous close instead of sending a second one', async () => {
    const { adapter, service } = createHarness();
    adapter.seedPosition({ symbol: 'SBIN', exchange: 'NSE', product: 'MIS', quantity: 5 });
    adapter.acceptThenLoseResponse('placeOrder');
    const result = await service.closeAllPositions();
    expect(result.results[0]).toMatchObject({ status: 'success', reconciled: true });
    expect(adapter.callsTo('placeOrder')).toHaveLength(1);
    expect(await service.openPosition({ symbol: 'SBIN', exchange: 'NSE', product: 'MIS' })).toBe(0);
  });

  it('succeeds with nothing to do on an empty or flat book', async () => {
    const { adapter, service } = createHarness();
    adapter.seedPosition({ symbol: 'TCS', exchange: 'NSE', product: 'MIS', quantity: 0 });
    expect(await service.closeAllPositions()).toEqual({
      status: 'success',
      message: 'No Open Positions Found',
      results: [],
    });
    expect(adapter.callsTo('placeOrder')).toHaveLength(0);
  });

  it('rejects an unknown product filter before reading positions', async () => {
    const { adapter, service } = createHarness();
    const outcome = await capture(service.closeAllPositions({ product: 'BO' as 'MIS' }));
    expect(!outcome.ok && isOpenAlgoError(outcome.error, 'INVALID_REQUEST') && outcome.error.field).toBe(
      'product',
    );
    expect(adapter.calls).toEqual([]);
  });
});
