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

const SBIN_LIMIT = {
  symbol: 'NSE:SBIN-EQ',
  qty: 1,
  type: 1,
  side: 1,
  productType: 'INTRADAY',
  limitPrice: 700,
  stopPrice: 0,
  validity: 'DAY',
  disclosedQty: 0,
  offlineOrder: false,
  stopLoss: 0,
  takeProfit: 0,
  orderTag: 'openalgo',
};

async function place(body: Record<string, unknown>) {
  return call(s.origin, 'POST', '/api/v3/orders/sync', { body, headers: auth });
}

async function book(query = ''): Promise<Record<string, unknown>[]> {
  const reply = await call(s.origin, 'GET', `/api/v3/orders${query}`, { headers: auth });
  return reply.body.orderBook as Record<string, unknown>[];
}

describe('place, modify, cancel (/api/v3/orders/sync)', () => {
  it('places with code 1101 and a 14-digit YYMMDD id, listed as pending (6)', async () => {
    const reply = await place(SBIN_LIMIT);
    const id = String(reply.body.id);
    expect(id).toMatch(/^26010500\d{6}$/);
    expect(reply.body).toEqual({
      s: 'ok',
      code: 1101,
      message: `Order submitted successfully. Your Order Ref. No.${id}`,
      id,
    });
    const [row] = await book();
    expect(row).toMatchObject({
      id,
      symbol: 'NSE:SBIN-EQ',
      qty: 1,
      filledQty: 0,
      remainingQuantity: 1,
      limitPrice: 700,
      type: 1,
      side: 1,
      productType: 'INTRADAY',
      status: 6,
      exchange: 10,
      segment: 10,
      fyToken: '10100000003045',
      orderValidity: 'DAY',
      orderTag: 'openalgo',
      orderNumStatus: `${id}:6`,
      orderDateTime: '05-Jan-2026 09:30:00',
    });
    expect(String(row?.exchOrdId)).toMatch(/^\d{16}$/);
  });

  it('modifies (1102) and cancels (1103); a second cancel is −161', async () => {
    const id = String((await place(SBIN_LIMIT)).body.id);
    const modified = await call(s.origin, 'PATCH', '/api/v3/orders/sync', {
      body: { id, type: 1, limitPrice: 705, qty: 2 },
      headers: auth,
    });
    expect(modified.body).toMatchObject({ s: 'ok', code: 1102, id });
    expect((await book(`?id=${id}`))[0]).toMatchObject({ limitPrice: 705, qty: 2, status: 6 });
    const cancelled = await call(s.origin, 'DELETE', '/api/v3/orders/sync', { body: { id }, headers: auth });
    expect(cancelled.body).toMatchObject({ s: 'ok', code: 1103, id });
    expect((await book(`?id=${id}`))[0]?.status).toBe(1);
    const again = await call(s.origin, 'DELETE', '/api/v3/orders/sync', { body: { id }, headers: auth });
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ s: 'error', code: -161, id });
  });

  it('fills a MARKET order (2) and books its trade; a modify after the fill is −162', async () => {
    const id = String((await place({ ...SBIN_LIMIT, type: 2, limitPrice: 0 })).body.id);
    expect((await book(`?id=${id}`))[0]).toMatchObject({ status: 2, filledQty: 1, remainingQuantity: 0 });
    const trades = await call(s.origin, 'GET', '/api/v3/tradebook', { headers: auth });
    expect((trades.body.tradeBook as unknown[])[0]).toMatchObject({
      orderNumber: id,
      symbol: 'NSE:SBIN-EQ',
      tradedQty: 1,
      side: 1,
      productType: 'INTRADAY',
      orderTag: 'openalgo',
      row: 1,
    });
    const late = await call(s.origin, 'PATCH', '/api/v3/orders/sync', {
      body: { id, limitPrice: 1 },
      headers: auth,
    });
    expect(late.body.code).toBe(-162);
  });

  it('rests a stop order as transit (4): type 4 SL, type 3 SL-M', async () => {
    const sl = await place({ ...SBIN_LIMIT, type: 4, limitPrice: 806, stopPrice: 805 });
    const slm = await place({ ...SBIN_LIMIT, type: 3, limitPrice: 0, stopPrice: 805 });
    for (const id of [sl.body.id, slm.body.id]) expect((await book(`?id=${String(id)}`))[0]?.status).toBe(4);
  });

  it('answers an RMS rejection with −99, the reason and the id; the book shows it as 5', async () => {
    // CNC is a cash product: a future refuses it.
    const future = 'NSE:NIFTY26JANFUT';
    const reply = await place({
      ...SBIN_LIMIT,
      symbol: future,
      qty: 75,
      type: 2,
      limitPrice: 0,
      productType: 'CNC',
    });
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ s: 'error', code: -99 });
    expect(String(reply.body.id)).toMatch(/^\d{14}$/);
    expect((await book(`?id=${String(reply.body.id)}`))[0]).toMatchObject({ status: 5, symbol: future });
  });

  it('reports the status sequence of every order to the order socket listeners', async () => {
    const seen: number[] = [];
    s.sim.backdoor.onOrderUpdate(({ row }) => seen.push(row.status as number));
    const id = String((await place(SBIN_LIMIT)).body.id);
    await call(s.origin, 'DELETE', '/api/v3/orders/sync', { body: { id }, headers: auth });
    await place({ ...SBIN_LIMIT, type: 2, limitPrice: 0 });
    expect(seen).toEqual([6, 1, 6, 2]);
  });

  it('reports a stop order going transit (4) → pending (6) → traded (2) once its trigger trades', async () => {
    const seen: number[] = [];
    s.sim.backdoor.onOrderUpdate(({ row }) => seen.push(row.status as number));
    await place({ ...SBIN_LIMIT, type: 3, limitPrice: 0, stopPrice: 805 });
    s.sim.backdoor.setPrice('NSE:SBIN-EQ', 806);
    await s.sim.backdoor.advanceClock(2_000);
    expect(seen).toEqual([4, 6, 2]);
  });

  it('filters the book by id and order_tag; an unknown id is −159', async () => {
    const a = String((await place(SBIN_LIMIT)).body.id);
    await place({ ...SBIN_LIMIT, orderTag: 'other1' });
    expect((await book('?order_tag=other1')).map((r) => r.orderTag)).toEqual(['other1']);
    expect((await book(`?id=${a}`)).map((r) => r.id)).toEqual([a]);
    const unknown = await call(s.origin, 'GET', '/api/v3/orders?id=26010599999999', { headers: auth });
    expect(unknown.body.code).toBe(-159);
    const modify = await call(s.origin, 'PATCH', '/api/v3/orders/sync', {
      body: { id: '1', qty: 1 },
      headers: auth,
    });
    expect(modify.body.code).toBe(-159);
  });
});

describe('request checks and tolerance (brokers.md §3.6, §3.10)', () => {
  it.each([
    ['an unknown type', { type: 9 }, -101],
    ['side 0', { side: 0 }, -313],
    ['an unknown productType', { productType: 'FOO' }, -314],
    ['CO (not served)', { productType: 'CO' }, -99],
    ['qty 0', { qty: 0 }, -310],
    ['a fractional qty', { qty: 1.5 }, -310],
    ['validity GTC', { validity: 'GTC' }, -326],
    ['a negative limitPrice', { limitPrice: -1 }, -308],
    ['offlineOrder "maybe"', { offlineOrder: 'maybe' }, -328],
    ['an orderTag with a hyphen', { orderTag: 'open-algo' }, -50],
    ['an orderTag of 31 characters', { orderTag: 'a'.repeat(31) }, -50],
    ['an unknown symbol', { symbol: 'NSE:NOPE-EQ' }, -300],
  ])('refuses %s with its code and places nothing', async (_what, change, code) => {
    const reply = await place({ ...SBIN_LIMIT, ...change });
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ s: 'error', code });
    expect(await book()).toEqual([]);
  });

  it('takes offlineOrder as "True"/"False" strings and JSON sent as text/plain', async () => {
    expect((await place({ ...SBIN_LIMIT, offlineOrder: 'False' })).body.s).toBe('ok');
    const amo = await place({ ...SBIN_LIMIT, offlineOrder: 'True' });
    expect((await book(`?id=${String(amo.body.id)}`))[0]?.offlineOrder).toBe(true);
    const plain = await call(s.origin, 'POST', '/api/v3/orders/sync', {
      raw: JSON.stringify(SBIN_LIMIT),
      headers: { ...auth, 'content-type': 'text/plain' },
    });
    expect(plain.body.s).toBe('ok');
  });

  it('refuses a body that is not JSON with −50', async () => {
    const reply = await call(s.origin, 'POST', '/api/v3/orders/sync', {
      raw: 'symbol=NSE:SBIN-EQ',
      headers: { ...auth, 'content-type': 'text/plain' },
    });
    expect(reply.body).toMatchObject({ s: 'error', code: -50 });
  });

  it('refuses an instrument the master lists but the market does not price', async () => {
    const filler = s.sim.master.rows.find((r) => r.kind === 'equity' && !r.sandbox && r.file === 'NSE_CM');
    const reply = await place({ ...SBIN_LIMIT, symbol: filler?.ticker });
    expect(reply.body).toMatchObject({ s: 'error', code: -99 });
  });
});
