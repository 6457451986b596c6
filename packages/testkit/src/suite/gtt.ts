import {
  type Gtt,
  type GttLegInput,
  GttModifyRequestSchema,
  type GttRequest,
  type GttRequestInput,
  GttRequestSchema,
  type InstrumentRef,
  parseOrThrow,
} from '@openalgo/core';
import type { ContractHarness } from '../harness.js';
import { ensure, expectFailure, samePrice } from './assertions.js';
import { type CheckContext, describeRef, withInstance } from './context.js';
import { firstReason, needs } from './gates.js';
import type { ResolvedSuiteOptions } from './options.js';
import type { CheckRegistrar } from './runner.js';

/** GTT legs are CNC or NRML; equities take CNC when the broker offers it. */
function gttProduct(t: CheckContext): 'CNC' | 'NRML' {
  return t.manifest.products.includes('CNC') ? 'CNC' : 'NRML';
}

function leg(t: CheckContext, ref: InstrumentRef, action: 'BUY' | 'SELL', price: number): GttLegInput {
  return { action, quantity: t.quantity(ref), price, priceType: 'LIMIT', product: gttProduct(t) };
}

const gttRequest = (input: GttRequestInput): GttRequest => parseOrThrow(GttRequestSchema, input, 'GTT');

async function listed(t: CheckContext, triggerId: string): Promise<Gtt | undefined> {
  const gtts = await t.settle(t.adapter.getGtts());
  return gtts.find((gtt) => gtt.triggerId === triggerId);
}

/** The row must show what was written: type, instrument, triggers, last price and legs. */
function ensureAsWritten(gtt: Gtt | undefined, request: GttRequest, what: string): asserts gtt is Gtt {
  ensure(gtt !== undefined, () => `${what}: getGtts does not list it`);
  const where = `${what}: GTT ${gtt.triggerId}`;
  ensure(gtt.status === 'active', () => `${where} is ${gtt.status} (${gtt.rawStatus}), expected active`);
  ensure(gtt.type === request.type, () => `${where} is ${gtt.type}, placed as ${request.type}`);
  ensure(
    gtt.symbol === request.symbol && gtt.exchange === request.exchange,
    () => `${where} is on ${gtt.symbol} ${gtt.exchange}, placed on ${request.symbol} ${request.exchange}`,
  );
  const triggers = request.triggerPrices;
  ensure(
    gtt.triggerPrices.length === triggers.length &&
      triggers.every((p, i) => samePrice(p, gtt.triggerPrices[i] ?? -1)),
    () => `${where} triggers at ${gtt.triggerPrices.join(', ')}, placed at ${triggers.join(', ')}`,
  );
  ensure(samePrice(gtt.lastPrice, request.lastPrice), () => `${where} last price ${gtt.lastPrice}`);
  request.legs.forEach((expected, i) => {
    const got = gtt.legs[i];
    ensure(
      got !== undefined &&
        got.action === expected.action &&
        got.quantity === expected.quantity &&
        samePrice(got.price, expected.price) &&
        got.product === expected.product,
      () => `${where} leg ${i} is ${JSON.stringify(got)}, placed as ${JSON.stringify(expected)}`,
    );
  });
}

export function registerGttChecks(
  r: CheckRegistrar,
  harness: ContractHarness,
  options: ResolvedSuiteOptions,
): void {
  const { manifest, fixtures } = harness;
  const run = (body: (t: CheckContext) => Promise<void>) => withInstance(harness, options, body);
  const gtt = needs(manifest, 'placeGtt', 'modifyGtt', 'cancelGtt', 'getGtts');
  const ref = fixtures.equity;

  r.checkUnless(
    gtt,
    'gtt: a single GTT is listed active as placed; a cancel ends it and nothing is ordered',
    run(async (t) => {
      const price = await t.referencePrice(ref);
      const trigger = t.roundToTick(ref, price * 0.9, 'down');
      const request = gttRequest({
        ...ref,
        type: 'single',
        triggerPrices: [trigger],
        lastPrice: price,
        legs: [leg(t, ref, 'BUY', trigger)],
      });
      const ack = await t.settle(t.adapter.placeGtt(request));
      ensureAsWritten(await listed(t, ack.triggerId), request, `single GTT on ${describeRef(ref)}`);
      const cancelled = await t.settle(t.adapter.cancelGtt(ack.triggerId));
      ensure(
        cancelled.triggerId === ack.triggerId,
        () => `cancel acked ${cancelled.triggerId}, not ${ack.triggerId}`,
      );
      const after = await listed(t, ack.triggerId);
      ensure(
        after === undefined || after.status !== 'active',
        () => `GTT ${ack.triggerId} is still active after its cancel`,
      );
      const orders = await t.backdoor.orders();
      ensure(orders.length === 0, () => `an unfired GTT left ${orders.length} order(s) at the broker`);
    }),
  );

  r.checkUnless(
    gtt,
    'gtt: an OCO GTT is listed as placed, and a modify replaces its triggers and legs whole',
    run(async (t) => {
      const price = await t.referencePrice(ref);
      const at = (f: number, d: 'up' | 'down') => t.roundToTick(ref, price * f, d);
      const placed = gttRequest({
        ...ref,
        type: 'oco',
        triggerPrices: [at(0.9, 'down'), at(1.1, 'up')],
        lastPrice: price,
        legs: [leg(t, ref, 'SELL', at(0.9, 'down')), leg(t, ref, 'SELL', at(1.1, 'up'))],
      });
      const ack = await t.settle(t.adapter.placeGtt(placed));
      ensureAsWritten(await listed(t, ack.triggerId), placed, `OCO GTT on ${describeRef(ref)}`);
      const modified = parseOrThrow(
        GttModifyRequestSchema,
        {
          ...placed,
          triggerId: ack.triggerId,
          triggerPrices: [at(0.85, 'down'), at(1.15, 'up')],
          legs: [
            { ...leg(t, ref, 'SELL', at(0.84, 'down')), quantity: 2 * t.quantity(ref) },
            { ...leg(t, ref, 'SELL', at(1.16, 'up')), quantity: 2 * t.quantity(ref) },
          ],
        },
        'GTT modify request',
      );
      const modifiedAck = await t.settle(t.adapter.modifyGtt(modified));
      ensure(modifiedAck.triggerId === ack.triggerId, () => `modify acked ${modifiedAck.triggerId}`);
      ensureAsWritten(await listed(t, ack.triggerId), modified, `modified OCO GTT ${ack.triggerId}`);
      await t.settle(t.adapter.cancelGtt(ack.triggerId));
    }),
  );

  r.checkUnless(
    firstReason(gtt, needs(manifest, 'getOrder')),
    'gtt: when the price crosses the trigger, the broker places the leg once and the GTT is triggered',
    run(async (t) => {
      const price = await t.referencePrice(ref);
      const trigger = t.roundToTick(ref, price * 0.95, 'down');
      // A limit above where the price goes, so the order it places can fill at once.
      const request = gttRequest({
        ...ref,
        type: 'single',
        triggerPrices: [trigger],
        lastPrice: price,
        legs: [leg(t, ref, 'BUY', t.roundToTick(ref, trigger * 1.01, 'up'))],
      });
      const ack = await t.settle(t.adapter.placeGtt(request));
      await t.backdoor.setPrice(ref, t.roundToTick(ref, price * 0.94, 'down'));
      let row = await listed(t, ack.triggerId);
      for (let i = 1; row?.status === 'active' && i < t.options.pollAttempts; i++) {
        await t.time.pause(t.options.pollIntervalMs);
        row = await listed(t, ack.triggerId);
      }
      ensure(row !== undefined, () => `GTT ${ack.triggerId} vanished instead of triggering`);
      ensure(
        row.status === 'triggered',
        () => `GTT ${ack.triggerId} is ${row.status} after its trigger was crossed`,
      );
      ensure(
        row.orderIds.length === 1,
        () => `triggered GTT lists order ids ${JSON.stringify(row.orderIds)}`,
      );
      const [orderId] = row.orderIds as [string];
      const order = await t.settle(t.adapter.getOrder(orderId));
      ensure(
        order.action === 'BUY' && order.quantity === t.quantity(ref) && order.symbol === ref.symbol,
        () => `GTT ${ack.triggerId} placed ${order.action} ${order.quantity} ${order.symbol}`,
      );
      const held = await t.backdoor.orders();
      ensure(
        held.length === 1,
        () => `the broker holds ${held.length} orders after one GTT fired, expected 1`,
      );
    }),
  );

  r.checkUnless(
    gtt,
    'gtt: cancelling an unknown trigger id fails with ORDER_NOT_FOUND',
    run(async (t) => {
      await expectFailure(
        t.settle(t.adapter.cancelGtt('999999999')),
        'ORDER_NOT_FOUND',
        'cancelGtt 999999999',
      );
    }),
  );
}
