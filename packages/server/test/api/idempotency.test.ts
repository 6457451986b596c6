import { InsufficientFundsError, type TaggedOrderRequest, TimeoutError } from '@openalgo/core';
import { afterEach, describe, expect, test } from 'vitest';
import { IDEMPOTENCY_TTL_MS } from '../../src/api/idempotency.js';
import { OTHER_KEY } from './support/accounts.js';
import { json } from './support/app.js';
import { type KeyedHarness, keyedHarness } from './support/idempotency-harness.js';

/** Client keys on the order routes: conflicts, lifetime, per-account scope, lookups, validation. */

const ORDER = {
  strategy: 'Test',
  exchange: 'NSE',
  symbol: 'SBIN',
  action: 'BUY',
  quantity: 1,
  product: 'MIS',
};

let h: KeyedHarness;
afterEach(async () => h.close());

const placed = () => h.adapter.callsTo('placeOrder').map((c) => c.args[0] as TaggedOrderRequest);

describe('the same key', () => {
  test('with the same request (spelled differently) replays the answer; with another it is a 409', async () => {
    h = await keyedHarness();
    const first = json(await h.send('placeorder', { ...ORDER, client_order_id: 'k1' }));
    const again = json(
      await h.send('placeorder', { ...ORDER, action: 'buy', quantity: '1', client_order_id: 'k1' }),
    );
    expect(again).toEqual(first);
    const other = await h.send('placeorder', { ...ORDER, quantity: 2, client_order_id: 'k1' });
    expect(other.statusCode).toBe(409);
    expect(json(other)).toMatchObject({
      status: 'error',
      code: 'IDEMPOTENCY_CONFLICT',
      field: 'client_order_id',
    });
    // A key is one request across routes too, and the header is the same key.
    const elsewhere = await h.send('placesmartorder', { ...ORDER, position_size: 1 }, 'k1');
    expect(json(elsewhere)).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT', field: 'Idempotency-Key' });
    expect(placed()).toHaveLength(1);
  });

  test('lives 24 hours: then it is free for a new request, and expired rows are swept', async () => {
    h = await keyedHarness();
    const first = json(await h.send('placeorder', ORDER, 'day-key'));
    h.clock.advance(IDEMPOTENCY_TTL_MS - 1);
    expect(json(await h.send('placeorder', ORDER, 'day-key'))).toEqual(first);
    expect((await h.send('placeorder', { ...ORDER, quantity: 3 }, 'day-key')).statusCode).toBe(409);
    h.clock.advance(1);
    const later = json(await h.send('placeorder', { ...ORDER, quantity: 3 }, 'day-key'));
    expect(later.orderid).not.toEqual(first.orderid);
    expect(placed().map((p) => p.quantity)).toEqual([1, 3]);
    h.clock.advance(IDEMPOTENCY_TTL_MS);
    expect(h.store.idempotency.sweep(h.clock.now())).toBe(1);
  });

  test('survives a restart: the stored answer comes back without a broker call', async () => {
    h = await keyedHarness();
    const first = json(await h.send('placeorder', ORDER, 'durable'));
    await h.restart();
    expect(json(await h.send('placeorder', ORDER, 'durable'))).toEqual(first);
    expect((await h.send('placeorder', { ...ORDER, quantity: 5 }, 'durable')).statusCode).toBe(409);
    expect(placed()).toHaveLength(1);
  });

  test('belongs to one account: another account may use it for its own order', async () => {
    h = await keyedHarness();
    const a = json(await h.send('placeorder', ORDER, 'shared-name'));
    const b = json(await h.send('placeorder', { ...ORDER, quantity: 2 }, 'shared-name', OTHER_KEY));
    expect(b.orderid).not.toEqual(a.orderid);
    expect(placed()).toHaveLength(2);
  });

  test('after a definite failure (nothing placed) the retry is a fresh attempt under the same key', async () => {
    h = await keyedHarness();
    h.adapter.failNext('placeOrder', new InsufficientFundsError('RMS: margin exceeds'));
    const refused = await h.send('placeorder', ORDER, 'funds');
    expect(refused.statusCode).toBeGreaterThanOrEqual(400);
    expect(refused.statusCode).toBeLessThan(500);
    const retried = json(await h.send('placeorder', ORDER, 'funds'));
    expect(retried).toEqual({ status: 'success', orderid: expect.any(String) });
    // Both attempts carried the one broker tag the key maps to; the broker holds one order.
    const tags = placed().map((p) => p.clientOrderId);
    expect(tags).toHaveLength(2);
    expect(new Set(tags).size).toBe(1);
    expect(h.atBroker(tags[0] as string)).toBe(1);
  });
});

describe('without a key', () => {
  test('every request is a new order, as in OpenAlgo', async () => {
    h = await keyedHarness();
    const a = json(await h.send('placeorder', ORDER));
    const b = json(await h.send('placeorder', ORDER));
    expect(a.orderid).not.toEqual(b.orderid);
    expect(placed()).toHaveLength(2);
  });
});

describe('validation of client keys', () => {
  test.each([
    ['too long', 'x'.repeat(65)],
    ['not ASCII', 'ordre-é'],
    ['a control character', 'a\u0007b'],
    ['not a string', 42],
  ])('client_order_id %s is a 400 naming the field', async (_why, id) => {
    h = await keyedHarness();
    const response = await h.send('placeorder', { ...ORDER, client_order_id: id });
    expect(response.statusCode).toBe(400);
    expect(json(response)).toMatchObject({ code: 'INVALID_REQUEST', field: 'client_order_id' });
    expect(placed()).toHaveLength(0);
  });

  test('a malformed Idempotency-Key header is a 400 naming the header; one differing from client_order_id too', async () => {
    h = await keyedHarness();
    const long = await h.send('placeorder', ORDER, 'k'.repeat(65));
    expect(long.statusCode).toBe(400);
    expect(json(long)).toMatchObject({ code: 'INVALID_REQUEST', field: 'Idempotency-Key' });
    const both = await h.send('placeorder', { ...ORDER, client_order_id: 'a' }, 'b');
    expect(json(both)).toMatchObject({ code: 'INVALID_REQUEST', field: 'client_order_id' });
    expect(placed()).toHaveLength(0);
  });
});

describe('orderstatus and cancelorder by client_order_id', () => {
  test('resolve the client id to the broker order id', async () => {
    h = await keyedHarness();
    const { orderid } = json(
      await h.send('placeorder', { ...ORDER, pricetype: 'LIMIT', price: 790, client_order_id: 'mine' }),
    );
    const status = json(await h.send('orderstatus', { strategy: 'Test', client_order_id: 'mine' }));
    expect(status).toMatchObject({ status: 'success', data: { orderid } });
    const cancel = json(await h.send('cancelorder', { strategy: 'Test', client_order_id: 'mine' }));
    expect(cancel).toEqual({ status: 'success', orderid });
    expect(h.adapter.callsTo('cancelOrder')[0]?.args[0]).toBe(orderid);
  });

  test('need exactly one of orderid and client_order_id', async () => {
    h = await keyedHarness();
    for (const path of ['orderstatus', 'cancelorder']) {
      const neither = await h.send(path, { strategy: 'Test' });
      expect(json(neither)).toMatchObject({ code: 'INVALID_REQUEST', field: 'orderid' });
      const both = await h.send(path, { strategy: 'Test', orderid: '1', client_order_id: 'x' });
      expect(both.statusCode).toBe(400);
      expect(json(both).message).toMatch(/either orderid or client_order_id/);
    }
  });

  test('an unknown id is a 404; an order whose state is unknown is a 502 carrying the client id', async () => {
    h = await keyedHarness();
    const unknown = await h.send('orderstatus', { strategy: 'Test', client_order_id: 'never-used' });
    expect(unknown.statusCode).toBe(404);
    expect(json(unknown)).toMatchObject({ code: 'ORDER_NOT_FOUND', field: 'client_order_id' });

    h.adapter.acceptThenLoseResponse('placeOrder', {
      error: new TimeoutError('timed out', { mayHaveReachedBroker: true }),
      hiddenForLookups: 2,
    });
    const lost = await h.send('placeorder', ORDER, 'lost');
    expect(json(lost)).toMatchObject({ code: 'ORDER_STATE_UNKNOWN', client_order_id: 'lost' });
    const pending = await h.send('orderstatus', { strategy: 'Test', client_order_id: 'lost' });
    expect(pending.statusCode).toBe(502);
    expect(json(pending)).toMatchObject({ code: 'ORDER_STATE_UNKNOWN', client_order_id: 'lost' });
    // The book shows it now: the lookup finds it, and the journal learns the order id.
    const found = json(await h.send('orderstatus', { strategy: 'Test', client_order_id: 'lost' }));
    expect(found).toMatchObject({ status: 'success', data: { orderid: h.adapter.orders().at(-1)?.orderId } });
    expect(placed()).toHaveLength(1);
  });

  test('a broker tag from an answer to a request sent without a key resolves too', async () => {
    h = await keyedHarness();
    h.adapter.acceptThenLoseResponse('placeOrder', {
      error: new TimeoutError('timed out', { mayHaveReachedBroker: true }),
      hiddenForLookups: 1,
    });
    const lost = json(await h.send('placeorder', ORDER));
    expect(lost.code).toBe('ORDER_STATE_UNKNOWN');
    const status = json(
      await h.send('orderstatus', { strategy: 'Test', client_order_id: lost.client_order_id }),
    );
    expect(status).toMatchObject({
      status: 'success',
      data: { orderid: h.adapter.orders().at(-1)?.orderId },
    });
  });
});
