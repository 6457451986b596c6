import { describe, expect, it } from 'vitest';
import type { BrokerAdapter } from '../../src/contract/adapter.js';
import { BrokerUnavailableError } from '../../src/errors/openalgo-error.js';
import type { OrderRequestInput } from '../../src/model/order.js';
import { FakeAdapter } from '../../src/testing/index.js';
import { ManualClock } from '../../src/time/clock.js';
import { TradingService } from '../../src/trading/trading-service.js';
import { capture, settle } from './helpers.js';

const SBIN: OrderRequestInput = { symbol: 'SBIN', exchange: 'NSE', action: 'BUY', quantity: 10 };

/**
 * A re-login replaces the account's adapter while a reconciliation sleeps between lookups: the
 * adapter the order went out through is closed by then, and polling it could only end in
 * ORDER_STATE_UNKNOWN for an order the broker took.
 */
describe('reconciliation reads the order book through the account current adapter', () => {
  it('a re-login mid-reconciliation: the next lookup goes to the new adapter and finds the order', async () => {
    const clock = new ManualClock();
    const before = new FakeAdapter({ clock });
    const after = new FakeAdapter({ clock });
    let current: BrokerAdapter = before;
    const service = new TradingService({
      adapter: before,
      clock,
      reconcile: { attempts: 3, intervalMs: 1000 },
      orderBook: () => current,
    });
    before.acceptThenLoseResponse('placeOrder', { hiddenForLookups: 10 });
    const outcome = capture(service.placeOrder({ ...SBIN, clientOrderId: 'relogin1' }));
    await settle();
    expect(before.callsTo('getOrders')).toHaveLength(1);

    // The re-login: the old adapter is closed (every call fails), the new session sees the order.
    before.failAlways('getOrders', new BrokerUnavailableError('adapter closed'));
    const [placed] = before.ordersWithClientOrderId('relogin1');
    expect(placed).toBeDefined();
    after.setOrders([placed!]);
    current = after;

    await clock.advance(1000);
    const result = await outcome;
    expect(result.ok && result.value).toMatchObject({
      orderId: placed!.orderId,
      clientOrderId: 'relogin1',
      reconciled: true,
    });
    expect(before.callsTo('getOrders')).toHaveLength(1);
    expect(after.callsTo('getOrders')).toHaveLength(1);
    expect(before.callsTo('placeOrder')).toHaveLength(1);
    expect(after.callsTo('placeOrder')).toHaveLength(0);
  });

  it('the getter is asked again at every lookup, and may be async', async () => {
    const clock = new ManualClock();
    const adapter = new FakeAdapter({ clock });
    let asked = 0;
    const service = new TradingService({
      adapter,
      clock,
      reconcile: { attempts: 3, intervalMs: 10 },
      orderBook: async () => {
        asked++;
        return adapter;
      },
    });
    adapter.acceptThenLoseResponse('placeOrder', { hiddenForLookups: 2 });
    const outcome = capture(service.placeOrder(SBIN));
    await settle();
    await clock.advance(10);
    await clock.advance(10);
    const result = await outcome;
    expect(result.ok && result.value.reconciled).toBe(true);
    expect(asked).toBe(3);
  });

  it('without a getter the adapter orders went through is the one polled (as before)', async () => {
    const clock = new ManualClock();
    const adapter = new FakeAdapter({ clock });
    const service = new TradingService({ adapter, clock, reconcile: { attempts: 2, intervalMs: 10 } });
    expect(await service.context.orderBook()).toBe(adapter);
  });
});
