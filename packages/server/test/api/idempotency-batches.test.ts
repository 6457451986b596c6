import { type TaggedOrderRequest, TimeoutError } from '@openalgo/core';
import { afterEach, describe, expect, test } from 'vitest';
import { buildOpenApiDocument } from '../../src/api/index.js';
import { MAX_BASKET_LEGS } from '../../src/api/schemas/orders.js';
import { eventLoopTurns, until } from '../helpers/turns.js';
import { json } from './support/app.js';
import { type KeyedHarness, keyedHarness } from './support/idempotency-harness.js';

/** Client keys on baskets, splits and the writes that place no order of their own. */

const LEG = {
  exchange: 'NSE',
  symbol: 'SBIN',
  action: 'BUY',
  quantity: 1,
  pricetype: 'MARKET',
  product: 'MIS',
};
const INFY = { ...LEG, symbol: 'INFY', action: 'SELL' };

type Answer = Record<string, unknown>;

let h: KeyedHarness;
afterEach(async () => h.close());

const placed = () => h.adapter.callsTo('placeOrder').map((c) => c.args[0] as TaggedOrderRequest);
const lostAfterCommit = (hiddenForLookups: number) =>
  h.adapter.acceptThenLoseResponse('placeOrder', {
    error: new TimeoutError('timed out', { mayHaveReachedBroker: true }),
    hiddenForLookups,
  });

describe('basketorder', () => {
  test('per-leg ids: a retry places no leg twice and answers each leg under the client id', async () => {
    h = await keyedHarness();
    lostAfterCommit(1); // the BUY leg (placed first) lands but its answer is lost
    const basket = {
      strategy: 'Test',
      orders: [
        { ...LEG, client_order_id: 'leg-buy' },
        { ...INFY, client_order_id: 'leg-sell' },
      ],
    };
    const first = json(await h.send('basketorder', basket));
    expect(first.status).toBe('partial');
    expect((first.results as object[])[0]).toMatchObject({
      status: 'error',
      code: 'ORDER_STATE_UNKNOWN',
      client_order_id: 'leg-buy',
    });
    const sellId = (first.results as { orderid?: string }[])[1]?.orderid;
    expect(sellId).toEqual(expect.any(String));

    const retry = json(await h.send('basketorder', basket));
    expect(retry.status).toBe('success');
    const ids = (retry.results as { orderid: string }[]).map((r) => r.orderid);
    expect(ids[1]).toBe(sellId);
    expect(placed()).toHaveLength(2);
    for (const tag of new Set(placed().map((p) => p.clientOrderId))) expect(h.atBroker(tag)).toBe(1);
    // A leg's id also names its order.
    const status = json(await h.send('orderstatus', { strategy: 'Test', client_order_id: 'leg-buy' }));
    expect(status).toMatchObject({ data: { orderid: ids[0] } });
  });

  test('an Idempotency-Key keys the basket and derives K/<n> for legs without their own id', async () => {
    h = await keyedHarness();
    const basket = { strategy: 'Test', orders: [LEG, { ...INFY, client_order_id: 'own' }] };
    const first = json(await h.send('basketorder', basket, 'B1'));
    expect(json(await h.send('basketorder', basket, 'B1'))).toEqual(first);
    expect(placed()).toHaveLength(2);
    const [buyId, sellId] = (first.results as { orderid: string }[]).map((r) => r.orderid);
    expect(json(await h.send('orderstatus', { strategy: 'Test', client_order_id: 'B1/1' }))).toMatchObject({
      data: { orderid: buyId },
    });
    expect(json(await h.send('orderstatus', { strategy: 'Test', client_order_id: 'own' }))).toMatchObject({
      data: { orderid: sellId },
    });
    const changed = await h.send('basketorder', { ...basket, orders: [LEG] }, 'B1');
    expect(json(changed)).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT', field: 'Idempotency-Key' });
    // A leg id reused for another order is a conflict naming that leg.
    const reused = await h.send('basketorder', {
      strategy: 'Test',
      orders: [{ ...LEG, quantity: 9, client_order_id: 'own' }],
    });
    expect(json(reused)).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT', field: 'orders.0.client_order_id' });
    expect(placed()).toHaveLength(2);
  });

  test('two baskets sharing a leg id, at once: the shared leg is placed once, each basket gets its own answer', async () => {
    h = await keyedHarness();
    let release = () => {};
    h.adapter.delayNext(
      'placeOrder',
      new Promise<void>((resolve) => {
        release = resolve;
      }),
    );
    const shared = { ...LEG, client_order_id: 'shared' };
    const a = h.send('basketorder', { strategy: 'Test', orders: [shared] });
    await until(() => placed().length === 1);
    const b = h.send('basketorder', {
      strategy: 'Test',
      orders: [shared, { ...INFY, client_order_id: 'b-only' }],
    });
    await eventLoopTurns(20);
    expect(placed()).toHaveLength(1);
    release();
    const [first, second] = (await Promise.all([a, b])).map(json) as [Answer, Answer];
    const sharedId = (first.results as { orderid: string }[])[0]?.orderid;
    expect(second.results).toEqual([
      expect.objectContaining({ status: 'success', orderid: sharedId }),
      expect.objectContaining({ status: 'success', symbol: 'INFY' }),
    ]);
    expect(placed()).toHaveLength(2);
  });

  test('two legs with one id are a 400 naming the second', async () => {
    h = await keyedHarness();
    const response = await h.send('basketorder', {
      strategy: 'Test',
      orders: [
        { ...LEG, client_order_id: 'same' },
        { ...INFY, client_order_id: 'same' },
      ],
    });
    expect(response.statusCode).toBe(400);
    expect(json(response)).toMatchObject({ field: 'orders.1.client_order_id' });
    expect(placed()).toHaveLength(0);
  });

  test(`more than ${MAX_BASKET_LEGS} legs is a 400 naming orders`, async () => {
    h = await keyedHarness();
    expect(MAX_BASKET_LEGS).toBeGreaterThanOrEqual(250);
    const orders = Array.from({ length: MAX_BASKET_LEGS + 1 }, () => LEG);
    const response = await h.send('basketorder', { strategy: 'Test', orders });
    expect(response.statusCode).toBe(400);
    expect(json(response)).toMatchObject({ code: 'INVALID_REQUEST', field: 'orders' });
    expect(json(response).message).toMatch(new RegExp(`at most ${MAX_BASKET_LEGS}`));
    expect(placed()).toHaveLength(0);
  });
});

describe('splitorder', () => {
  test('with a key, a retry after a lost child places no child twice; child n is K/<n>', async () => {
    h = await keyedHarness();
    const split = { strategy: 'Test', ...LEG, quantity: 5, splitsize: 2, client_order_id: 'S1' };
    lostAfterCommit(1); // child 1 lands, its answer is lost
    const first = json(await h.send('splitorder', split));
    expect(first.status).toBe('partial');
    expect((first.results as object[])[0]).toMatchObject({
      code: 'ORDER_STATE_UNKNOWN',
      client_order_id: 'S1/1',
    });
    const retry = json(await h.send('splitorder', split));
    expect(retry.status).toBe('success');
    expect(json(await h.send('splitorder', split))).toEqual(retry);
    expect(placed().map((p) => p.quantity)).toEqual([2, 2, 1]);
    const ids = (retry.results as { orderid: string }[]).map((r) => r.orderid);
    expect(json(await h.send('orderstatus', { strategy: 'Test', client_order_id: 'S1/3' }))).toMatchObject({
      data: { orderid: ids[2] },
    });
  });
});

describe('writes that place no order of their own', () => {
  test('cancelorder with an Idempotency-Key replays its success without a second cancel', async () => {
    h = await keyedHarness();
    const order = h.adapter.orders()[0]?.orderId as string;
    const first = json(await h.send('cancelorder', { strategy: 'Test', orderid: order }, 'C1'));
    expect(json(await h.send('cancelorder', { strategy: 'Test', orderid: order }, 'C1'))).toEqual(first);
    expect(h.adapter.callsTo('cancelOrder')).toHaveLength(1);
  });

  test('placesmartorder with a key replays the first answer', async () => {
    h = await keyedHarness();
    const smart = { strategy: 'Test', ...LEG, position_size: 3, client_order_id: 'smart' };
    const first = json(await h.send('placesmartorder', smart));
    expect(json(await h.send('placesmartorder', smart))).toEqual(first);
    expect(placed()).toHaveLength(1);
  });

  test('the OpenAPI document declares the header and the 409 on writes, not on reads', () => {
    const paths = buildOpenApiDocument().paths as Record<string, Record<string, Record<string, unknown>>>;
    for (const path of ['placeorder', 'basketorder', 'splitorder', 'cancelorder', 'closeposition']) {
      const op = paths[`/api/v1/${path}`]?.post;
      expect(op?.parameters).toEqual([expect.objectContaining({ name: 'Idempotency-Key', in: 'header' })]);
      expect(Object.keys(op?.responses as object)).toContain('409');
    }
    expect(paths['/api/v1/orderstatus']?.post?.parameters).toBeUndefined();
  });

  test('a read ignores the header', async () => {
    h = await keyedHarness();
    const response = await h.send(
      'openposition',
      { strategy: 'Test', exchange: 'NSE', symbol: 'SBIN', product: 'MIS' },
      'x'.repeat(100),
    );
    expect(response.statusCode).toBe(200);
  });
});
