import { flushMicrotasks, type Order, type StreamStatus, type Tick } from '@openalgo/core';
import { describe, expect, it } from 'vitest';
import { INFY, SBIN } from '../support/instruments.js';
import { failure, fakeSandbox, tagged } from '../support/sandbox-setup.js';

describe('market stream', () => {
  it('sends the current tick on subscribe and every change after, shaped by mode', async () => {
    const { adapter, prices } = await fakeSandbox();
    prices.set(SBIN, {
      ltp: 500,
      bids: [{ price: 499.9, quantity: 4 }],
      asks: [{ price: 500.1, quantity: 6 }],
    });
    prices.set(INFY, { ltp: 1500 });
    const stream = adapter.marketStream();
    const ticks: Tick[] = [];
    stream.onTick((tick) => ticks.push(tick));
    await stream.subscribe([{ symbol: 'SBIN', exchange: 'NSE' }], 'ltp');
    await stream.subscribe([{ symbol: 'INFY', exchange: 'NSE' }], 'depth');
    expect(ticks).toEqual([
      { symbol: 'SBIN', exchange: 'NSE', mode: 'ltp', ltp: 500, timestamp: expect.any(Number) },
      expect.objectContaining({ symbol: 'INFY', mode: 'depth', ltp: 1500, bids: [], asks: [], close: 1500 }),
    ]);
    await stream.subscribe([{ symbol: 'SBIN', exchange: 'NSE' }], 'quote');
    prices.set(SBIN, {
      ltp: 501,
      bids: [{ price: 500.9, quantity: 3 }],
      asks: [{ price: 501.1, quantity: 2 }],
    });
    expect(ticks[2]).toMatchObject({
      mode: 'quote',
      ltp: 501,
      totalBuyQuantity: 3,
      totalSellQuantity: 2,
      change: 0,
    });
    expect(ticks[2]?.bids).toBeUndefined();
    await stream.unsubscribe([{ symbol: 'SBIN', exchange: 'NSE' }]);
    prices.set(SBIN, { ltp: 502 });
    expect(ticks).toHaveLength(3);
    await stream.close();
  });

  it('refuses unknown symbols and bad modes before subscribing anything', async () => {
    const { adapter, prices } = await fakeSandbox();
    prices.set(SBIN, { ltp: 500 });
    const stream = adapter.marketStream();
    const refs = [
      { symbol: 'SBIN', exchange: 'NSE' },
      { symbol: 'NOPE', exchange: 'NSE' },
    ] as const;
    expect(await failure(stream.subscribe(refs, 'ltp'))).toMatchObject({ code: 'SYMBOL_NOT_FOUND' });
    expect(prices.watcherCount(SBIN)).toBe(0);
    expect(await failure(stream.subscribe([refs[0]], 'full' as never))).toMatchObject({
      code: 'INVALID_REQUEST',
    });
  });

  it('reports open, then closed, and stops watching on close', async () => {
    const { adapter, prices } = await fakeSandbox();
    prices.set(SBIN, { ltp: 500 });
    const stream = adapter.marketStream();
    const statuses: StreamStatus['state'][] = [];
    stream.onStatus((s) => statuses.push(s.state));
    await stream.subscribe([{ symbol: 'SBIN', exchange: 'NSE' }], 'ltp');
    await flushMicrotasks();
    expect(prices.watcherCount(SBIN)).toBe(1);
    await stream.close();
    expect(statuses).toEqual(['open', 'closed']);
    expect(prices.watcherCount(SBIN)).toBe(0);
  });
});

describe('order stream', () => {
  it('emits every change of every order', async () => {
    const { adapter, prices } = await fakeSandbox();
    prices.set(SBIN, { ltp: 500 });
    const stream = adapter.orderStream();
    const seen: Order[] = [];
    stream.onOrder((order) => seen.push(order));
    await adapter.placeOrder(tagged({ symbol: 'SBIN', action: 'BUY', quantity: 2, clientOrderId: 'S1' }));
    const { orderId } = await adapter.placeOrder(
      tagged({
        symbol: 'SBIN',
        action: 'BUY',
        quantity: 2,
        priceType: 'SL-M',
        triggerPrice: 505,
        clientOrderId: 'S2',
      }),
    );
    prices.set(SBIN, { ltp: 505 });
    const rest = await adapter.placeOrder(
      tagged({
        symbol: 'SBIN',
        action: 'BUY',
        quantity: 1,
        priceType: 'LIMIT',
        price: 410, // inside the ±20% circuit band around 505
        clientOrderId: 'S3',
      }),
    );
    await adapter.cancelOrder(rest.orderId);
    expect(seen.map((o) => `${o.clientOrderId} ${o.rawStatus} ${o.filledQuantity}`)).toEqual([
      'S1 OPEN 0',
      'S1 COMPLETE 2',
      'S2 TRIGGER PENDING 0',
      'S2 OPEN 0',
      'S2 COMPLETE 2',
      'S3 OPEN 0',
      'S3 CANCELLED 0',
    ]);
    expect(seen.find((o) => o.orderId === orderId && o.status === 'complete')?.averagePrice).toBe(505);
    await stream.close();
    await adapter.placeOrder(tagged({ symbol: 'SBIN', action: 'BUY', quantity: 1 }));
    expect(seen).toHaveLength(7);
  });
});
