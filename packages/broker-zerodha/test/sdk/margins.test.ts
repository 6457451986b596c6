import { onlyLoopback } from '@openalgo/testkit/oracle';
import type { Connect } from 'kiteconnect';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type SdkSession, startSdkSession } from './sdk-session.js';

onlyLoopback({ beforeAll, afterAll });

type MarginOrder = Parameters<Connect['orderMargins']>[0][number];

let s: SdkSession;
beforeEach(async () => {
  s = await startSdkSession();
  s.sim.backdoor.setPrice('NSE:SBIN', 800);
  s.sim.backdoor.setPrice('NFO:NIFTY26JANFUT', 23_000);
});
afterEach(() => s.close());

const round2 = (value: number) => Math.round(value * 100) / 100;

describe('getMargins', () => {
  it('answers both segments; a segment alone is the same object; a buy moves net by its debit', async () => {
    const before = await s.kc.getMargins();
    const capital = s.sim.backdoor.engine.settings.startingCapital;
    expect(before.equity).toMatchObject({ enabled: true, net: capital, available: { cash: capital } });
    expect(await s.kc.getMargins('equity')).toEqual(before.equity);
    expect(await s.kc.getMargins('commodity')).toEqual(before.commodity);

    await s.kc.placeOrder('regular', {
      exchange: 'NSE',
      tradingsymbol: 'SBIN',
      transaction_type: 'BUY',
      order_type: 'MARKET',
      product: 'CNC',
      quantity: 10,
      market_protection: -1,
    } as Parameters<Connect['placeOrder']>[1]);
    const after = (await s.kc.getMargins('equity')) as { net: number; utilised: { debits: number } };
    // A CNC buy (leverage 1) spends the whole trade value: 10 × the ask.
    expect(after.utilised.debits).toBeCloseTo(10 * 800.05, 2);
    expect(after.net).toBeCloseTo(capital - 10 * 800.05, 2);
  });
});

describe('orderMargins and orderBasketMargins (JSON bodies)', () => {
  const sbin: MarginOrder = {
    exchange: 'NSE',
    tradingsymbol: 'SBIN',
    transaction_type: 'BUY',
    variety: 'regular',
    product: 'MIS',
    order_type: 'MARKET',
    quantity: 10,
    price: 0,
    trigger_price: 0,
  };
  const future: MarginOrder = {
    ...sbin,
    exchange: 'NFO',
    tradingsymbol: 'NIFTY26JANFUT',
    product: 'NRML',
    order_type: 'LIMIT',
    quantity: 75,
    price: 22_950,
  };

  it('prices one leg as trade value ÷ the leverage, at the ask for a market buy', async () => {
    const leverage = s.sim.backdoor.engine.settings.leverage;
    const [margin, ...rest] = await s.kc.orderMargins([sbin]);
    expect(rest).toEqual([]);
    expect(margin).toMatchObject({
      type: 'equity',
      tradingsymbol: 'SBIN',
      exchange: 'NSE',
      total: round2((10 * 800.05) / leverage.equityMis),
    });
    const request = s.sim.backdoor.requests().at(-1);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.query).toEqual({ mode: 'compact' });
    expect(request?.body).toEqual([sbin]);
  });

  it('sums a basket into initial and final, with each leg in orders', async () => {
    const leverage = s.sim.backdoor.engine.settings.leverage;
    const basket = await s.kc.orderBasketMargins([sbin, future]);
    const legs = [round2((10 * 800.05) / leverage.equityMis), round2((75 * 22_950) / leverage.futures)];
    expect(basket.orders.map((o) => [o.tradingsymbol, o.total])).toEqual([
      ['SBIN', legs[0]],
      ['NIFTY26JANFUT', legs[1]],
    ]);
    expect(basket.final.total).toBeCloseTo((legs[0] ?? 0) + (legs[1] ?? 0), 2);
    expect(basket.initial.total).toBe(basket.final.total);
    expect(s.sim.backdoor.requests().at(-1)?.query).toEqual({ consider_positions: 'true', mode: 'compact' });
  });
});
