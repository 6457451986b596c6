import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, login, type Started, startSimulator } from './support.js';

let s: Started;
let auth: Record<string, string>;
beforeEach(async () => {
  s = await startSimulator();
  auth = (await login(s)).auth;
  s.sim.backdoor.setPrice('NSE:SBIN-EQ', 800);
});
afterEach(async () => {
  await s.sim.close();
});

async function buy(productType: string, qty = 2): Promise<void> {
  const reply = await call(s.origin, 'POST', '/api/v3/orders/sync', {
    body: { symbol: 'NSE:SBIN-EQ', qty, type: 2, side: 1, productType, limitPrice: 0, stopPrice: 0 },
    headers: auth,
  });
  expect(reply.body.s).toBe('ok');
}

async function get(path: string): Promise<Record<string, unknown>> {
  return (await call(s.origin, 'GET', path, { headers: auth })).body;
}

describe('positions', () => {
  it('lists a net position with its EXCH:SYMBOL-PRODUCT id and the overall block', async () => {
    await buy('INTRADAY');
    const body = await get('/api/v3/positions');
    const [row] = body.netPositions as Record<string, unknown>[];
    expect(row).toMatchObject({
      id: 'NSE:SBIN-EQ-INTRADAY',
      symbol: 'NSE:SBIN-EQ',
      netQty: 2,
      qty: 2,
      side: 1,
      productType: 'INTRADAY',
      buyQty: 2,
      dayBuyQty: 2,
      sellQty: 0,
      exchange: 10,
      segment: 10,
      fyToken: '10100000003045',
    });
    expect(body.overall).toMatchObject({ count_total: 1, count_open: 1 });
  });

  it('exits one position by id, then says there are none (−398); an unknown id is −397', async () => {
    await buy('INTRADAY');
    const exit = await call(s.origin, 'DELETE', '/api/v3/positions', {
      body: { id: 'NSE:SBIN-EQ-INTRADAY' },
      headers: auth,
    });
    expect(exit.body).toMatchObject({ s: 'ok', code: 200 });
    const [row] = (await get('/api/v3/positions')).netPositions as Record<string, unknown>[];
    expect(row).toMatchObject({ netQty: 0, side: 0, buyQty: 2, sellQty: 2 });
    const none = await call(s.origin, 'DELETE', '/api/v3/positions', {
      body: { exit_all: 1 },
      headers: auth,
    });
    expect(none.body).toMatchObject({ s: 'error', code: -398 });
    const unknown = await call(s.origin, 'DELETE', '/api/v3/positions', {
      body: { id: 'NSE:SBIN-EQ-MARGIN' },
      headers: auth,
    });
    expect(unknown.body.code).toBe(-397);
  });

  it('exits everything with exit_all, by filter, and cancels pending orders on request', async () => {
    await buy('INTRADAY');
    await buy('CNC');
    const filtered = await call(s.origin, 'DELETE', '/api/v3/positions', {
      body: { segment: [10], side: [1], productType: ['CNC'] },
      headers: auth,
    });
    expect(filtered.body.s).toBe('ok');
    const rows = (await get('/api/v3/positions')).netPositions as Record<string, unknown>[];
    expect(rows.map((r) => [r.productType, r.netQty])).toEqual(
      expect.arrayContaining([
        ['INTRADAY', 2],
        ['CNC', 0],
      ]),
    );
    await call(s.origin, 'POST', '/api/v3/orders/sync', {
      body: { symbol: 'NSE:SBIN-EQ', qty: 1, type: 1, side: 1, productType: 'INTRADAY', limitPrice: 700 },
      headers: auth,
    });
    const all = await call(s.origin, 'DELETE', '/api/v3/positions', {
      body: { pending_orders_cancel: 1, exit_all: 1 },
      headers: auth,
    });
    expect(all.body.s).toBe('ok');
    const book = (await get('/api/v3/orders')).orderBook as Record<string, unknown>[];
    expect(book.filter((o) => o.status === 6)).toEqual([]);
    const after = (await get('/api/v3/positions')).netPositions as Record<string, unknown>[];
    expect(after.every((r) => r.netQty === 0)).toBe(true);
  });

  it('refuses a product conversion (not served) with −99, POST or PUT', async () => {
    for (const method of ['POST', 'PUT']) {
      const reply = await call(s.origin, method, '/api/v3/positions', {
        body: {
          symbol: 'NSE:SBIN-EQ',
          positionSide: 1,
          convertQty: 1,
          convertFrom: 'INTRADAY',
          convertTo: 'CNC',
        },
        headers: auth,
      });
      expect(reply.body).toMatchObject({ s: 'error', code: -99 });
    }
  });
});

describe('holdings, funds, margin', () => {
  it('shows a CNC buy as a T1 holding, then as HLD after settlement', async () => {
    await buy('CNC', 3);
    const today = await get('/api/v3/holdings');
    expect((today.holdings as unknown[])[0]).toMatchObject({
      holdingType: 'T1',
      quantity: 3,
      qty_t1: 3,
      symbol: 'NSE:SBIN-EQ',
      exchange: 10,
      segment: 10,
    });
    expect(today.overall).toMatchObject({ count_total: 1 });
    await s.clock.advance(24 * 3_600_000);
    // The access token rolled over at 03:00 IST: a new day, a new login.
    auth = (await login(s)).auth;
    const next = await get('/api/v3/holdings');
    expect((next.holdings as unknown[])[0]).toMatchObject({ holdingType: 'HLD', quantity: 3, qty_t1: 0 });
  });

  it('lists the ten fund_limit lines; a buy moves cash into Utilized Amount', async () => {
    const before = (await get('/api/v3/funds')).fund_limit as Array<Record<string, unknown>>;
    expect(before.map((l) => l.title)).toEqual([
      'Total Balance',
      'Utilized Amount',
      'Clear Balance',
      'Realized Profit and Loss',
      'Collaterals',
      'Fund Transfer',
      'Receivables',
      'Adhoc Limit',
      'Limit at start of the day',
      'Available Balance',
    ]);
    expect(before.map((l) => l.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(before[1]?.equityAmount).toBe(0);
    await buy('INTRADAY');
    const after = (await get('/api/v3/funds')).fund_limit as Array<Record<string, unknown>>;
    expect(after[1]?.equityAmount as number).toBeGreaterThan(0);
    expect(after[9]?.equityAmount as number).toBeLessThan(before[9]?.equityAmount as number);
  });

  it('quotes margin for a basket: value ÷ leverage, with the cash available', async () => {
    const reply = await call(s.origin, 'POST', '/api/v3/multiorder/margin', {
      body: {
        data: [
          {
            symbol: 'NSE:SBIN-EQ',
            qty: 10,
            side: 1,
            type: 1,
            productType: 'CNC',
            limitPrice: 800,
            stopPrice: 0,
          },
        ],
      },
      headers: auth,
    });
    expect(reply.body).toMatchObject({
      s: 'ok',
      code: 200,
      data: { margin_total: 8000, margin_new_order: 8000 },
    });
    expect((reply.body.data as Record<string, number>).margin_avail).toBeGreaterThan(0);
    const empty = await call(s.origin, 'POST', '/api/v3/multiorder/margin', {
      body: { data: [] },
      headers: auth,
    });
    expect(empty.body.code).toBe(-50);
  });
});
