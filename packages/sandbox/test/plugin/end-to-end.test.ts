import { istToEpoch } from '@openalgo/core';
import { describe, expect, it } from 'vitest';
import { createSandbox } from '../../src/index.js';
import { tagged } from '../support/sandbox-setup.js';

describe('sandbox over the synthetic market', () => {
  it('trades through createSandbox: fills at the quote, matches on a pinned price, squares off at 15:15', async () => {
    const sandbox = await createSandbox({ seed: 7 });
    const { adapter, backdoor, instruments } = sandbox;
    const sbin = { symbol: 'SBIN', exchange: 'NSE' } as const;
    const [quote] = await adapter.getQuotes([sbin]);
    expect(quote?.ask).toBeGreaterThan(0);

    const market = await adapter.placeOrder(
      tagged({ ...sbin, action: 'BUY', quantity: 10, clientOrderId: 'E1' }),
    );
    expect(await adapter.getOrder(market.orderId)).toMatchObject({
      status: 'complete',
      averagePrice: quote?.ask,
    });

    const limitPrice = Math.round(((quote?.ltp ?? 0) - 10) * 20) / 20;
    const limit = await adapter.placeOrder(
      tagged({
        ...sbin,
        action: 'BUY',
        quantity: 5,
        priceType: 'LIMIT',
        price: limitPrice,
        clientOrderId: 'E2',
      }),
    );
    expect((await adapter.getOrder(limit.orderId)).status).toBe('open');
    backdoor.setPrice(sbin, limitPrice - 5);
    expect(await adapter.getOrder(limit.orderId)).toMatchObject({
      status: 'complete',
      averagePrice: limitPrice,
    });

    const future = [...instruments.rows()].find(
      (r) => r.exchange === 'NFO' && r.instrumentType.includes('FUT'),
    );
    if (!future) throw new Error('the universe has no NFO future');
    const offLot = await adapter.placeOrder(
      tagged({
        symbol: future.symbol,
        exchange: 'NFO',
        action: 'BUY',
        quantity: future.lotSize + 1,
        product: 'NRML',
      }),
    );
    expect((await adapter.getOrder(offLot.orderId)).statusMessage).toMatch(/not a multiple of the lot size/);

    const stream = adapter.orderStream();
    const events: string[] = [];
    stream.onOrder((o) => events.push(`${o.action} ${o.quantity} ${o.rawStatus} ${o.statusMessage ?? ''}`));
    await backdoor.advanceClock(istToEpoch(2026, 1, 5, 15, 15) - sandbox.clock.now());
    expect(events).toEqual(['SELL 15 COMPLETE MIS square-off at 15:15 IST']);
    const [position] = await adapter.getPositions();
    expect(position).toMatchObject({ symbol: 'SBIN', product: 'MIS', quantity: 0 });
    expect(backdoor.requests().map((r) => r.op)).toEqual([
      'getQuotes',
      'placeOrder',
      'getOrder',
      'placeOrder',
      'getOrder',
      'getOrder',
      'placeOrder',
      'getOrder',
      'getPositions',
    ]);
    expect(backdoor.orders().map((o) => o.clientOrderId)).toEqual(['E1', 'E2', 'cid1', undefined]);
    await sandbox.close();
  });
});
