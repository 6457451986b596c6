import { describe, expect, it } from 'vitest';
import { isOpenAlgoError } from '../../src/errors/openalgo-error.js';
import type { Trade } from '../../src/model/order.js';
import { averageFillPrice } from '../../src/trading/order-status.js';
import { capture, createHarness } from './helpers.js';

const LIMIT_BUY = {
  symbol: 'SBIN',
  exchange: 'NSE',
  action: 'BUY',
  quantity: 4,
  priceType: 'LIMIT',
  price: 105,
} as const;

describe('orderStatus', () => {
  it('returns the order as the broker reports it when it carries an average price', async () => {
    const { adapter, service } = createHarness();
    adapter.setPrice({ symbol: 'SBIN', exchange: 'NSE' }, 812.35);
    const ack = await service.placeOrder({ symbol: 'SBIN', exchange: 'NSE', action: 'BUY', quantity: 3 });
    const status = await service.orderStatus(ack.orderId);
    expect(status).toMatchObject({
      orderId: ack.orderId,
      status: 'complete',
      averagePrice: 812.35,
      filledQuantity: 3,
    });
    expect(adapter.callsTo('getTrades')).toHaveLength(0);
  });

  it('takes the average from the trade book when a complete order lacks it', async () => {
    const { adapter, service } = createHarness({ adapter: { ordersCarryAveragePrice: false } });
    const ack = await service.placeOrder(LIMIT_BUY);
    adapter.fill(ack.orderId, [
      { quantity: 3, price: 100 },
      { quantity: 1, price: 103 },
    ]);
    const other = await service.placeOrder({ ...LIMIT_BUY, quantity: 1 });
    adapter.fill(other.orderId, [{ quantity: 1, price: 500 }]);
    const status = await service.orderStatus(ack.orderId);
    expect(status.status).toBe('complete');
    expect(status.averagePrice).toBeCloseTo(100.75, 10);
    expect(adapter.callsTo('getTrades')).toHaveLength(1);
  });

  it('leaves a working order at average price 0 without reading trades', async () => {
    const { adapter, service } = createHarness({ adapter: { ordersCarryAveragePrice: false } });
    const ack = await service.placeOrder(LIMIT_BUY);
    adapter.fill(ack.orderId, [{ quantity: 1, price: 104 }]);
    const status = await service.orderStatus(ack.orderId);
    expect(status).toMatchObject({ status: 'open', filledQuantity: 1, pendingQuantity: 3, averagePrice: 0 });
    expect(adapter.callsTo('getTrades')).toHaveLength(0);
  });

  it('propagates ORDER_NOT_FOUND (a 404 at the server)', async () => {
    const { service } = createHarness();
    const outcome = await capture(service.orderStatus('999'));
    expect(!outcome.ok && isOpenAlgoError(outcome.error, 'ORDER_NOT_FOUND')).toBe(true);
    expect(!outcome.ok && isOpenAlgoError(outcome.error) && outcome.error.httpStatus).toBe(404);
  });

  it('rejects an empty order id', async () => {
    const { adapter, service } = createHarness();
    const outcome = await capture(service.orderStatus(''));
    expect(!outcome.ok && isOpenAlgoError(outcome.error, 'INVALID_REQUEST') && outcome.error.field).toBe(
      'orderId',
    );
    expect(adapter.calls).toEqual([]);
  });
});

describe('averageFillPrice', () => {
  const trade = (orderId: string, quantity: number, price: number): Trade => ({
    tradeId: `${orderId}-${quantity}-${price}`,
    orderId,
    symbol: 'SBIN',
    exchange: 'NSE',
    action: 'BUY',
    product: 'MIS',
    quantity,
    price,
    tradeValue: quantity * price,
    timestamp: '2026-01-05T09:15:00+05:30',
    raw: {},
  });

  it('weights by quantity and ignores other orders', () => {
    expect(averageFillPrice([trade('1', 1, 10), trade('2', 5, 99), trade('1', 3, 20)], '1')).toBe(17.5);
  });

  it('is 0 without fills', () => {
    expect(averageFillPrice([trade('2', 5, 99)], '1')).toBe(0);
  });
});

describe('openPosition', () => {
  it('is the net signed quantity for the exact symbol, exchange and product, 0 when absent', async () => {
    const { adapter, service } = createHarness();
    adapter.seedPosition({ symbol: 'SBIN', exchange: 'NSE', product: 'MIS', quantity: -30 });
    adapter.seedPosition({ symbol: 'SBIN', exchange: 'NSE', product: 'CNC', quantity: 12 });
    expect(await service.openPosition({ symbol: 'SBIN', exchange: 'NSE', product: 'MIS' })).toBe(-30);
    expect(await service.openPosition({ symbol: 'SBIN', exchange: 'NSE', product: 'CNC' })).toBe(12);
    expect(await service.openPosition({ symbol: 'SBIN', exchange: 'BSE', product: 'MIS' })).toBe(0);
    expect(await service.openPosition({ symbol: 'INFY', exchange: 'NSE', product: 'MIS' })).toBe(0);
  });

  it('follows fills', async () => {
    const { service } = createHarness();
    await service.placeOrder({ symbol: 'SBIN', exchange: 'NSE', action: 'SELL', quantity: 7 });
    expect(await service.openPosition({ symbol: 'SBIN', exchange: 'NSE', product: 'MIS' })).toBe(-7);
  });

  it('rejects an unknown product', async () => {
    const { service } = createHarness();
    const outcome = await capture(
      service.openPosition({ symbol: 'SBIN', exchange: 'NSE', product: 'XX' as 'MIS' }),
    );
    expect(!outcome.ok && isOpenAlgoError(outcome.error, 'INVALID_REQUEST') && outcome.error.field).toBe(
      'product',
    );
  });
});
