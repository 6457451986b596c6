import { isOpenAlgoError, type OpenAlgoError } from '@openalgo/core';
import { orderRequest } from '@openalgo/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { KiteOrderIdSchema } from '../src/mapping/kite-types.js';
import { fixture, formPairs, makeAdapter, ok, type TestAdapter } from './helpers.js';

/**
 * The adapter's side of Kite's order rules: what Kite would refuse for the instrument's tick or lot is
 * refused here, as INVALID_ORDER naming the field, before any request leaves the process (the mock
 * Kite records every request it gets, so `seen` stays empty); a modification to MARKET/SL-M carries
 * market protection; 19-digit order ids survive every layer as strings.
 */

const opened: TestAdapter[] = [];
function open(...args: Parameters<typeof makeAdapter>): TestAdapter {
  const t = makeAdapter(...args);
  opened.push(t);
  return t;
}
afterEach(async () => {
  for (const t of opened.splice(0)) await t.agent.close();
});

async function failure(promise: Promise<unknown>): Promise<OpenAlgoError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isOpenAlgoError(err)) throw new Error(`expected an OpenAlgoError, got ${String(err)}`);
  return err;
}

const limitBuy = orderRequest({ priceType: 'LIMIT', product: 'CNC', price: 420.5, clientOrderId: 'oa1234' });
/** NIFTY2580724400CE in the test master: lot 75, tick 0.05. */
const option = { symbol: 'NIFTY07AUG2524400CE', exchange: 'NFO' as const, product: 'NRML' as const };

describe('off the instrument: refused before sending (never rounded)', () => {
  it.each([
    ['a LIMIT price off the 0.05 tick', { price: 420.53 }, 'price'],
    [
      'an SL trigger off the tick',
      { priceType: 'SL' as const, price: 421, triggerPrice: 420.52 },
      'triggerPrice',
    ],
    [
      'an SL-M trigger off the tick',
      { priceType: 'SL-M' as const, price: 0, triggerPrice: 420.01 },
      'triggerPrice',
    ],
    ['an option quantity that is not whole lots', { ...option, quantity: 70, price: 120 }, 'quantity'],
  ])('placeOrder: %s is INVALID_ORDER naming the field; nothing is sent', async (_name, change, field) => {
    const t = open({});
    const err = await failure(t.adapter.placeOrder({ ...limitBuy, ...change }));
    expect(err.code).toBe('INVALID_ORDER');
    expect(err.field).toBe(field);
    expect(t.seen).toEqual([]);
  });

  it('placeOrder: prices on the tick and whole lots are sent as given', async () => {
    const t = open({ 'POST /orders/regular': ok({ order_id: '1' }) });
    await t.adapter.placeOrder({ ...limitBuy, ...option, quantity: 150, price: 120.15 });
    expect(formPairs(t.seen[0])).toEqual(
      expect.arrayContaining([
        ['quantity', '150'],
        ['price', '120.15'],
      ]),
    );
  });

  it('modifyOrder: a new price off the tick is INVALID_ORDER naming price; nothing is sent', async () => {
    const t = open({});
    const err = await failure(
      t.adapter.modifyOrder({ ...limitBuy, orderId: '151220000000000', price: 421.02 }),
    );
    expect(err).toMatchObject({ code: 'INVALID_ORDER', field: 'price' });
    expect(t.seen).toEqual([]);
  });

  it('modifyOrder: an odd-lot quantity is INVALID_ORDER naming quantity; nothing is sent', async () => {
    const t = open({});
    const err = await failure(
      t.adapter.modifyOrder({ ...limitBuy, ...option, orderId: '151220000000000', quantity: 80, price: 120 }),
    );
    expect(err).toMatchObject({ code: 'INVALID_ORDER', field: 'quantity' });
    expect(t.seen).toEqual([]);
  });
});

describe('market protection on modify', () => {
  it('a modify to MARKET sends market_protection=-1 and no price', async () => {
    const t = open({ 'PUT /orders/regular/151220000000000': ok({ order_id: '151220000000000' }) });
    await t.adapter.modifyOrder({ ...limitBuy, orderId: '151220000000000', priceType: 'MARKET', price: 0 });
    expect(formPairs(t.seen[0])).toEqual([
      ['order_type', 'MARKET'],
      ['quantity', '1'],
      ['validity', 'DAY'],
      ['market_protection', '-1'],
    ]);
  });

  it('a modify of a LIMIT sends none', async () => {
    const t = open({ 'PUT /orders/regular/151220000000000': ok({ order_id: '151220000000000' }) });
    await t.adapter.modifyOrder({ ...limitBuy, orderId: '151220000000000', price: 421 });
    expect(formPairs(t.seen[0]).map(([k]) => k)).not.toContain('market_protection');
  });
});

describe('19-digit order ids (above 2^53) stay exact', () => {
  const BIG = '2506270000000000001';

  it('is above 2^53: as a JS number it would lose digits (what this guards against)', () => {
    expect(Number(BIG)).toBeGreaterThan(Number.MAX_SAFE_INTEGER);
    expect(String(Number(BIG))).not.toBe(BIG);
  });

  it('place, modify, cancel, the book, history and trades all carry the id exactly', async () => {
    const row = { ...(fixture<{ data: Record<string, unknown>[] }>('orders.json').data[0] as object) };
    const order = { ...row, order_id: BIG, tradingsymbol: 'SBIN', exchange: 'NSE' };
    const trade = {
      ...(fixture<{ data: Record<string, unknown>[] }>('trades.json').data[0] as object),
      order_id: BIG,
      tradingsymbol: 'SBIN',
      exchange: 'NSE',
    };
    const t = open({
      'POST /orders/regular': ok({ order_id: BIG }),
      [`PUT /orders/regular/${BIG}`]: ok({ order_id: BIG }),
      [`DELETE /orders/regular/${BIG}`]: ok({ order_id: BIG }),
      'GET /orders': ok([order]),
      [`GET /orders/${BIG}`]: ok([order]),
      'GET /trades': ok([trade]),
    });
    expect((await t.adapter.placeOrder(limitBuy)).orderId).toBe(BIG);
    expect((await t.adapter.modifyOrder({ ...limitBuy, orderId: BIG, price: 421 })).orderId).toBe(BIG);
    expect((await t.adapter.cancelOrder(BIG)).orderId).toBe(BIG);
    expect((await t.adapter.getOrders()).map((o) => o.orderId)).toEqual([BIG]);
    expect((await t.adapter.getOrder(BIG)).orderId).toBe(BIG);
    expect((await t.adapter.getTrades()).map((tr) => tr.orderId)).toEqual([BIG]);
    expect(t.seen.map((r) => r.path)).toEqual([
      '/orders/regular',
      `/orders/regular/${BIG}`,
      `/orders/regular/${BIG}`,
      '/orders',
      `/orders/${BIG}`,
      '/trades',
    ]);
  });

  it('an ack whose id came as a bare JSON number above 2^53 is refused, not turned into another id', async () => {
    // JSON.parse has already rounded 2506270000000000001 to …000; the schema must not pass that on.
    const body = `{"status":"success","data":{"order_id":${BIG}}}`;
    expect(KiteOrderIdSchema.safeParse(JSON.parse(body).data).success).toBe(false);
    const t = open({ 'POST /orders/regular': { status: 200, body } });
    const err = await failure(t.adapter.placeOrder(limitBuy));
    // The order may well exist: the error says so and carries the tag to find it by, never a wrong id.
    expect(err).toMatchObject({ mayHaveReachedBroker: true, retryable: false, clientOrderId: 'oa1234' });
    expect(err.message).toMatch(/order_id/);
  });

  it('a safe numeric id is still read, as its exact digits', () => {
    expect(KiteOrderIdSchema.parse({ order_id: 151220000000000 }).order_id).toBe('151220000000000');
  });
});
