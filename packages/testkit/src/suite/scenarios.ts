import type { Product } from '@openalgo/core';
import type { ContractHarness } from '../harness.js';
import { ensure } from './assertions.js';
import { type CheckContext, describeRef, withInstance } from './context.js';
import { firstReason, needs } from './gates.js';
import type { ResolvedSuiteOptions } from './options.js';
import { expectTradesMatch } from './orders.js';
import type { CheckRegistrar } from './runner.js';

async function expectPosition(
  t: CheckContext,
  product: Product,
  expected: number,
  after: string,
): Promise<void> {
  const ref = t.fixtures.equity;
  const actual = await t.netPosition(ref, product);
  ensure(
    actual === expected,
    () => `after ${after}: position in ${describeRef(ref)} ${product} is ${actual}, expected ${expected}`,
  );
}

/** Long from zero, close, short and reverse on the equity fixture with MARKET orders. */
export function registerPositionScenarios(
  r: CheckRegistrar,
  harness: ContractHarness,
  options: ResolvedSuiteOptions,
): void {
  const { manifest } = harness;
  const base = needs(manifest, 'placeOrder', 'getOrder', 'getPositions');
  const shortable = manifest.products.includes('MIS')
    ? undefined
    : 'the manifest has no MIS product, and delivery (CNC) cannot be sold short';
  const run = (body: (t: CheckContext) => Promise<void>) => withInstance(harness, options, body);

  r.checkUnless(
    firstReason(base, needs(manifest, 'getTrades')),
    'long from zero: a MARKET BUY completes, leaves +q and is traded',
    run(async (t) => {
      const ref = t.fixtures.equity;
      const product = t.defaultProduct();
      const q = t.quantity(ref);
      await t.referencePrice(ref);
      await expectPosition(t, product, 0, 'setting up a fresh account');
      const order = await t.fill({ ...ref, action: 'BUY', quantity: q, product });
      ensure(order.filledQuantity === q, () => `BUY ${q}: the order filled ${order.filledQuantity}`);
      await expectPosition(t, product, q, `BUY ${q}`);
      await expectTradesMatch(t, order, `BUY ${q}`);
    }),
  );

  r.checkUnless(
    base,
    'close: a MARKET SELL of the whole long leaves the position flat',
    run(async (t) => {
      const ref = t.fixtures.equity;
      const product = t.defaultProduct();
      const q = t.quantity(ref);
      await t.referencePrice(ref);
      await t.fill({ ...ref, action: 'BUY', quantity: q, product });
      await expectPosition(t, product, q, `BUY ${q}`);
      await t.fill({ ...ref, action: 'SELL', quantity: q, product });
      await expectPosition(t, product, 0, `BUY ${q} then SELL ${q}`);
    }),
  );

  r.checkUnless(
    firstReason(base, shortable),
    'short from zero: a MARKET SELL leaves −q',
    run(async (t) => {
      const ref = t.fixtures.equity;
      const q = t.quantity(ref);
      await t.referencePrice(ref);
      await t.fill({ ...ref, action: 'SELL', quantity: q, product: 'MIS' });
      await expectPosition(t, 'MIS', -q, `SELL ${q}`);
    }),
  );

  r.checkUnless(
    firstReason(base, shortable),
    'reverse: BUY 2q from a short of −q leaves +q',
    run(async (t) => {
      const ref = t.fixtures.equity;
      const q = t.quantity(ref);
      await t.referencePrice(ref);
      await t.fill({ ...ref, action: 'SELL', quantity: q, product: 'MIS' });
      await expectPosition(t, 'MIS', -q, `SELL ${q}`);
      await t.fill({ ...ref, action: 'BUY', quantity: 2 * q, product: 'MIS' });
      await expectPosition(t, 'MIS', q, `SELL ${q} then BUY ${2 * q}`);
    }),
  );

  r.checkUnless(
    needs(manifest, 'placeOrder', 'getOrders'),
    'order book: a placed order is listed with the client order id it was tagged with',
    run(async (t) => {
      const ref = t.fixtures.equity;
      await t.referencePrice(ref);
      const { ack, request } = await t.place({ ...ref, action: 'BUY', quantity: t.quantity(ref) });
      const orders = await t.settle(t.adapter.getOrders());
      const listed = orders.filter((o) => o.orderId === ack.orderId);
      ensure(
        listed.length === 1,
        () => `getOrders lists order ${ack.orderId} ${listed.length} times, not once`,
      );
      const order = listed[0];
      ensure(
        order?.clientOrderId === request.clientOrderId,
        () =>
          `order ${ack.orderId} carries client order id ${String(order?.clientOrderId)}, sent ` +
          `${request.clientOrderId}: core's reconciliation finds orders by it`,
      );
      const tagged = (await t.backdoor.orders()).filter((o) => o.tag === request.clientOrderId);
      ensure(
        tagged.length === 1,
        () => `the broker holds ${tagged.length} orders tagged ${request.clientOrderId}, expected 1`,
      );
    }),
  );
}
