import { describe, expect, it } from 'vitest';
import type { BrokerAdapter } from '../../src/contract/adapter.js';
import { BrokerError, isOpenAlgoError, TimeoutError } from '../../src/errors/openalgo-error.js';
import { noopLogger } from '../../src/http/logger.js';
import type { TaggedOrderRequest } from '../../src/model/order.js';
import { JournalingAdapter } from '../../src/runtime/journaling-adapter.js';
import type { JournalVenue } from '../../src/runtime/order-journal.js';
import { reconcilePendingOrders } from '../../src/runtime/reconcile-journal.js';
import { FakeAdapter, orderRequest } from '../../src/testing/index.js';
import { ManualClock } from '../../src/time/clock.js';
import { TradingService } from '../../src/trading/trading-service.js';
import { until } from '../stream/helpers.js';
import { deferred } from '../trading/helpers.js';
import { MemoryOrderJournal } from './memory-journal.js';

const request = (clientOrderId: string): TaggedOrderRequest => orderRequest({ clientOrderId });

function setup() {
  const clock = new ManualClock();
  const adapter = new FakeAdapter({ clock });
  const journal = new MemoryOrderJournal();
  const journaled = (inner: BrokerAdapter = adapter, venue: JournalVenue = 'live') =>
    new JournalingAdapter({
      inner,
      journal,
      accountId: 'acc',
      venue,
      clock,
      logger: noopLogger,
      durable: true,
    });
  return { clock, adapter, journal, journaled };
}

describe('JournalingAdapter', () => {
  it('commits a pending row before the broker call and acknowledges it after', async () => {
    const { adapter, journal, journaled } = setup();
    const gate = deferred();
    adapter.delayNext('placeOrder', gate.promise);
    const placing = journaled().placeOrder(request('c1'));
    await until(() => adapter.callsTo('placeOrder').length === 1, 'the order to reach the broker');
    const seenDuringCall = journal.get('acc', 'c1')?.state;
    gate.resolve();
    const ack = await placing;
    expect(seenDuringCall).toBe('pending');
    expect(journal.get('acc', 'c1')).toMatchObject({ state: 'acknowledged', brokerOrderId: ack.orderId });
  });

  it('records a definite rejection as failed and an ambiguous one as unknown', async () => {
    const { adapter, journal, journaled } = setup();
    adapter.failNext('placeOrder', new BrokerError('margin', { broker: 'f' }));
    await expect(journaled().placeOrder(request('f1'))).rejects.toThrow('margin');
    expect(journal.get('acc', 'f1')?.state).toBe('failed');
    adapter.failNext('placeOrder', new TimeoutError('slow', { broker: 'f' }));
    await expect(journaled().placeOrder(request('u1'))).rejects.toThrow('slow');
    expect(journal.get('acc', 'u1')).toMatchObject({ state: 'unknown', outcome: { code: 'TIMEOUT' } });
  });

  it('sends a definitely failed order again under the same client order id', async () => {
    const { adapter, journal, journaled } = setup();
    adapter.failNext('placeOrder', new BrokerError('margin', { broker: 'f' }));
    const journalingAdapter = journaled();
    await expect(journalingAdapter.placeOrder(request('f2'))).rejects.toThrow('margin');
    const ack = await journalingAdapter.placeOrder(request('f2'));
    expect(adapter.callsTo('placeOrder')).toHaveLength(2);
    expect(journal.get('acc', 'f2')).toMatchObject({ state: 'acknowledged', brokerOrderId: ack.orderId });
  });

  it('settles an unknown order when an order book shows its client order id', async () => {
    const { clock, adapter, journal, journaled } = setup();
    // The broker took the order but the answer was lost.
    adapter.acceptThenLoseResponse('placeOrder');
    const trading = new TradingService({ adapter: journaled(), clock, logger: noopLogger });
    const ack = await trading.placeOrder({
      symbol: 'SBIN',
      exchange: 'NSE',
      action: 'BUY',
      quantity: 1,
      clientOrderId: 'r1',
    });
    const [booked] = adapter.ordersWithClientOrderId('r1');
    expect(ack).toMatchObject({ orderId: booked?.orderId, reconciled: true });
    expect(adapter.callsTo('placeOrder')).toHaveLength(1);
    expect(journal.get('acc', 'r1')).toMatchObject({ state: 'acknowledged', brokerOrderId: booked?.orderId });
  });

  it('leaves the unknown orders of the other venue to that venue', async () => {
    const { adapter, journal, journaled } = setup();
    adapter.acceptThenLoseResponse('placeOrder');
    await expect(journaled(adapter, 'analyze').placeOrder(request('a1'))).rejects.toThrow();
    await journaled(adapter, 'live').getOrders();
    expect(journal.get('acc', 'a1')?.state).toBe('unknown');
    await journaled(adapter, 'analyze').getOrders();
    expect(journal.get('acc', 'a1')?.state).toBe('acknowledged');
  });

  it('never sends a client order id twice', async () => {
    const { adapter, journal, journaled } = setup();
    const journalingAdapter = journaled();
    const first = await journalingAdapter.placeOrder(request('d1'));
    const again = await journalingAdapter.placeOrder(request('d1'));
    expect(again.orderId).toBe(first.orderId);
    expect(adapter.callsTo('placeOrder')).toHaveLength(1);
    journal.begin({ accountId: 'acc', clientOrderId: 'd2', venue: 'live', request: {}, at: 1 });
    const refused = await journalingAdapter.placeOrder(request('d2')).catch((e: unknown) => e);
    expect(isOpenAlgoError(refused, 'ORDER_STATE_UNKNOWN')).toBe(true);
    expect(adapter.callsTo('placeOrder')).toHaveLength(1);
  });

  it('does not send an order it could not record', async () => {
    const { adapter, journal, journaled } = setup();
    journal.broken = new Error('disk I/O error');
    const error = await journaled()
      .placeOrder(request('n1'))
      .catch((e: unknown) => e);
    expect(isOpenAlgoError(error, 'BROKER_UNAVAILABLE')).toBe(true);
    expect((error as { mayHaveReachedBroker?: boolean }).mayHaveReachedBroker).toBe(false);
    expect(adapter.callsTo('placeOrder')).toHaveLength(0);
  });
});

describe('reconcilePendingOrders', () => {
  it('settles rows a crash left pending from the order book, sending nothing', async () => {
    const { clock, adapter, journal } = setup();
    const seen = await adapter.placeOrder(request('seen'));
    for (const id of ['seen', 'lost']) {
      journal.begin({ accountId: 'acc', clientOrderId: id, venue: 'live', request: request(id), at: 1 });
    }
    const result = await reconcilePendingOrders({
      journal,
      accountId: 'acc',
      venue: 'live',
      adapter,
      clock,
      logger: noopLogger,
    });
    expect(result).toEqual({ acknowledged: ['seen'], unknown: ['lost'], deferred: false });
    expect(journal.get('acc', 'seen')).toMatchObject({ state: 'acknowledged', brokerOrderId: seen.orderId });
    expect(journal.get('acc', 'lost')?.state).toBe('unknown');
    expect(adapter.callsTo('placeOrder')).toHaveLength(1);
  });

  it('leaves rows pending when the order book cannot be read', async () => {
    const { clock, adapter, journal } = setup();
    journal.begin({ accountId: 'acc', clientOrderId: 'p', venue: 'live', request: {}, at: 1 });
    adapter.failGetOrders(1, new Error('down'));
    const result = await reconcilePendingOrders({
      journal,
      accountId: 'acc',
      venue: 'live',
      adapter,
      clock,
      logger: noopLogger,
    });
    expect(result.deferred).toBe(true);
    expect(journal.get('acc', 'p')?.state).toBe('pending');
  });
});
