import type { InstrumentRef, PriceType, Product } from '@openalgo/core';
import { modifyRequest } from '@openalgo/core/testing';
import type { ContractHarness } from '../harness.js';
import { ensure, samePrice } from './assertions.js';
import { type CheckContext, describeRef, withInstance } from './context.js';
import { firstReason, needs } from './gates.js';
import type { ResolvedSuiteOptions } from './options.js';
import { cancelAndConfirm, expectOrderFields, placeResting } from './orders.js';
import type { CheckRegistrar } from './runner.js';

/** CNC and MIS trade the cash fixture; NRML needs a derivative. */
function instrumentFor(t: CheckContext, product: Product): InstrumentRef {
  if (product === 'NRML') {
    const future = t.fixtures.future;
    ensure(future !== undefined, 'NRML needs the future fixture');
    return future;
  }
  return t.fixtures.equity;
}

async function marketFills(t: CheckContext, product: Product): Promise<void> {
  const ref = instrumentFor(t, product);
  const q = t.quantity(ref);
  await t.referencePrice(ref);
  const what = `BUY ${q} ${describeRef(ref)} MARKET ${product}`;
  const order = await t.fill({ ...ref, action: 'BUY', quantity: q, product });
  expectOrderFields(order, { ref, action: 'BUY', quantity: q, priceType: 'MARKET', product }, what);
  const position = await t.netPosition(ref, product);
  ensure(position === q, () => `${what}: position in ${product} is ${position}, expected ${q}`);
}

async function restsThenCancels(t: CheckContext, priceType: Exclude<PriceType, 'MARKET'>, product: Product) {
  const ref = instrumentFor(t, product);
  const resting = await placeResting(t, ref, priceType, product);
  await cancelAndConfirm(t, resting.order, `${priceType} ${product} on ${describeRef(ref)}`);
  const position = await t.netPosition(ref, product);
  ensure(position === 0, () => `a cancelled ${priceType} left a position of ${position}`);
}

export function registerOrderTypeChecks(
  r: CheckRegistrar,
  harness: ContractHarness,
  options: ResolvedSuiteOptions,
): void {
  const hasFuture = harness.fixtures.future !== undefined;
  const { manifest } = harness;
  const run = (body: (t: CheckContext) => Promise<void>) => withInstance(harness, options, body);
  const base = needs(manifest, 'placeOrder', 'getOrder', 'getPositions');
  const cancellable = needs(manifest, 'placeOrder', 'getOrder', 'cancelOrder', 'getPositions');

  for (const priceType of manifest.priceTypes) {
    for (const product of manifest.products) {
      const noInstrument =
        product === 'NRML' && !hasFuture ? 'the harness has no future fixture for NRML' : undefined;
      if (priceType === 'MARKET') {
        r.checkUnless(
          firstReason(base, noInstrument),
          `MARKET ${product}: a BUY completes with the product and type it was sent with`,
          run((t) => marketFills(t, product)),
        );
      } else {
        const status = priceType === 'LIMIT' ? 'open' : 'trigger_pending';
        r.checkUnless(
          firstReason(cancellable, noInstrument),
          `${priceType} ${product}: a BUY away from the market rests ${status} and cancels`,
          run((t) => restsThenCancels(t, priceType, product)),
        );
      }
    }
  }

  const limit = manifest.priceTypes.includes('LIMIT') ? undefined : 'the manifest has no LIMIT price type';
  r.checkUnless(
    firstReason(needs(manifest, 'placeOrder', 'getOrder', 'modifyOrder'), limit),
    'modify: a resting LIMIT takes the new price and quantity',
    run(async (t) => {
      const ref = t.fixtures.equity;
      const product = t.defaultProduct();
      const resting = await placeResting(t, ref, 'LIMIT', product);
      const price = t.roundToTick(ref, resting.price * (1 - options.restingDistance), 'down');
      const quantity = resting.quantity * 2;
      const ack = await t.settle(
        t.adapter.modifyOrder(
          modifyRequest({
            orderId: resting.order.orderId,
            symbol: ref.symbol,
            exchange: ref.exchange,
            action: 'BUY',
            quantity,
            priceType: 'LIMIT',
            product,
            price,
          }),
        ),
      );
      ensure(ack.orderId === resting.order.orderId, () => `modify acknowledged ${ack.orderId}`);
      const order = await t.waitForOrder(
        ack.orderId,
        (o) => samePrice(o.price, price) && o.quantity === quantity,
        `modify ${ack.orderId} to ${quantity} @ ${price} (was ${resting.quantity} @ ${resting.price})`,
      );
      ensure(order.status === 'open', () => `the modified order is ${order.status}, not open`);
    }),
  );

  r.checkUnless(
    firstReason(cancellable, limit),
    'cancel: a resting LIMIT ends cancelled and leaves no position',
    run(async (t) => {
      const product = t.defaultProduct();
      await restsThenCancels(t, 'LIMIT', product);
      const orders = await t.settle(t.adapter.getOrders());
      const working = orders.filter((o) => o.status === 'open' || o.status === 'trigger_pending');
      ensure(working.length === 0, () => `after the cancel ${working.length} orders are still working`);
    }),
  );

  r.checkUnless(
    firstReason(base, limit),
    'LIMIT fills at its price or better once the market crosses it',
    run(async (t) => {
      const ref = t.fixtures.equity;
      const product = t.defaultProduct();
      const resting = await placeResting(t, ref, 'LIMIT', product);
      await t.backdoor.setPrice(
        ref,
        t.roundToTick(ref, resting.price * (1 - options.restingDistance), 'down'),
      );
      const order = await t.waitForOrder(
        resting.order.orderId,
        (o) => o.status === 'complete',
        `BUY LIMIT @ ${resting.price} after the market fell below it`,
      );
      ensure(
        order.averagePrice <= resting.price + 1e-9,
        () => `a BUY LIMIT @ ${resting.price} filled at ${order.averagePrice}, above its limit`,
      );
      const position = await t.netPosition(ref, product);
      ensure(position === resting.quantity, () => `after the fill the position is ${position}`);
    }),
  );
}
