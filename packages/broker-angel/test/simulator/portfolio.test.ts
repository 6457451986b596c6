import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SECURE_PREFIX } from '../../src/simulator/index.js';
import { orderBody, startSimulator, type TestSimulator } from './support.js';

let t: TestSimulator;
beforeEach(async () => {
  t = await startSimulator();
  t.sim.backdoor.setPrice({ symbol: 'SBIN', exchange: 'NSE' }, 800);
});
afterEach(() => t.close());

const get = <T>(path: string) => t.data<T>(path, { method: 'GET', json: {} });

describe('getPosition', () => {
  it('is `data: null` while flat', async () => {
    expect(await get('/order/v1/getPosition')).toBeNull();
  });

  it('prints every number as a string, a short net value with a space after the minus (§2.3)', async () => {
    await t.data('/order/v1/placeOrder', { json: orderBody({ quantity: '5' }) });
    const [row] = await get<Array<Record<string, string>>>('/order/v1/getPosition');
    expect(row).toMatchObject({
      exchange: 'NSE',
      symboltoken: '3045',
      producttype: 'INTRADAY',
      tradingsymbol: 'SBIN-EQ',
      symbolname: 'SBIN',
      buyqty: '5',
      sellqty: '0',
      netqty: '5',
      cfbuyqty: '0',
    });
    for (const value of Object.values(row ?? {})) expect(typeof value).toBe('string');
    expect(row?.netvalue).toMatch(/^- \d+\.\d{2}$/);
    expect(Number(row?.buyamount)).toBeCloseTo(5 * Number(row?.buyavgprice), 1);
  });
});

describe('holdings', () => {
  it('answer AB1015 (holding not found) on an empty demat; getAllHolding an empty list with zero totals', async () => {
    const empty = await t.call(`${SECURE_PREFIX}/portfolio/v1/getHolding`, { method: 'GET' });
    expect(empty.body).toEqual({
      status: false,
      message: 'Holding not found',
      errorcode: 'AB1015',
      data: null,
    });
    expect(await get('/portfolio/v1/getAllHolding')).toEqual({
      holdings: [],
      totalholding: { totalholdingvalue: 0, totalinvvalue: 0, totalprofitandloss: 0, totalpnlpercentage: 0 },
    });
  });

  it('show a DELIVERY buy as T1 shares, numbers as JSON numbers', async () => {
    await t.data('/order/v1/placeOrder', { json: orderBody({ producttype: 'DELIVERY', quantity: '3' }) });
    const [row] = await get<Array<Record<string, unknown>>>('/portfolio/v1/getHolding');
    expect(row).toMatchObject({
      tradingsymbol: 'SBIN-EQ',
      exchange: 'NSE',
      symboltoken: '3045',
      product: 'DELIVERY',
      quantity: 3,
      t1quantity: 3,
      realisedquantity: 0,
      collateralquantity: null,
    });
    expect(typeof row?.averageprice).toBe('number');
    expect(row?.isin).toMatch(/^INE\d{6}\d{3}$/);
    const all = await get<{ holdings: unknown[]; totalholding: Record<string, number> }>(
      '/portfolio/v1/getAllHolding',
    );
    expect(all.holdings).toEqual([row]);
    expect(all.totalholding.totalinvvalue).toBeCloseTo(3 * Number(row?.averageprice), 2);
  });
});

describe('getRMS', () => {
  it('prints strings with four decimals and nulls; net is free cash, availablecash includes blocked margin', async () => {
    const before = await get<Record<string, string | null>>('/user/v1/getRMS');
    expect(before).toEqual({
      net: '10000000.0000',
      availablecash: '10000000.0000',
      availableintradaypayin: '0.0000',
      availablelimitmargin: '0.0000',
      collateral: '0.0000',
      m2munrealized: '0.0000',
      m2mrealized: '0.0000',
      utiliseddebits: '0.0000',
      utilisedspan: null,
      utilisedoptionpremium: null,
      utilisedholdingsales: null,
      utilisedexposure: null,
      utilisedturnover: null,
      utilisedpayout: '10000000.0000',
    });
    await t.data('/order/v1/placeOrder', {
      json: orderBody({ ordertype: 'LIMIT', price: '700', quantity: '100' }),
    });
    const after = await get<Record<string, string>>('/user/v1/getRMS');
    const used = Number(after.utiliseddebits);
    expect(used).toBeGreaterThan(0);
    expect(Number(after.net)).toBeCloseTo(10_000_000 - used, 2);
    expect(Number(after.availablecash)).toBeCloseTo(10_000_000, 2);
    expect(after.utilisedpayout).toBe(after.net);
  });
});
