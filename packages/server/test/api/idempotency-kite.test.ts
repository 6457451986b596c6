import { kiteSimulatorHarness } from '@openalgo/broker-zerodha/simulator';
import type { ManualClock } from '@openalgo/core';
import type { HarnessInstance } from '@openalgo/testkit';
import { afterEach, describe, expect, test } from 'vitest';
import { json } from './support/app.js';
import { type KeyedApp, keyedApp } from './support/idempotency-harness.js';

/**
 * The Done-means retry through the REAL Zerodha adapter over the wire to the Kite simulator, whose
 * back door drops the connection after the order is committed (`loseResponse`) or answers the
 * committed order with a body the adapter cannot parse (`malformed`). All on 127.0.0.1.
 */

const ORDER = {
  strategy: 'Test',
  exchange: 'NSE',
  symbol: 'SBIN',
  action: 'BUY',
  quantity: 1,
  product: 'MIS',
};

let kite: HarnessInstance | undefined;
let api: KeyedApp | undefined;
afterEach(async () => {
  await api?.close();
  await kite?.teardown();
  api = undefined;
  kite = undefined;
});

describe('placeorder retried with one key against the Kite simulator', () => {
  test.each([
    ['the connection reset after commit', 'loseResponse'],
    ['an unreadable answer after commit', 'malformed'],
  ] as const)('%s: exactly one order at the broker, one order id in every answer', async (_name, kind) => {
    kite = await kiteSimulatorHarness({ masterSize: 200 }).setup();
    api = await keyedApp(kite.adapter, kite.instruments, kite.clock as ManualClock);
    kite.backdoor.injectFault({ kind, op: 'placeOrder' });

    const answers: Record<string, unknown>[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await api.send('placeorder', { ...ORDER, client_order_id: `kite ${kind}` });
      const body = json(response);
      // Either the order was found at once (200) or its state is unknown (502, in the client's terms).
      if (response.statusCode !== 200) {
        expect(body).toMatchObject({ code: 'ORDER_STATE_UNKNOWN', client_order_id: `kite ${kind}` });
      }
      answers.push(body);
    }
    const atBroker = await kite.backdoor.orders();
    expect(atBroker).toHaveLength(1);
    const orderId = atBroker[0]?.orderId;
    const ids = answers.filter((a) => a.status === 'success').map((a) => a.orderid);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids).toEqual(ids.map(() => orderId));
    expect(answers.at(-1)).toEqual({ status: 'success', orderid: orderId });
  });
});
