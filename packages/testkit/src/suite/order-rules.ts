import {
  type BrokerManifest,
  enforcesOrderRule,
  type InstrumentRef,
  isOpenAlgoError,
  type OrderRuleName,
  type PriceType,
  type Product,
  supports,
} from '@openalgo/core';
import type { ContractHarness } from '../harness.js';
import { ContractCheckError, describeThrown, ensure } from './assertions.js';
import { type CheckContext, describeRef, type OrderInput, withInstance } from './context.js';
import { firstReason, needs } from './gates.js';
import type { ResolvedSuiteOptions } from './options.js';
import type { CheckRegistrar } from './runner.js';

/** Why a rule's check cannot run: the manifest does not declare the rule, or lacks a price type. */
function ruleGate(
  manifest: BrokerManifest,
  rule: OrderRuleName,
  ...priceTypes: PriceType[]
): string | undefined {
  if (!enforcesOrderRule(manifest, rule)) return `the manifest does not declare orderRules.${rule}`;
  const missing = priceTypes.filter((type) => !manifest.priceTypes.includes(type));
  return missing.length > 0 ? `the manifest has no ${missing.join(', ')} price type` : undefined;
}

/**
 * Places an order that breaks a declared rule and demands it is refused: either the adapter throws
 * INVALID_ORDER (before sending, or from the broker's answer) or the broker books it as rejected. Either
 * way nothing may fill, and the account holds no position from it.
 */
async function expectRefused(t: CheckContext, input: OrderInput, what: string): Promise<void> {
  const request = t.orderRequest(input);
  let orderId: string | undefined;
  try {
    orderId = (await t.settle(t.adapter.placeOrder(request))).orderId;
  } catch (error) {
    ensure(
      isOpenAlgoError(error, 'INVALID_ORDER'),
      () => `${what}: expected INVALID_ORDER or a rejected order, got ${describeThrown(error)}`,
    );
  }
  if (orderId !== undefined) {
    const order = await t.waitForOrder(
      orderId,
      (o) => o.status !== 'pending' && o.status !== 'unknown',
      what,
    );
    ensure(
      order.status === 'rejected',
      () =>
        `${what}: the broker accepted it — order ${orderId} is ${order.status} ` +
        `(${order.statusMessage ?? order.rawStatus}), not rejected`,
    );
    ensure(order.filledQuantity === 0, () => `${what}: the rejected order filled ${order.filledQuantity}`);
  }
  if (supports(t.manifest, 'getPositions')) {
    const net = await t.netPosition(input, request.product);
    ensure(net === 0, () => `${what}: the account now holds ${net} ${describeRef(input)} ${request.product}`);
  }
}

/** A fixture whose tick leaves room for an off-tick price written with two decimals (tick ≥ 0.02). */
function offTickFixture(t: CheckContext): { ref: InstrumentRef; tick: number } {
  const { equity, future, option } = t.fixtures;
  for (const ref of [equity, future, option]) {
    if (!ref) continue;
    const tick = t.instrument(ref).tickSize > 0 ? t.instrument(ref).tickSize : 0.05;
    if (tick >= 0.02) return { ref, tick };
  }
  throw new ContractCheckError(
    'no fixture has a tick of 0.02 or more: an off-tick price needs more than two decimals',
  );
}

function derivativeProduct(t: CheckContext): Product {
  return t.manifest.products.includes('NRML') ? 'NRML' : t.defaultProduct();
}

/** The order rules a manifest declares, each proven by an order that breaks it. */
export function registerOrderRuleChecks(
  r: CheckRegistrar,
  harness: ContractHarness,
  options: ResolvedSuiteOptions,
): void {
  const { manifest } = harness;
  const base = needs(manifest, 'placeOrder', 'getOrder');
  const run = (body: (t: CheckContext) => Promise<void>) => withInstance(harness, options, body);

  r.checkUnless(
    firstReason(base, ruleGate(manifest, 'tickSize', 'LIMIT')),
    'order rules: a LIMIT price off the tick size is refused, and nothing fills',
    run(async (t) => {
      const { ref, tick } = offTickFixture(t);
      const market = await t.referencePrice(ref);
      // One paisa past a tick, below the market: a broker that accepts it leaves it resting.
      const price = Number(
        (t.roundToTick(ref, market * (1 - t.options.restingDistance), 'down') + 0.01).toFixed(2),
      );
      const what = `BUY LIMIT ${describeRef(ref)} at ${price} (tick ${tick})`;
      await expectRefused(
        t,
        { ...ref, action: 'BUY', quantity: t.quantity(ref), priceType: 'LIMIT', price },
        what,
      );
    }),
  );

  r.checkUnless(
    firstReason(
      base,
      ruleGate(manifest, 'lotSize', 'MARKET'),
      harness.fixtures.future ? undefined : 'the harness has no future fixture',
    ),
    'order rules: a derivative quantity off the lot size is refused, and nothing fills',
    run(async (t) => {
      const ref = t.fixtures.future as InstrumentRef;
      const lotSize = t.instrument(ref).lotSize;
      ensure(
        lotSize > 1,
        () => `the future fixture ${describeRef(ref)} has lot size ${lotSize}: no off-lot quantity`,
      );
      await t.referencePrice(ref);
      const quantity = t.quantity(ref) + 1;
      // A MARKET order: a broker that accepts it fills it at once.
      await expectRefused(
        t,
        { ...ref, action: 'BUY', quantity, priceType: 'MARKET', product: derivativeProduct(t) },
        `BUY ${quantity} ${describeRef(ref)} MARKET (lot size ${lotSize})`,
      );
    }),
  );

  r.checkUnless(
    firstReason(base, ruleGate(manifest, 'circuitLimits', 'LIMIT')),
    'order rules: a LIMIT outside the circuit band is refused, and nothing fills',
    run(async (t) => {
      const ref = t.fixtures.equity;
      const market = await t.referencePrice(ref);
      // Twice the market is past any exchange's band; a broker that accepts it fills it at once.
      const price = t.roundToTick(ref, market * 2, 'up');
      await expectRefused(
        t,
        { ...ref, action: 'BUY', quantity: t.quantity(ref), priceType: 'LIMIT', price },
        `BUY LIMIT ${describeRef(ref)} at ${price} (market ${market})`,
      );
    }),
  );

  r.checkUnless(
    firstReason(base, ruleGate(manifest, 'triggerSide', 'SL')),
    'order rules: a stop whose trigger is on the wrong side of the last price is refused, and nothing fills',
    run(async (t) => {
      const ref = t.fixtures.equity;
      const market = await t.referencePrice(ref);
      const distance = t.options.restingDistance;
      // A BUY stop triggers on a rise, so its trigger belongs above the market; this one is below.
      const triggerPrice = t.roundToTick(ref, market * (1 - distance), 'down');
      const price = t.roundToTick(ref, market * (1 + distance), 'up');
      await expectRefused(
        t,
        { ...ref, action: 'BUY', quantity: t.quantity(ref), priceType: 'SL', price, triggerPrice },
        `BUY SL ${describeRef(ref)} trigger ${triggerPrice} below the market ${market}`,
      );
    }),
  );
}
