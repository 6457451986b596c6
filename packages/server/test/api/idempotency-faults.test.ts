import { BrokerUnavailableError, NetworkError, type TaggedOrderRequest, TimeoutError } from '@openalgo/core';
import { afterEach, describe, expect, test } from 'vitest';
import { eventLoopTurns, until } from '../helpers/turns.js';
import { json } from './support/app.js';
import { type KeyedHarness, keyedHarness } from './support/idempotency-harness.js';

/**
 * Issue 12's Done-means: a client retries placeorder with the same key through faults that hit
 * after the broker committed the order, and the broker ends up with exactly one order while every
 * answer that names an order names the same one.
 */

const ORDER = {
  strategy: 'Test',
  exchange: 'NSE',
  symbol: 'SBIN',
  action: 'BUY',
  quantity: 1,
  product: 'MIS',
};

const FAULTS = [
  ['a timeout', () => new TimeoutError('kite: placeOrder timed out', { mayHaveReachedBroker: true })],
  [
    'a connection reset',
    () => new NetworkError('socket hang up (ECONNRESET)', { mayHaveReachedBroker: true }),
  ],
  ['a 5xx', () => new BrokerUnavailableError('kite: HTTP 502 Bad Gateway', { mayHaveReachedBroker: true })],
] as const;

describe('placeorder retried with one key through faults after the broker committed', () => {
  let h: KeyedHarness;
  afterEach(async () => h.close());

  const sentTags = () =>
    h.adapter.callsTo('placeOrder').map((c) => (c.args[0] as TaggedOrderRequest).clientOrderId);

  test.each(FAULTS)(
    '%s, the order hidden from the first lookup: unknown, then the same order id on every retry',
    async (_name, fault) => {
      h = await keyedHarness();
      h.adapter.acceptThenLoseResponse('placeOrder', { error: fault(), hiddenForLookups: 1 });

      const first = await h.send('placeorder', { ...ORDER, client_order_id: 'my order #1' });
      expect(first.statusCode).toBe(502);
      const unknown = json(first);
      expect(unknown).toMatchObject({ code: 'ORDER_STATE_UNKNOWN', client_order_id: 'my order #1' });
      // The broker tag the id was mapped to never reaches the client.
      const [tag] = sentTags();
      expect(tag).toBeDefined();
      expect(JSON.stringify(unknown)).not.toContain(tag as string);

      const answers = [];
      for (let i = 0; i < 3; i++) {
        const retry = await h.send('placeorder', { ...ORDER, client_order_id: 'my order #1' });
        expect(retry.statusCode).toBe(200);
        answers.push(json(retry));
      }
      const [orderId] = h.adapter.ordersWithClientOrderId(tag as string).map((o) => o.orderId);
      expect(answers).toEqual(answers.map(() => ({ status: 'success', orderid: orderId })));
      expect(h.atBroker(tag as string)).toBe(1);
      expect(h.adapter.callsTo('placeOrder')).toHaveLength(1);
    },
  );

  test.each(FAULTS)(
    '%s reconciled at once: the same order id in every answer, one order',
    async (_name, fault) => {
      h = await keyedHarness();
      h.adapter.acceptThenLoseResponse('placeOrder', { error: fault() });
      const answers = [];
      for (let i = 0; i < 3; i++) {
        const response = await h.send('placeorder', ORDER, 'retry-key');
        expect(response.statusCode).toBe(200);
        answers.push(json(response).orderid);
      }
      expect(new Set(answers).size).toBe(1);
      expect(h.adapter.callsTo('placeOrder')).toHaveLength(1);
      expect(h.atBroker(sentTags()[0] as string)).toBe(1);
    },
  );

  test('the same faults in a row, across a restart: still one order and one order id', async () => {
    h = await keyedHarness();
    h.adapter.acceptThenLoseResponse('placeOrder', {
      error: new TimeoutError('kite: placeOrder timed out', { mayHaveReachedBroker: true }),
      hiddenForLookups: 3,
    });
    const answers: number[] = [];
    for (let i = 0; i < 2; i++) answers.push((await h.send('placeorder', ORDER, 'k-restart')).statusCode);
    expect(answers).toEqual([502, 502]);
    await h.restart();
    const afterRestart = await h.send('placeorder', ORDER, 'k-restart');
    expect(afterRestart.statusCode).toBe(502);
    // Still unknown: the same answer, in the client's terms (no broker tag).
    expect(json(afterRestart)).toMatchObject({ code: 'ORDER_STATE_UNKNOWN', client_order_id: 'k-restart' });
    expect(afterRestart.body).not.toMatch(/TAG\d/);
    const found = await h.send('placeorder', ORDER, 'k-restart');
    expect(json(found)).toEqual({ status: 'success', orderid: h.adapter.orders().at(-1)?.orderId });
    expect(h.adapter.callsTo('placeOrder')).toHaveLength(1);
  });

  test('two copies in flight at once: the second waits for the first and gets its answer', async () => {
    h = await keyedHarness();
    let release = () => {};
    h.adapter.delayNext(
      'placeOrder',
      new Promise<void>((resolve) => {
        release = resolve;
      }),
    );
    const first = h.send('placeorder', ORDER, 'twin');
    await until(() => h.adapter.callsTo('placeOrder').length === 1);
    let secondDone = false;
    const second = h.send('placeorder', ORDER, 'twin').then((r) => {
      secondDone = true;
      return r;
    });
    await eventLoopTurns(20);
    expect(secondDone).toBe(false);
    release();
    const [a, b] = await Promise.all([first, second]);
    expect(json(a)).toEqual({ status: 'success', orderid: expect.any(String) });
    expect(json(b)).toEqual(json(a));
    expect(h.adapter.callsTo('placeOrder')).toHaveLength(1);
  });
});
