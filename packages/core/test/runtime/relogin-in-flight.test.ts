import { describe, expect, it } from 'vitest';
import { BrokerError } from '../../src/errors/openalgo-error.js';
import { noopLogger } from '../../src/http/logger.js';
import type { TaggedOrderRequest } from '../../src/model/order.js';
import { JournalingAdapter } from '../../src/runtime/journaling-adapter.js';
import { reconcilePendingOrders } from '../../src/runtime/reconcile-journal.js';
import { FakeAdapter, orderRequest } from '../../src/testing/index.js';
import { ManualClock } from '../../src/time/clock.js';
import { until } from '../stream/helpers.js';
import { deferred } from '../trading/helpers.js';
import { MemoryOrderJournal } from './memory-journal.js';

const request = (clientOrderId: string): TaggedOrderRequest => orderRequest({ clientOrderId });

/**
 * A re-login builds a second runtime over the same journal while the first may still be sending:
 * the old and the new JournalingAdapter share one journal and one broker account here.
 */
function relogin() {
  const clock = new ManualClock();
  const broker = new FakeAdapter({ clock });
  const journal = new MemoryOrderJournal();
  const journaled = () =>
    new JournalingAdapter({
      inner: broker,
      journal,
      accountId: 'acc',
      venue: 'live',
      clock,
      logger: noopLogger,
      durable: true,
    });
  const recover = () =>
    reconcilePendingOrders({
      journal,
      accountId: 'acc',
      venue: 'live',
      adapter: broker,
      clock,
      logger: noopLogger,
    });
  return { clock, broker, journal, journaled, recover };
}

describe('re-login while an order is in flight', () => {
  it("the new runtime's startup recovery leaves an order the old runtime is still sending to that call", async () => {
    const { broker, journal, journaled, recover } = relogin();
    const gate = deferred();
    broker.delayNext('placeOrder', gate.promise);
    const placing = journaled().placeOrder(request('inflight1'));
    await until(() => broker.callsTo('placeOrder').length === 1, 'the order to reach the broker');

    // The new runtime opens: the book does not show the order yet, and it must not call it unknown.
    const result = await recover();
    expect(result.unknown).toEqual([]);
    expect(result.acknowledged).toEqual([]);
    expect(journal.get('acc', 'inflight1')?.state).toBe('pending');
    journaled();

    gate.resolve();
    const ack = await placing;
    expect(journal.get('acc', 'inflight1')).toMatchObject({
      state: 'acknowledged',
      brokerOrderId: ack.orderId,
    });
    expect(broker.callsTo('placeOrder')).toHaveLength(1);
  });

  it('startup recovery never overwrites a row that was settled while it read the order book', async () => {
    const { broker, journal, recover } = relogin();
    // A row an earlier run left pending; the book does not show it.
    journal.begin({
      accountId: 'acc',
      clientOrderId: 'race1',
      venue: 'live',
      request: request('race1'),
      at: 1,
    });
    const bookGate = deferred();
    broker.delayNext('getOrders', bookGate.promise);
    const recovering = recover();
    await until(() => broker.callsTo('getOrders').length === 1, 'recovery to read the book');
    // Someone with a definite answer (another runtime of the account) settles it meanwhile.
    journal.settle('acc', 'race1', { state: 'failed', outcome: { message: 'rejected' }, at: 2 });
    bookGate.resolve();
    const result = await recovering;
    expect(result.unknown).toEqual([]);
    expect(journal.get('acc', 'race1')?.state).toBe('failed');
  });

  it('an order sent meanwhile that fails definitely stays failed, not unknown', async () => {
    const { broker, journal, journaled, recover } = relogin();
    const sendGate = deferred();
    broker.delayNext('placeOrder', sendGate.promise);
    broker.failNext('placeOrder', new BrokerError('margin', { broker: 'fake' }));
    const placing = journaled()
      .placeOrder(request('rej1'))
      .catch((e: unknown) => e);
    await until(() => broker.callsTo('placeOrder').length === 1, 'the order to reach the broker');
    const result = await recover();
    expect(result.unknown).toEqual([]);
    sendGate.resolve();
    await placing;
    expect(journal.get('acc', 'rej1')?.state).toBe('failed');
  });

  it("an ambiguous failure in the old runtime after the new one opened is settled by the new runtime's order book", async () => {
    const { broker, journal, journaled } = relogin();
    const oldRuntime = journaled();
    const newRuntime = journaled();
    broker.acceptThenLoseResponse('placeOrder');
    await expect(oldRuntime.placeOrder(request('late1'))).rejects.toThrow();
    expect(journal.get('acc', 'late1')?.state).toBe('unknown');

    // Request-path reconciliation polls the account's current adapter: the new runtime's.
    await newRuntime.getOrders();
    const [booked] = broker.ordersWithClientOrderId('late1');
    expect(journal.get('acc', 'late1')).toMatchObject({
      state: 'acknowledged',
      brokerOrderId: booked?.orderId,
    });
    expect(broker.callsTo('placeOrder')).toHaveLength(1);
  });
});
