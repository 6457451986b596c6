import { describe, expect, it } from 'vitest';
import { BrokerError, isOpenAlgoError } from '../../src/errors/openalgo-error.js';
import { DepthSchema, QuoteSchema } from '../../src/model/market.js';
import type { Order } from '../../src/model/order.js';
import { FakeAdapter, orderRequest } from '../../src/testing/index.js';
import { ManualClock } from '../../src/time/clock.js';
import { capture } from '../trading/helpers.js';

const SBIN = { symbol: 'SBIN', exchange: 'NSE' } as const;
const INFY = { symbol: 'INFY', exchange: 'NSE' } as const;

const bookedOrder = (orderId: string): Order => ({
  orderId,
  clientOrderId: 'old1',
  symbol: 'SBIN',
  exchange: 'NSE',
  action: 'BUY',
  priceType: 'LIMIT',
  product: 'MIS',
  quantity: 5,
  filledQuantity: 0,
  pendingQuantity: 5,
  price: 790,
  triggerPrice: 0,
  averagePrice: 0,
  status: 'open',
  rawStatus: 'OPEN',
  timestamp: '2026-01-05T09:30:00+05:30',
  raw: {},
});

describe('FakeAdapter: books a test sets verbatim', () => {
  it('reports set orders, trades, positions, holdings, funds and candles as given', async () => {
    const fake = new FakeAdapter();
    fake.setOrders([bookedOrder('O1')]);
    const position = {
      ...SBIN,
      product: 'MIS',
      quantity: 5,
      averagePrice: 1,
      ltp: 2,
      pnl: 5,
      raw: {},
    } as const;
    fake.setPositions([position]);
    fake.setFunds({
      availableCash: 5,
      collateral: 0,
      m2mRealised: 1,
      m2mUnrealised: 0,
      utilisedDebits: 0,
      raw: {},
    });
    fake.setCandles([{ timestamp: 1_767_585_600, open: 1, high: 2, low: 1, close: 2, volume: 3, oi: 0 }]);
    expect((await fake.getOrders()).map((o) => o.orderId)).toEqual(['O1']);
    expect(await fake.getPositions()).toEqual([position]);
    expect((await fake.getFunds()).availableCash).toBe(5);
    expect(
      await fake.getHistory({ ...SBIN, interval: 'D', start: '2026-01-01', end: '2026-01-05' }),
    ).toHaveLength(1);
    // A set order is a real order on the book: it can be cancelled, and then not again.
    await fake.cancelOrder('O1');
    expect((await fake.getOrder('O1')).status).toBe('cancelled');
    const again = await capture(fake.cancelOrder('O1'));
    expect(!again.ok && isOpenAlgoError(again.error, 'INVALID_ORDER')).toBe(true);
  });

  it('numbers orders with the orderId option', async () => {
    const fake = new FakeAdapter({ orderId: (n) => `FAKE${n}` });
    const ack = await fake.placeOrder(orderRequest({ clientOrderId: 'a1' }));
    expect(ack.orderId).toBe('FAKE1');
  });

  it('reset() forgets books, calls, faults and capabilities', async () => {
    const fake = new FakeAdapter();
    fake.setOrders([bookedOrder('O1')]);
    fake.failAll(new BrokerError('down'));
    fake.setCapabilities({ getFunds: false });
    await capture(fake.getOrders());
    fake.reset();
    expect(fake.calls).toEqual([]);
    expect(await fake.getOrders()).toEqual([]);
    expect((await fake.getFunds()).availableCash).toBe(1_000_000);
  });
});

describe('FakeAdapter: standing failures', () => {
  it('failAlways fails every call of one method until cleared; failAll every method', async () => {
    const fake = new FakeAdapter();
    const down = new BrokerError('down');
    fake.failAlways('getFunds', down);
    expect((await capture(fake.getFunds())).ok).toBe(false);
    expect((await capture(fake.getFunds())).ok).toBe(false);
    expect((await capture(fake.getOrders())).ok).toBe(true);
    fake.failAll('a bare string');
    const bare = await capture(fake.getOrders());
    expect(!bare.ok && bare.error).toBe('a bare string');
    fake.clearFaults();
    expect((await capture(fake.getFunds())).ok).toBe(true);
  });

  it('failWhen decides per call from the arguments, and the call is still logged', async () => {
    const fake = new FakeAdapter();
    fake.failWhen((method, args) =>
      method === 'getOrder' && args[0] === 'bad' ? new BrokerError('no') : undefined,
    );
    expect((await capture(fake.getOrder('bad'))).ok).toBe(false);
    expect(fake.callsTo('getOrder')).toEqual([{ method: 'getOrder', args: ['bad'] }]);
  });

  it('an undeclared method answers NOT_SUPPORTED without being logged, like the boundary', async () => {
    const fake = new FakeAdapter();
    fake.setCapabilities({ getDepth: false, marketStream: false });
    const depth = await capture(fake.getDepth(SBIN));
    expect(!depth.ok && isOpenAlgoError(depth.error, 'NOT_SUPPORTED')).toBe(true);
    expect(() => fake.marketStream()).toThrow(/does not support marketStream/);
    expect(fake.calls).toEqual([]);
  });
});

describe('FakeAdapter: market data', () => {
  it('derives quotes and depth from a price through the market shape', async () => {
    const fake = new FakeAdapter({
      market: { halfSpread: 0.05, open: -1, high: 2, low: -2, prevClose: -3, volume: 5000 },
      defaultPrice: null,
    });
    fake.setPrice(SBIN, 800);
    fake.setPrice(INFY, 1500);
    const [sbin, infy] = await fake.getQuotes([SBIN, INFY]);
    expect(sbin).toMatchObject({ ltp: 800, bid: 799.95, ask: 800.05, open: 799, high: 802, prevClose: 797 });
    expect(infy?.ltp).toBe(1500);
    QuoteSchema.parse(sbin);
    const unknown = await capture(fake.getQuotes([{ symbol: 'NOPE', exchange: 'NSE' }]));
    expect(!unknown.ok && isOpenAlgoError(unknown.error, 'SYMBOL_NOT_FOUND')).toBe(true);
  });

  it('builds depth levels from the shape, and pinned fields win', async () => {
    const fake = new FakeAdapter({ market: { halfSpread: 0.05, depthLevels: 3, levelQuantity: 10, ltq: 7 } });
    fake.setPrice(SBIN, 800);
    const depth = DepthSchema.parse(await fake.getDepth(SBIN));
    expect(depth.bids.map((l) => [l.price, l.quantity])).toEqual([
      [799.95, 10],
      [799.9, 20],
      [799.85, 30],
    ]);
    expect(depth).toMatchObject({ totalBuyQuantity: 60, totalSellQuantity: 60, ltq: 7 });
    fake.setDepth(SBIN, { asks: [{ price: 800.1, quantity: 15 }], totalSellQuantity: 15 });
    fake.setQuote(SBIN, { volume: 12345 });
    expect((await fake.getDepth(SBIN)).asks).toEqual([{ price: 800.1, quantity: 15 }]);
    expect((await fake.getQuotes([SBIN]))[0]?.volume).toBe(12345);
  });

  it('asks the full notional value as margin', async () => {
    const fake = new FakeAdapter();
    fake.setPrice(SBIN, 800);
    const leg = {
      ...SBIN,
      action: 'BUY',
      product: 'MIS',
      priceType: 'MARKET',
      quantity: 2,
      price: 0,
      triggerPrice: 0,
    } as const;
    expect(
      (await fake.getMargin([leg, { ...leg, priceType: 'LIMIT', price: 700 }])).totalMarginRequired,
    ).toBe(3000);
  });
});

describe('FakeAdapter: streams', () => {
  it('records market stream calls and delivers what the test emits', async () => {
    const fake = new FakeAdapter();
    const stream = fake.marketStream();
    const ticks: number[] = [];
    const off = stream.onTick((tick) => ticks.push(tick.ltp));
    await stream.subscribe([SBIN], 'ltp');
    fake.stream.emit({ ...SBIN, mode: 'ltp', ltp: 801, timestamp: 1 });
    off();
    expect(ticks).toEqual([801]);
    expect(stream.listenerCount).toBe(0);
    expect(stream.calls).toEqual([{ op: 'subscribe', refs: ['NSE:SBIN'], mode: 'ltp' }]);
    expect([...stream.subscribed]).toEqual([['NSE:SBIN', 'ltp']]);
    stream.rejects.add('NSE:INFY');
    expect((await capture(stream.subscribe([INFY], 'ltp'))).ok).toBe(false);
  });

  it('the order stream carries every change on the book', async () => {
    const fake = new FakeAdapter();
    const seen: string[] = [];
    fake.orderStream().onOrder((o) => seen.push(o.status));
    const ack = await fake.placeOrder(orderRequest({ priceType: 'LIMIT', price: 790, clientOrderId: 'os1' }));
    await fake.cancelOrder(ack.orderId);
    await fake.placeOrder(orderRequest({ clientOrderId: 'os2' }));
    expect(seen).toEqual(['open', 'cancelled', 'open', 'complete']);
    await fake.close();
    expect(fake.orderStreams[0]?.closed).toBe(true);
  });
});

describe('FakeAdapter.guarded(): the real contract boundary', () => {
  it('parses inputs, refuses undeclared methods and an expired session, and stamps the broker', async () => {
    const clock = new ManualClock();
    const fake = new FakeAdapter({ clock, manifest: { id: 'guardme', capabilities: { getMargin: false } } });
    const session = { broker: 'guardme', userId: 'U1', accessToken: 't', expiresAt: clock.now() + 1000 };
    const adapter = fake.guarded({ session });
    const bad = await capture(
      adapter.placeOrder({ ...orderRequest({ clientOrderId: 'g1' }), priceType: 'LIMIT' }),
    );
    expect(!bad.ok && isOpenAlgoError(bad.error, 'INVALID_REQUEST')).toBe(true);
    expect(fake.calls).toEqual([]);
    const margin = await capture(adapter.getMargin([]));
    expect(!margin.ok && isOpenAlgoError(margin.error, 'NOT_SUPPORTED')).toBe(true);
    const missing = await capture(adapter.getOrder('nope'));
    expect(!missing.ok && isOpenAlgoError(missing.error, 'ORDER_NOT_FOUND') && missing.error.broker).toBe(
      'guardme',
    );
    await clock.advance(1000);
    const late = await capture(adapter.getFunds());
    expect(!late.ok && isOpenAlgoError(late.error, 'SESSION_EXPIRED')).toBe(true);
  });
});
