import { describe, expect, it } from 'vitest';
import {
  BrokerError,
  BrokerUnavailableError,
  InsufficientFundsError,
  InvalidOrderError,
  isOpenAlgoError,
  NetworkError,
  type OpenAlgoError,
  OrderStateUnknownError,
  RateLimitedError,
  SessionExpiredError,
  TimeoutError,
} from '../../src/errors/openalgo-error.js';
import type { OrderRequestInput } from '../../src/model/order.js';
import { FakeAdapter } from '../../src/testing/index.js';
import { TradingService } from '../../src/trading/trading-service.js';
import { capture, createHarness, settle } from './helpers.js';

const SBIN: OrderRequestInput = { symbol: 'SBIN', exchange: 'NSE', action: 'BUY', quantity: 10 };

function expectError(outcome: { ok: boolean; error?: unknown }, code: string): OpenAlgoError {
  expect(outcome.ok).toBe(false);
  const error = outcome.error;
  if (!isOpenAlgoError(error)) throw new Error(`expected an OpenAlgoError, got ${String(error)}`);
  expect(error.code).toBe(code);
  return error;
}

describe('placeOrder: validation before anything leaves the process', () => {
  it.each([
    ['symbol', { ...SBIN, symbol: '' }],
    ['exchange', { ...SBIN, exchange: 'NASDAQ' }],
    ['quantity', { ...SBIN, quantity: 0 }],
    ['quantity', { ...SBIN, quantity: 1.5 }],
    ['price', { ...SBIN, priceType: 'LIMIT' }],
    ['triggerPrice', { ...SBIN, priceType: 'SL-M' }],
    ['clientOrderId', { ...SBIN, clientOrderId: 'has spaces' }],
  ])('rejects a bad %s with INVALID_REQUEST naming it', async (field, request) => {
    const { adapter, service } = createHarness();
    const error = expectError(
      await capture(service.placeOrder(request as OrderRequestInput)),
      'INVALID_REQUEST',
    );
    expect(error.field).toBe(field);
    expect(adapter.calls).toEqual([]);
  });

  it.each(['NSE_INDEX', 'BSE_INDEX', 'MCX_INDEX', 'GLOBAL_INDEX'] as const)(
    'refuses an order on %s: indices cannot be traded',
    async (exchange) => {
      const { adapter, service } = createHarness();
      const error = expectError(
        await capture(service.placeOrder({ ...SBIN, symbol: 'NIFTY', exchange })),
        'INVALID_ORDER',
      );
      expect(error.message).toMatch(/indices can't be traded/);
      expect(error.field).toBe('exchange');
      expect(adapter.calls).toEqual([]);
    },
  );

  it('refuses a client order id generator that makes ids brokers cannot carry', async () => {
    const adapter = new FakeAdapter();
    const service = new TradingService({ adapter, newClientOrderId: () => 'not-valid!' });
    expectError(await capture(service.placeOrder(SBIN)), 'INVALID_REQUEST');
    expect(adapter.callsTo('placeOrder')).toHaveLength(0);
  });

  it('refuses reconcile options that would never look the order up', () => {
    const adapter = new FakeAdapter();
    expect(() => new TradingService({ adapter, reconcile: { attempts: 0 } })).toThrow(/attempts/);
  });
});

describe('placeOrder: the happy path', () => {
  it('tags the order with a fresh 16-character client order id and places it once', async () => {
    const { adapter, service } = createHarness();
    const ack = await service.placeOrder(SBIN);
    expect(ack.clientOrderId).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(ack.reconciled).toBeUndefined();
    const [call] = adapter.callsTo('placeOrder');
    expect(call?.args[0]).toMatchObject({
      ...SBIN,
      priceType: 'MARKET',
      product: 'MIS',
      clientOrderId: ack.clientOrderId,
    });
    const book = adapter.ordersWithClientOrderId(ack.clientOrderId as string);
    expect(book.map((o) => o.orderId)).toEqual([ack.orderId]);
    expect(adapter.callsTo('getOrders')).toHaveLength(0);
  });

  it("keeps the caller's client order id", async () => {
    const { adapter, service } = createHarness();
    const ack = await service.placeOrder({ ...SBIN, clientOrderId: 'mystrat0001' });
    expect(ack.clientOrderId).toBe('mystrat0001');
    expect(adapter.ordersWithClientOrderId('mystrat0001')).toHaveLength(1);
  });

  it('gives every order its own client order id', async () => {
    const { adapter, service } = createHarness();
    await service.placeOrder(SBIN);
    await service.placeOrder(SBIN);
    const ids = adapter.orders().map((o) => o.clientOrderId);
    expect(new Set(ids).size).toBe(2);
  });
});

describe('placeOrder: an ambiguous failure is reconciled, never re-sent', () => {
  it('accepted then response lost → success from the order book, one order, one placeOrder call', async () => {
    const { adapter, service, clock } = createHarness();
    adapter.acceptThenLoseResponse('placeOrder');
    const ack = await service.placeOrder({ ...SBIN, clientOrderId: 'lost1' });
    expect(ack).toMatchObject({ clientOrderId: 'lost1', reconciled: true });
    const book = adapter.ordersWithClientOrderId('lost1');
    expect(book).toHaveLength(1);
    expect(ack.orderId).toBe(book[0]?.orderId);
    expect(adapter.callsTo('placeOrder')).toHaveLength(1);
    expect(adapter.callsTo('getOrders')).toHaveLength(1);
    expect(clock.pendingSleeps).toBe(0);
  });

  it('keeps polling, interval apart, while the order book lags behind the broker', async () => {
    const { adapter, service, clock } = createHarness({ reconcile: { attempts: 5, intervalMs: 1000 } });
    adapter.acceptThenLoseResponse('placeOrder', { hiddenForLookups: 2 });
    const start = clock.now();
    const outcome = capture(service.placeOrder(SBIN));
    await settle();
    expect(adapter.callsTo('getOrders')).toHaveLength(1);
    expect(clock.pendingSleeps).toBe(1);
    await clock.advance(999);
    expect(adapter.callsTo('getOrders')).toHaveLength(1);
    await clock.advance(1);
    expect(adapter.callsTo('getOrders')).toHaveLength(2);
    await clock.advance(1000);
    const result = await outcome;
    expect(result.ok && result.value.reconciled).toBe(true);
    expect(adapter.callsTo('getOrders')).toHaveLength(3);
    expect(clock.now() - start).toBe(2000);
    expect(adapter.callsTo('placeOrder')).toHaveLength(1);
    expect(adapter.orders()).toHaveLength(1);
  });

  it('never accepted → ORDER_STATE_UNKNOWN after exactly N lookups, still one placeOrder call', async () => {
    const { adapter, service, clock } = createHarness({ reconcile: { attempts: 4, intervalMs: 500 } });
    const lost = new TimeoutError('read timed out', { mayHaveReachedBroker: true });
    adapter.failNext('placeOrder', lost);
    const pending = capture(service.placeOrder({ ...SBIN, clientOrderId: 'ghost42' }));
    let settled = false;
    void pending.then(() => {
      settled = true;
    });
    await settle();
    for (let lookup = 1; lookup < 4; lookup++) {
      expect(adapter.callsTo('getOrders')).toHaveLength(lookup);
      expect(settled).toBe(false);
      await clock.advance(500);
    }
    const error = expectError(await pending, 'ORDER_STATE_UNKNOWN');
    expect(error).toBeInstanceOf(OrderStateUnknownError);
    expect(error.clientOrderId).toBe('ghost42');
    expect(error.broker).toBe('fake');
    expect(error.message).toMatch(/check the order book for client order id ghost42 before retrying/);
    expect(error.cause).toBe(lost);
    expect(adapter.callsTo('getOrders')).toHaveLength(4);
    expect(adapter.callsTo('placeOrder')).toHaveLength(1);
    expect(adapter.orders()).toHaveLength(0);
    expect(clock.pendingSleeps).toBe(0);
  });

  it('a failing order-book lookup uses up an attempt and polling goes on', async () => {
    const { adapter, service, clock } = createHarness({ reconcile: { attempts: 5, intervalMs: 100 } });
    adapter.acceptThenLoseResponse('placeOrder');
    adapter.failGetOrders(2);
    const pending = capture(service.placeOrder(SBIN));
    await settle();
    await clock.advance(100);
    await clock.advance(100);
    const result = await pending;
    expect(result.ok && result.value.reconciled).toBe(true);
    expect(adapter.callsTo('getOrders')).toHaveLength(3);
    expect(adapter.callsTo('placeOrder')).toHaveLength(1);
  });

  it('every lookup failing ends in ORDER_STATE_UNKNOWN, without a second placeOrder', async () => {
    const { adapter, service, clock } = createHarness({ reconcile: { attempts: 3, intervalMs: 100 } });
    adapter.acceptThenLoseResponse('placeOrder');
    adapter.failGetOrders(3);
    const pending = capture(service.placeOrder(SBIN));
    await settle();
    await clock.advance(200);
    expectError(await pending, 'ORDER_STATE_UNKNOWN');
    expect(adapter.callsTo('getOrders')).toHaveLength(3);
    expect(adapter.callsTo('placeOrder')).toHaveLength(1);
    // The broker did take it: exactly why the error says "check the order book", not "failed".
    expect(adapter.orders()).toHaveLength(1);
  });

  it('an order the broker took and then rejected is reported as placed (its status says rejected)', async () => {
    const { adapter, service } = createHarness();
    adapter.rejectThenLoseResponse('RMS: insufficient margin');
    const ack = await service.placeOrder(SBIN);
    expect(ack.reconciled).toBe(true);
    expect((await service.orderStatus(ack.orderId)).status).toBe('rejected');
  });

  it.each([
    [
      'ORDER_STATE_UNKNOWN from the adapter (Kite "order request timed out")',
      new OrderStateUnknownError('x'),
    ],
    ['BROKER_UNAVAILABLE without proof', new BrokerUnavailableError('502')],
    ['NETWORK reset without proof', new NetworkError('ECONNRESET')],
    ['BROKER_ERROR flagged as possibly delivered', new BrokerError('500', { mayHaveReachedBroker: true })],
    ['a foreign error', new TypeError('adapter bug after send')],
  ])('%s → reconciled', async (_name, error) => {
    const { adapter, service } = createHarness({ reconcile: { attempts: 1, intervalMs: 0 } });
    adapter.failNext('placeOrder', error);
    const outcome = await capture(service.placeOrder(SBIN));
    expectError(outcome, 'ORDER_STATE_UNKNOWN');
    expect(adapter.callsTo('getOrders')).toHaveLength(1);
    expect(adapter.callsTo('placeOrder')).toHaveLength(1);
  });
});

describe('placeOrder: a definite failure is passed through untouched', () => {
  it.each([
    ['INVALID_ORDER', new InvalidOrderError('tick size')],
    ['INSUFFICIENT_FUNDS', new InsufficientFundsError('margin')],
    ['RATE_LIMITED (local, never sent)', new RateLimitedError('slow down', { mayHaveReachedBroker: false })],
    ['NETWORK (connection refused)', new NetworkError('ECONNREFUSED', { mayHaveReachedBroker: false })],
    ['BROKER_UNAVAILABLE (never sent)', new BrokerUnavailableError('down', { mayHaveReachedBroker: false })],
    ['SESSION_EXPIRED', new SessionExpiredError('token expired')],
  ])('%s', async (_name, error) => {
    const { adapter, service } = createHarness();
    adapter.failNext('placeOrder', error);
    const outcome = await capture(service.placeOrder(SBIN));
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.error).toBe(error);
    expect(adapter.callsTo('getOrders')).toHaveLength(0);
    expect(adapter.callsTo('placeOrder')).toHaveLength(1);
  });
});

describe('placeOrder: logging', () => {
  it('logs each step with the client order id and the broker', async () => {
    const { adapter, service, logger, clock } = createHarness();
    adapter.acceptThenLoseResponse('placeOrder', { hiddenForLookups: 1 });
    const pending = service.placeOrder({ ...SBIN, clientOrderId: 'logme1' });
    await settle();
    await clock.advance(1000);
    await pending;
    const mine = logger.records.filter((r) => r.fields.clientOrderId === 'logme1');
    expect(mine.map((r) => r.msg)).toEqual([
      'placing order',
      'order outcome ambiguous: reconciling against the order book',
      'order not in the order book yet',
      'order found in the order book: placement confirmed',
    ]);
    expect(mine.every((r) => r.fields.broker === 'fake' && r.fields.component === 'trading')).toBe(true);
  });
});
