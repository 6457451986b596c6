import { onlyLoopback } from '@openalgo/testkit/oracle';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dataOf, type SdkSession, startSdkSession } from './sdk-session.js';
import type { Params } from './sdk-types.js';

onlyLoopback({ beforeAll, afterAll });

const SBIN = { exchange: 'NSE', tradingsymbol: 'SBIN-EQ', symboltoken: '3045' } as const;
const FUT = { exchange: 'NFO', tradingsymbol: 'NIFTY27JAN26FUT', symboltoken: '35000' } as const;
const DAY_MS = 24 * 60 * 60_000;

let s: SdkSession;
beforeEach(async () => {
  s = await startSdkSession();
  s.sim.backdoor.setPrice({ symbol: 'SBIN', exchange: 'NSE' }, 800);
  s.sim.backdoor.setPrice({ symbol: 'NIFTY27JAN26FUT', exchange: 'NFO' }, 23_000);
});
afterEach(() => s.close());

async function marketOrder(params: Params): Promise<void> {
  await dataOf(
    s.client.placeOrder({
      variety: 'NORMAL',
      ordertype: 'MARKET',
      duration: 'DAY',
      price: '0',
      squareoff: '0',
      stoploss: '0',
      ...params,
    }),
  );
}

describe('getPosition', () => {
  it('nets the day’s fills per instrument and product, every number a string (§2.3)', async () => {
    await marketOrder({ ...SBIN, transactiontype: 'BUY', producttype: 'INTRADAY', quantity: '10' });
    await marketOrder({ ...SBIN, transactiontype: 'SELL', producttype: 'INTRADAY', quantity: '4' });
    await marketOrder({ ...FUT, transactiontype: 'SELL', producttype: 'CARRYFORWARD', quantity: '65' });
    const positions = (await dataOf(s.client.getPosition())) as Array<Record<string, unknown>>;
    const sbin = positions.find((p) => p.symboltoken === '3045');
    expect(sbin).toMatchObject({ ...SBIN, producttype: 'INTRADAY', buyqty: '10', sellqty: '4', netqty: '6' });
    const fut = positions.find((p) => p.symboltoken === '35000');
    expect(fut).toMatchObject({ ...FUT, producttype: 'CARRYFORWARD', netqty: '-65', lotsize: '65' });
    for (const row of [sbin, fut]) {
      for (const key of ['buyavgprice', 'sellavgprice', 'netqty', 'ltp', 'pnl'] as const) {
        expect(typeof row?.[key], key).toBe('string');
      }
    }
    // A short position's netvalue is positive; a long one's carries a minus (Angel may put a space after it).
    expect(String(sbin?.netvalue)).toMatch(/^-\s?\d/);
  });

  it('is empty before any fill', async () => {
    const reply = await s.client.getPosition();
    expect(reply).toMatchObject({ status: true, message: 'SUCCESS', errorcode: '' });
    expect(reply.data === null || (Array.isArray(reply.data) && reply.data.length === 0)).toBe(true);
  });
});

describe('getHolding and getAllHolding', () => {
  it('a DELIVERY buy becomes a holding after settlement, in JSON numbers (§2.3)', async () => {
    await marketOrder({ ...SBIN, transactiontype: 'BUY', producttype: 'DELIVERY', quantity: '8' });
    await s.sim.backdoor.advanceClock(DAY_MS);
    await s.login();
    const holdings = (await dataOf(s.client.getHolding())) as Array<Record<string, unknown>>;
    expect(holdings).toEqual([
      expect.objectContaining({
        tradingsymbol: 'SBIN-EQ',
        exchange: 'NSE',
        symboltoken: '3045',
        product: 'DELIVERY',
        quantity: 8,
        averageprice: expect.any(Number),
        ltp: expect.any(Number),
        profitandloss: expect.any(Number),
        pnlpercentage: expect.any(Number),
      }),
    ]);
    const all = await dataOf(s.client.getAllHolding());
    expect(all.holdings).toEqual(holdings);
    expect(all.totalholding).toEqual({
      totalholdingvalue: expect.any(Number),
      totalinvvalue: expect.any(Number),
      totalprofitandloss: expect.any(Number),
      totalpnlpercentage: expect.any(Number),
    });
  });
});

describe('getRMS', () => {
  it('answers Angel’s fund fields as strings, some null (§2.4)', async () => {
    const rms = await dataOf(s.client.getRMS());
    for (const key of [
      'net',
      'availablecash',
      'availableintradaypayin',
      'availablelimitmargin',
      'utiliseddebits',
    ]) {
      expect(rms[key], key).toMatch(/^-?\d+\.\d+$/);
    }
    expect(Object.keys(rms)).toEqual(
      expect.arrayContaining([
        'collateral',
        'm2munrealized',
        'm2mrealized',
        'utilisedspan',
        'utilisedpayout',
      ]),
    );
  });

  it('moves cash when an order fills', async () => {
    const before = Number((await dataOf(s.client.getRMS())).utiliseddebits);
    await marketOrder({ ...SBIN, transactiontype: 'BUY', producttype: 'DELIVERY', quantity: '10' });
    const after = Number((await dataOf(s.client.getRMS())).utiliseddebits);
    expect(after).toBeGreaterThan(before);
  });
});
