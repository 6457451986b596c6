import { describe, expect, it } from 'vitest';
import { BrokerUnavailableError, InvalidOrderError, TimeoutError } from '../../src/errors/openalgo-error.js';
import type { OrderStatus } from '../../src/model/enums.js';
import { type FakeAdapter, orderRequest } from '../../src/testing/index.js';
import { capture, createHarness } from './helpers.js';

function seed(adapter: FakeAdapter, status: OrderStatus, n: number): string {
  return adapter.seedOrder(
    orderRequest({ priceType: 'LIMIT', price: 800, clientOrderId: `seed${n}` }),
    status,
  ).orderId;
}

describe('cancelAllOrders', () => {
  it('cancels exactly the working orders: open, trigger pending, pending', async () => {
    const { adapter, service } = createHarness();
    const statuses: OrderStatus[] = [
      'open',
      'complete',
      'trigger_pending',
      'cancelled',
      'rejected',
      'pending',
      'unknown',
    ];
    const ids = statuses.map((status, n) => seed(adapter, status, n));
    const result = await service.cancelAllOrders();
    const working = [ids[0], ids[2], ids[5]];
    expect(result).toEqual({ cancelled: working, failed: [] });
    expect(adapter.callsTo('cancelOrder').map((c) => c.args[0])).toEqual(working);
    expect(adapter.orders().map((o) => o.status)).toEqual([
      'cancelled',
      'complete',
      'cancelled',
      'cancelled',
      'rejected',
      'cancelled',
      'unknown',
    ]);
  });

  it('reports a failing cancel and still cancels the rest', async () => {
    const { adapter, service } = createHarness();
    const ids = [0, 1, 2].map((n) => seed(adapter, 'open', n));
    adapter.failNext('cancelOrder', new InvalidOrderError('order already executing'));
    adapter.failNext('cancelOrder', new TimeoutError('no response', { mayHaveReachedBroker: true }));
    const result = await service.cancelAllOrders();
    expect(result.cancelled).toEqual([ids[2]]);
    expect(result.failed.map((f) => [f.orderId, f.error.code])).toEqual([
      [ids[0], 'INVALID_ORDER'],
      [ids[1], 'TIMEOUT'],
    ]);
    expect(result.failed[1]?.error.mayHaveReachedBroker).toBe(true);
  });

  it('returns empty lists when nothing is working', async () => {
    const { adapter, service } = createHarness();
    seed(adapter, 'complete', 0);
    expect(await service.cancelAllOrders()).toEqual({ cancelled: [], failed: [] });
    expect(adapter.callsTo('cancelOrder')).toHaveLength(0);
  });

  it('propagates a failure to read the order book', async () => {
    const { adapter, service } = createHarness();
    const down = new BrokerUnavailableError('order book down');
    adapter.failNext('getOrders', down);
    const outcome = await capture(service.cancelAllOrders());
    expect(!outcome.ok && outcome.error).toBe(down);
  });
});
