import { type Action, type Position, supports } from '@openalgo/core';
import type { ContractHarness } from '../harness.js';
import { ensure, samePrice } from './assertions.js';
import { type CheckContext, describeRef, withInstance } from './context.js';
import { firstReason, needs } from './gates.js';
import type { ResolvedSuiteOptions } from './options.js';
import type { CheckRegistrar } from './runner.js';

/** How far the price moves after the fill, as a fraction. */
const MOVE = 0.02;

/**
 * Opens a position with a MARKET order, moves the price up by MOVE and demands that the position's
 * P&L, its unrealised P&L when reported, and the account's unrealised m2m all equal quantity × move
 * (negative for a short): a flipped sign or a zeroed m2m shows up as a wrong number.
 */
async function expectMarkedToMarket(t: CheckContext, action: Action): Promise<void> {
  const ref = t.fixtures.equity;
  const product = action === 'SELL' ? 'MIS' : t.defaultProduct();
  const quantity = t.quantity(ref);
  const market = await t.referencePrice(ref);
  const order = await t.fill({ ...ref, action, quantity, product });
  const moved = t.roundToTick(ref, market * (1 + MOVE), 'up');
  await t.backdoor.setPrice(ref, moved);
  const signed = action === 'BUY' ? quantity : -quantity;
  const expected = signed * (moved - order.averagePrice);
  const what = `${action} ${quantity} ${describeRef(ref)} ${product} at ${order.averagePrice}, price now ${moved}`;
  // Brokers round P&L to the paisa; a paisa of average price moves it by a paisa a share.
  const tolerance = 0.01 * quantity;

  const positions = await t.settle(t.adapter.getPositions());
  const row: Position | undefined = positions.find(
    (p) => p.symbol === ref.symbol && p.exchange === ref.exchange && p.product === product,
  );
  ensure(row !== undefined, () => `${what}: the position book has no row for it`);
  ensure(samePrice(row.ltp, moved), () => `${what}: the position is marked at ${row.ltp}, not ${moved}`);
  ensure(
    samePrice(row.pnl, expected, tolerance),
    () => `${what}: position pnl is ${row.pnl}, expected ${expected.toFixed(2)} (${signed} × the move)`,
  );
  ensure(
    Math.sign(row.pnl) === Math.sign(expected),
    () => `${what}: position pnl ${row.pnl} has the wrong sign (expected ${expected.toFixed(2)})`,
  );
  if (row.unrealisedPnl !== undefined) {
    ensure(
      samePrice(row.unrealisedPnl, expected, tolerance),
      () => `${what}: position unrealisedPnl is ${row.unrealisedPnl}, expected ${expected.toFixed(2)}`,
    );
  }
  if (supports(t.manifest, 'getFunds')) {
    const funds = await t.settle(t.adapter.getFunds());
    ensure(
      samePrice(funds.m2mUnrealised, expected, tolerance),
      () =>
        `${what}: funds m2mUnrealised is ${funds.m2mUnrealised}, expected ${expected.toFixed(2)} ` +
        '(the only open position, marked to market)',
    );
  }
}

/** P&L signs and mark-to-market follow the price. */
export function registerPnlChecks(
  r: CheckRegistrar,
  harness: ContractHarness,
  options: ResolvedSuiteOptions,
): void {
  const { manifest } = harness;
  const base = needs(manifest, 'placeOrder', 'getOrder', 'getPositions');
  const run = (body: (t: CheckContext) => Promise<void>) => withInstance(harness, options, body);
  r.checkUnless(
    base,
    'P&L: a long gains when the price rises — pnl and m2m are quantity × the move',
    run((t) => expectMarkedToMarket(t, 'BUY')),
  );
  r.checkUnless(
    firstReason(
      base,
      manifest.products.includes('MIS') ? undefined : 'the manifest has no MIS product to sell short with',
    ),
    'P&L: a short loses when the price rises — pnl and m2m are −quantity × the move',
    run((t) => expectMarkedToMarket(t, 'SELL')),
  );
}
