import { type Action, type Holding, type Position, supports } from '@openalgo/core';
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

/**
 * Buys the equity on CNC, moves the price up by MOVE and demands that the holdings row is marked at the
 * new price with pnl = quantity × (ltp − its average) and pnlPercent = that over the cost: a flipped sign,
 * a stale ltp or a percent of the wrong base shows up as a wrong number. Today's CNC buy is a T1
 * holding at most brokers; where it only appears after the trading day, the suite moves the clock a day.
 */
async function expectHoldingMarked(t: CheckContext): Promise<void> {
  const ref = t.fixtures.equity;
  const quantity = t.quantity(ref);
  await t.fill({ ...ref, action: 'BUY', quantity, product: 'CNC' });
  const what = `BUY ${quantity} ${describeRef(ref)} CNC`;
  const find = async (): Promise<Holding | undefined> =>
    (await t.settle(t.adapter.getHoldings())).find(
      (h) => h.symbol === ref.symbol && h.exchange === ref.exchange,
    );
  let row = await find();
  if (row === undefined && t.backdoor.advanceClock) {
    await t.backdoor.advanceClock(DAY_MS);
    row = await find();
  }
  ensure(row !== undefined, () => `${what}: no holdings row for it, the same day or the next`);
  const moved = t.roundToTick(ref, row.averagePrice * (1 + MOVE), 'up');
  await t.backdoor.setPrice(ref, moved);
  const marked = await find();
  ensure(marked !== undefined, () => `${what}: the holdings row disappeared after a price move`);
  const expected = marked.quantity * (moved - marked.averagePrice);
  const at = `${what}, ${marked.quantity} held at ${marked.averagePrice}, price now ${moved}`;
  ensure(samePrice(marked.ltp, moved), () => `${at}: the holding is marked at ${marked.ltp}, not ${moved}`);
  ensure(
    samePrice(marked.pnl, expected, 0.01 * marked.quantity) && Math.sign(marked.pnl) === Math.sign(expected),
    () => `${at}: holding pnl is ${marked.pnl}, expected ${expected.toFixed(2)} (quantity × the move)`,
  );
  const percent = (expected / (marked.quantity * marked.averagePrice)) * 100;
  ensure(
    samePrice(marked.pnlPercent, percent, 0.01),
    () => `${at}: holding pnlPercent is ${marked.pnlPercent}, expected ${percent.toFixed(2)} (pnl over cost)`,
  );
}

const DAY_MS = 24 * 3600_000;

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
  r.checkUnless(
    firstReason(
      needs(manifest, 'placeOrder', 'getOrder', 'getHoldings'),
      manifest.products.includes('CNC') ? undefined : 'the manifest has no CNC product to hold shares with',
    ),
    'P&L: a holding gains when the price rises — pnl is quantity × the move, pnlPercent over its cost',
    run(expectHoldingMarked),
  );
}
