import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { API_KEY, type SandboxAccount, sandboxAccount, TestResolver } from './support/accounts.js';
import { buildApiApp, json, post } from './support/app.js';

/**
 * The GTT routes over the real sandbox broker: OpenAlgo's request and row shapes, GTTs that fire on
 * the sandbox's own prices and leave their order in the order book, and every refusal naming the
 * request field at fault. The manual clock never moves; prices move through the sandbox's back door.
 */

let app: FastifyInstance;
let sb: SandboxAccount;
/** SBIN's price in the sandbox now. */
let ltp: number;

const SBIN = { symbol: 'SBIN', exchange: 'NSE' as const };
const tick = (price: number) => Math.round(price * 20) / 20;

beforeEach(async () => {
  sb = await sandboxAccount();
  app = await buildApiApp(new TestResolver().add(API_KEY, sb.account), {
    clock: sb.clock,
    rateLimits: false,
  });
  const [quote] = await sb.account.dataAdapter.getQuotes([SBIN]);
  ltp = quote?.ltp ?? 0;
  expect(ltp).toBeGreaterThan(0);
});
afterEach(async () => {
  await app.close();
  await sb.close();
});

/** A SINGLE BUY-on-dip 2% under the price, as the official client sends it. */
function single(fields: Record<string, unknown> = {}) {
  const trigger = tick(ltp * 0.98);
  return {
    apikey: API_KEY,
    strategy: 'Python',
    trigger_type: 'SINGLE',
    ...SBIN,
    action: 'BUY',
    product: 'CNC',
    quantity: 2,
    pricetype: 'LIMIT',
    price: tick(trigger + 0.5),
    triggerprice_sl: trigger,
    triggerprice_tg: 0,
    stoploss: null,
    target: null,
    ...fields,
  };
}

/** An exit pair on a long: stoploss 3% under, target 3% over. */
function oco(fields: Record<string, unknown> = {}) {
  const sl = tick(ltp * 0.97);
  const tg = tick(ltp * 1.03);
  return {
    ...single(),
    trigger_type: 'OCO',
    action: 'SELL',
    price: 0,
    triggerprice_sl: sl,
    stoploss: tick(sl - 0.5),
    triggerprice_tg: tg,
    target: tick(tg - 0.5),
    ...fields,
  };
}

async function book(status?: 'all'): Promise<Array<Record<string, unknown>>> {
  const response = await post(app, 'gttorderbook', { apikey: API_KEY, ...(status ? { status } : {}) });
  expect(response.statusCode, response.body).toBe(200);
  return json(response).data as Array<Record<string, unknown>>;
}

async function placed(response: LightMyRequestResponse): Promise<string> {
  expect(response.statusCode, response.body).toBe(200);
  const body = json(response);
  expect(body).toEqual({ status: 'success', trigger_id: expect.any(String) });
  return body.trigger_id as string;
}

function refused(response: LightMyRequestResponse, status: number, field: string) {
  expect(response.statusCode, response.body).toBe(status);
  const body = json(response);
  expect(body).toMatchObject({ status: 'error', field });
  expect(body.message).toContain(field);
  return body;
}

describe('place → list → modify → cancel', () => {
  test('a SINGLE GTT is listed in OpenAlgo’s row shape, then modified and cancelled', async () => {
    const request = single();
    const id = await placed(await post(app, 'placegttorder', request));
    const [row] = await book();
    expect(row).toEqual({
      trigger_id: id,
      trigger_type: 'single',
      status: 'active',
      ...SBIN,
      trigger_prices: [request.triggerprice_sl],
      last_price: ltp,
      legs: [{ action: 'BUY', quantity: 2, price: request.price, pricetype: 'LIMIT', product: 'CNC' }],
      created_at: '2026-01-05 09:30:00',
      updated_at: '2026-01-05 09:30:00',
      expires_at: '2027-01-05 09:30:00',
      order_ids: [],
    });

    const lower = tick(ltp * 0.95);
    const modified = await post(app, 'modifygttorder', {
      ...single({ triggerprice_sl: lower, price: lower, quantity: '3' }),
      trigger_id: id,
    });
    expect(await placed(modified)).toBe(id);
    expect((await book())[0]).toMatchObject({
      trigger_prices: [lower],
      legs: [{ quantity: 3, price: lower }],
    });

    const cancelled = await post(app, 'cancelgttorder', {
      apikey: API_KEY,
      strategy: 'Python',
      trigger_id: id,
    });
    expect(json(cancelled)).toEqual({ status: 'success', trigger_id: id });
    expect(await book()).toEqual([]);
    expect(await book('all')).toMatchObject([{ trigger_id: id, status: 'cancelled' }]);
    refused(
      await post(app, 'cancelgttorder', { apikey: API_KEY, strategy: 'x', trigger_id: id }),
      400,
      'trigger_id',
    );
  });

  test('an expiry is taken in IST; a date alone lasts to the end of that day', async () => {
    await placed(await post(app, 'placegttorder', single({ expires_at: '2026-03-31' })));
    await placed(await post(app, 'placegttorder', single({ expires_at: '2026-02-01 15:30:00' })));
    await placed(await post(app, 'placegttorder', single({ expires_at: '2026-02-01T10:00:00Z' })));
    expect((await book()).map((row) => row.expires_at)).toEqual([
      '2026-02-01 15:30:00',
      '2026-02-01 15:30:00',
      '2026-03-31 23:59:59',
    ]);
  });
});

describe('the sandbox fires GTTs on its own prices', () => {
  test('a SINGLE GTT fires when the price falls to its trigger; the order is in the order book', async () => {
    const request = single();
    const id = await placed(await post(app, 'placegttorder', request));
    sb.sandbox.backdoor.setPrice(SBIN, tick(ltp * 0.99));
    expect(await book()).toHaveLength(1);
    expect((await post(app, 'orderbook', { apikey: API_KEY })).body).not.toContain('"SBIN"');

    sb.sandbox.backdoor.setPrice(SBIN, request.triggerprice_sl);
    expect(await book()).toEqual([]);
    const [fired] = await book('all');
    expect(fired).toMatchObject({ trigger_id: id, status: 'triggered', order_ids: [expect.any(String)] });
    const orderId = (fired?.order_ids as string[] | undefined)?.[0];
    const orders = json(await post(app, 'orderbook', { apikey: API_KEY })).data as { orders: unknown[] };
    expect(orders.orders).toEqual([
      expect.objectContaining({
        orderid: orderId,
        symbol: 'SBIN',
        action: 'BUY',
        quantity: 2,
        pricetype: 'LIMIT',
        product: 'CNC',
        order_status: 'complete',
      }),
    ]);
    const status = json(await post(app, 'orderstatus', { apikey: API_KEY, strategy: 'x', orderid: orderId }));
    expect(status).toMatchObject({ status: 'success', data: { orderid: orderId, order_status: 'complete' } });
  });

  test('an OCO lists as two-leg; the target leg fires on a rise and the stoploss leg never does', async () => {
    await post(app, 'placeorder', {
      apikey: API_KEY,
      strategy: 'x',
      ...SBIN,
      action: 'BUY',
      quantity: 2,
      product: 'CNC',
    });
    const request = oco();
    const id = await placed(await post(app, 'placegttorder', request));
    expect((await book())[0]).toMatchObject({
      trigger_type: 'two-leg',
      trigger_prices: [request.triggerprice_sl, request.triggerprice_tg],
      legs: [
        { action: 'SELL', price: request.stoploss, pricetype: 'LIMIT' },
        { action: 'SELL', price: request.target, pricetype: 'LIMIT' },
      ],
    });
    sb.sandbox.backdoor.setPrice(SBIN, tick(request.triggerprice_tg + 1));
    sb.sandbox.backdoor.setPrice(SBIN, request.triggerprice_sl);
    const [fired] = await book('all');
    expect(fired).toMatchObject({ trigger_id: id, status: 'triggered' });
    const orders = (
      json(await post(app, 'orderbook', { apikey: API_KEY })).data as {
        orders: Array<Record<string, unknown>>;
      }
    ).orders;
    const sells = orders.filter((o) => o.action === 'SELL');
    expect(sells).toEqual([
      expect.objectContaining({
        orderid: (fired?.order_ids as string[] | undefined)?.[0],
        price: request.target,
      }),
    ]);
  });

  test("a fired order the sandbox rejects is the GTT's rejection_reason", async () => {
    await placed(await post(app, 'placegttorder', oco()));
    sb.sandbox.backdoor.setPrice(SBIN, tick(ltp * 0.9));
    const [fired] = await book('all');
    expect(fired).toMatchObject({
      status: 'triggered',
      rejection_reason: expect.stringContaining('Insufficient holdings'),
    });
  });
});

describe('refusals name the field', () => {
  test.each([
    ['OCO without a target', () => oco({ target: null }), 'target'],
    [
      'OCO with the stoploss trigger over the target trigger',
      () => oco({ triggerprice_sl: 900, triggerprice_tg: 800 }),
      'triggerprice_sl',
    ],
    ['SINGLE with both triggers', () => single({ triggerprice_tg: 999 }), 'triggerprice_tg'],
    ['SINGLE with neither trigger', () => single({ triggerprice_sl: 0 }), 'triggerprice_sl'],
    ['MIS', () => single({ product: 'MIS' }), 'product'],
  ])('%s: 400 before the broker', async (_name, request, field) => {
    // The bodies are built per test: the price they are set around is read in beforeEach.
    refused(await post(app, 'placegttorder', request()), 400, field);
    expect(await book('all')).toEqual([]);
  });

  test('the sandbox’s own rules answer in the request’s fields', async () => {
    const aboveLtp = tick(ltp * 1.01);
    refused(
      await post(app, 'placegttorder', oco({ triggerprice_sl: aboveLtp, stoploss: aboveLtp })),
      400,
      'triggerprice_sl',
    );
    const belowLtp = tick(ltp * 0.99);
    refused(
      await post(
        app,
        'placegttorder',
        oco({ triggerprice_tg: belowLtp, target: belowLtp, triggerprice_sl: tick(ltp * 0.9) }),
      ),
      400,
      'triggerprice_tg',
    );
    refused(await post(app, 'placegttorder', single({ price: 100.03 })), 400, 'price');
    refused(await post(app, 'placegttorder', single({ quantity: 0 })), 400, 'quantity');
    const unknown = await post(app, 'placegttorder', single({ symbol: 'NOSUCHSYMBOL' }));
    expect(unknown.statusCode).toBe(404);
    expect(await book('all')).toEqual([]);
  });

  test('modify keeps the trigger type; modify and cancel of an unknown id are 404 naming trigger_id', async () => {
    const id = await placed(await post(app, 'placegttorder', single()));
    refused(await post(app, 'modifygttorder', { ...oco(), trigger_id: id }), 400, 'trigger_type');
    refused(await post(app, 'modifygttorder', { ...single(), trigger_id: 'G404' }), 404, 'trigger_id');
    refused(
      await post(app, 'cancelgttorder', { apikey: API_KEY, strategy: 'x', trigger_id: 'G404' }),
      404,
      'trigger_id',
    );
    expect((await book())[0]).toMatchObject({ trigger_id: id, trigger_type: 'single' });
  });
});

describe('writes', () => {
  test('an Idempotency-Key replays the first answer and never places twice; another body is 409', async () => {
    const send = (body: object) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/placegttorder',
        payload: body,
        headers: { 'idempotency-key': 'gtt-1' },
      });
    const first = await placed(await send(single()));
    expect(await placed(await send(single()))).toBe(first);
    expect(await book()).toHaveLength(1);
    const conflict = await send(single({ quantity: 5 }));
    expect(conflict.statusCode).toBe(409);
    expect(await book()).toHaveLength(1);
  });

  test('numbers as strings, as older clients send them; analyzer mode is reported', async () => {
    sb.account.analyzeMode = true;
    const request = single();
    const response = await post(app, 'placegttorder', {
      ...request,
      quantity: '2',
      price: String(request.price),
      triggerprice_sl: String(request.triggerprice_sl),
      triggerprice_tg: '0',
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(json(response)).toMatchObject({ status: 'success', mode: 'analyze' });
    expect(json(await post(app, 'gttorderbook', { apikey: API_KEY }))).toMatchObject({ mode: 'analyze' });
  });
});
