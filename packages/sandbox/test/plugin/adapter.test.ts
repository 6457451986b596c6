import {
  DepthSchema,
  FundsSchema,
  HoldingSchema,
  OrderSchema,
  PositionSchema,
  QuoteSchema,
  TradeSchema,
} from '@openalgo/core';
import { describe, expect, it } from 'vitest';
import { NIFTY_INDEX, SBIN } from '../support/instruments.js';
import { failure, fakeSandbox, tagged } from '../support/sandbox-setup.js';

describe('sandbox adapter', () => {
  it('places an order and reports it in every book in unified shapes', async () => {
    const { adapter, prices } = await fakeSandbox();
    prices.set(SBIN, { ltp: 500, bid: 499.95, ask: 500.05 });
    const ack = await adapter.placeOrder(
      tagged({ symbol: 'SBIN', action: 'BUY', quantity: 10, product: 'CNC', clientOrderId: 'A1' }),
    );
    expect(ack).toMatchObject({ orderId: expect.stringMatching(/^260105\d{8}$/), clientOrderId: 'A1' });

    const orders = await adapter.getOrders();
    expect(orders.map((o) => OrderSchema.parse(o))).toHaveLength(1);
    expect(orders[0]).toMatchObject({
      orderId: ack.orderId,
      clientOrderId: 'A1',
      status: 'complete',
      rawStatus: 'COMPLETE',
      filledQuantity: 10,
      pendingQuantity: 0,
      averagePrice: 500.05,
      timestamp: '2026-01-05T09:30:00+05:30',
    });
    expect(await adapter.getOrder(ack.orderId)).toEqual(orders[0]);

    const trades = await adapter.getTrades();
    expect(TradeSchema.parse(trades[0])).toMatchObject({
      orderId: ack.orderId,
      quantity: 10,
      price: 500.05,
      tradeValue: 5000.5,
    });
    prices.set(SBIN, { ltp: 510, bid: 509.95, ask: 510.05 });
    const [position] = await adapter.getPositions();
    expect(PositionSchema.parse(position)).toMatchObject({
      symbol: 'SBIN',
      product: 'CNC',
      quantity: 10,
      averagePrice: 500.05,
      ltp: 510,
      pnl: 99.5,
      buyQuantity: 10,
      buyAverage: 500.05,
    });
    const [holding] = await adapter.getHoldings();
    expect(HoldingSchema.parse(holding)).toMatchObject({ quantity: 10, t1Quantity: 10, product: 'CNC' });
    expect(FundsSchema.parse(await adapter.getFunds())).toMatchObject({
      availableCash: 10_000_000 - 5000.5,
      utilisedDebits: 5000.5,
      m2mRealised: 0,
      m2mUnrealised: 99.5,
      collateral: 0,
    });
  });

  it('acks a rejected order and keeps it in the book with the reason', async () => {
    const { adapter, prices } = await fakeSandbox({ config: { startingCapital: 1000 } });
    prices.set(SBIN, { ltp: 500 });
    const ack = await adapter.placeOrder(
      tagged({ symbol: 'SBIN', action: 'BUY', quantity: 10, product: 'CNC' }),
    );
    const order = await adapter.getOrder(ack.orderId);
    expect(order).toMatchObject({
      status: 'rejected',
      rawStatus: 'REJECTED',
      pendingQuantity: 0,
      statusMessage: 'Insufficient funds: required ₹5,000.00, available ₹1,000.00',
    });
    expect((ack.raw as { status: string }).status).toBe('rejected');
  });

  it('rejects orders on an index exchange', async () => {
    const { adapter, prices } = await fakeSandbox();
    prices.set(NIFTY_INDEX, { ltp: 25000 });
    const ack = await adapter.placeOrder(
      tagged({ symbol: 'NIFTY', exchange: 'NSE_INDEX', action: 'BUY', quantity: 1 }),
    );
    expect((await adapter.getOrder(ack.orderId)).statusMessage).toMatch(/index: indices can't be traded/);
  });

  it('fails an unknown symbol with SYMBOL_NOT_FOUND before anything reaches the broker', async () => {
    const { adapter, backdoor } = await fakeSandbox();
    const error = await failure(adapter.placeOrder(tagged({ symbol: 'NOPE', action: 'BUY', quantity: 1 })));
    expect(error).toMatchObject({ code: 'SYMBOL_NOT_FOUND', message: 'Symbol NOPE not found on NSE' });
    expect((await failure(adapter.getQuotes([{ symbol: 'NOPE', exchange: 'NSE' }]))).code).toBe(
      'SYMBOL_NOT_FOUND',
    );
    expect(backdoor.orders()).toEqual([]);
    expect(backdoor.requests()).toEqual([]);
  });

  it('refuses malformed enums as INVALID_REQUEST without recording an order', async () => {
    const { adapter, backdoor, prices } = await fakeSandbox();
    prices.set(SBIN, { ltp: 500 });
    const bad = { ...tagged({ symbol: 'SBIN', action: 'BUY', quantity: 1 }), product: 'XYZ' } as never;
    expect(await failure(adapter.placeOrder(bad))).toMatchObject({
      code: 'INVALID_REQUEST',
      field: 'product',
    });
    expect(backdoor.orders()).toEqual([]);
  });

  it('modifies and cancels, refusing changes of side and cancels of finished orders', async () => {
    const { adapter, prices } = await fakeSandbox();
    prices.set(SBIN, { ltp: 500 });
    const placed = tagged({
      symbol: 'SBIN',
      action: 'BUY',
      quantity: 5,
      priceType: 'LIMIT',
      price: 450,
      clientOrderId: 'M1',
    });
    const { orderId } = await adapter.placeOrder(placed);
    const modified = await adapter.modifyOrder({ ...placed, orderId, quantity: 8, price: 455 });
    expect(modified).toMatchObject({ orderId, clientOrderId: 'M1' });
    expect(await adapter.getOrder(orderId)).toMatchObject({
      quantity: 8,
      price: 455,
      status: 'open',
      pendingQuantity: 8,
    });
    const sideChange = await failure(adapter.modifyOrder({ ...placed, orderId, action: 'SELL' }));
    expect(sideChange).toMatchObject({ code: 'INVALID_ORDER' });
    expect(String(sideChange.message)).toMatch(/its action is BUY, not SELL/);

    expect(await adapter.cancelOrder(orderId)).toMatchObject({ orderId, clientOrderId: 'M1' });
    expect(await adapter.getOrder(orderId)).toMatchObject({ status: 'cancelled', rawStatus: 'CANCELLED' });
    expect(await failure(adapter.cancelOrder(orderId))).toMatchObject({ code: 'INVALID_ORDER' });
    expect(await failure(adapter.getOrder('123'))).toMatchObject({ code: 'ORDER_NOT_FOUND' });
    expect(await failure(adapter.cancelOrder('123'))).toMatchObject({ code: 'ORDER_NOT_FOUND' });
  });

  it('serves quotes, depth, history and the instrument master from the price source', async () => {
    const { adapter, prices } = await fakeSandbox();
    prices.set(SBIN, {
      ltp: 500,
      bids: [{ price: 499.9, quantity: 7 }],
      asks: [{ price: 500.1, quantity: 9 }],
    });
    const [quote] = await adapter.getQuotes([{ symbol: 'SBIN', exchange: 'NSE' }]);
    expect(QuoteSchema.parse(quote)).toMatchObject({
      ltp: 500,
      bid: 499.9,
      ask: 500.1,
      bidQuantity: 7,
      askQuantity: 9,
    });
    const depth = DepthSchema.parse(await adapter.getDepth({ symbol: 'SBIN', exchange: 'NSE' }));
    expect(depth).toMatchObject({
      totalBuyQuantity: 7,
      totalSellQuantity: 9,
      bids: [{ price: 499.9, quantity: 7 }],
    });
    const rows = [];
    for await (const row of adapter.downloadInstruments()) rows.push(row.symbol);
    expect(rows).toContain('NIFTY27JAN26FUT');
    const history = {
      symbol: 'SBIN',
      exchange: 'NSE',
      interval: '1s',
      start: '2026-01-05',
      end: '2026-01-05',
    } as const;
    expect(await failure(adapter.getHistory(history))).toMatchObject({
      code: 'INVALID_REQUEST',
      field: 'interval',
    });
    await expect(adapter.getHistory({ ...history, interval: '5m' })).resolves.toEqual([]);
  });

  it('quotes basket margin with the same leverage rules as the engine', async () => {
    const { adapter, prices } = await fakeSandbox();
    prices.set(SBIN, { ltp: 500, bid: 499, ask: 501 });
    const leg = {
      symbol: 'SBIN',
      exchange: 'NSE',
      action: 'BUY',
      quantity: 10,
      product: 'MIS',
      priceType: 'MARKET',
      price: 0,
      triggerPrice: 0,
    } as const;
    const result = await adapter.getMargin([leg, { ...leg, product: 'CNC', priceType: 'LIMIT', price: 480 }]);
    expect(result).toMatchObject({ totalMarginRequired: 1002 + 4800, spanMargin: 5802, exposureMargin: 0 });
    expect(await failure(adapter.getMargin([{ ...leg, symbol: 'NOPE' }]))).toMatchObject({
      code: 'SYMBOL_NOT_FOUND',
    });
  });

  it('fails every call with SESSION_EXPIRED from the session end (03:00 IST) on', async () => {
    const { adapter, prices, clock, session } = await fakeSandbox();
    prices.set(SBIN, { ltp: 500 });
    await clock.set(session.expiresAt - 1);
    await expect(adapter.getFunds()).resolves.toBeDefined();
    await clock.set(session.expiresAt);
    for (const call of [
      () => adapter.getFunds(),
      () => adapter.getOrders(),
      () => adapter.placeOrder(tagged({ symbol: 'SBIN', action: 'BUY', quantity: 1 })),
      () => adapter.getQuotes([{ symbol: 'SBIN', exchange: 'NSE' }]),
    ]) {
      expect(await failure(call())).toMatchObject({ code: 'SESSION_EXPIRED' });
    }
    expect(() => adapter.marketStream()).toThrow(/expired at 2026-01-06T03:00:00\+05:30/);
  });

  it('expires the session on demand through the back door', async () => {
    const { adapter, backdoor } = await fakeSandbox();
    await expect(adapter.getOrders()).resolves.toEqual([]);
    backdoor.expireSession();
    expect(await failure(adapter.getOrders())).toMatchObject({ code: 'SESSION_EXPIRED' });
  });
});
