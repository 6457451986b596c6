import type { Funds } from '@openalgo/core';
import type { ContractHarness } from '../harness.js';
import { ensure } from './assertions.js';
import { type CheckContext, describeRef, withInstance } from './context.js';
import { firstReason, needs } from './gates.js';
import type { ResolvedSuiteOptions } from './options.js';
import type { CheckRegistrar } from './runner.js';

const pnlOf = (f: Funds) => f.m2mRealised + f.m2mUnrealised;
const wealthOf = (f: Funds) => f.availableCash + f.utilisedDebits;

/**
 * Leverage differs per broker, so the suite cannot know the exact margin. It checks what holds for
 * every broker: cash + margin in use only moves by P&L (the margin comes out of cash, it is not
 * created or lost); the margin blocked is positive and at most the trade's value; closing frees it.
 * The tolerance allows for charges and the spread (0.5% of the trade's value).
 */
function expectConserved(before: Funds, after: Funds, tolerance: number, what: string): void {
  const drift = wealthOf(after) - wealthOf(before);
  const pnl = pnlOf(after) - pnlOf(before);
  const low = Math.min(0, pnl) - tolerance;
  const high = Math.max(0, pnl) + tolerance;
  ensure(
    drift >= low && drift <= high,
    () =>
      `${what}: availableCash + utilisedDebits moved by ${drift.toFixed(2)} (from ${wealthOf(before)} to ` +
      `${wealthOf(after)}) while P&L moved by ${pnl.toFixed(2)}: margin must come out of cash`,
  );
}

export function registerFundsCheck(
  r: CheckRegistrar,
  harness: ContractHarness,
  options: ResolvedSuiteOptions,
): void {
  const { manifest } = harness;
  const traded = manifest.products.includes('MIS') ? 'MIS' : 'CNC';
  const cash =
    manifest.products.includes('MIS') || manifest.products.includes('CNC')
      ? undefined
      : 'the manifest has neither MIS nor CNC to buy the equity fixture with';
  r.checkUnless(
    firstReason(needs(manifest, 'placeOrder', 'getOrder', 'getFunds'), cash),
    'funds: a BUY blocks at most its value out of cash and the close releases it',
    withInstance(harness, options, async (t: CheckContext) => {
      const ref = t.fixtures.equity;
      const q = t.quantity(ref);
      const price = await t.referencePrice(ref);
      const before = await t.settle(t.adapter.getFunds());
      const buy = await t.fill({ ...ref, action: 'BUY', quantity: q, product: traded });
      const value = q * buy.averagePrice;
      const tolerance = 0.005 * value + 0.01;
      const held = await t.settle(t.adapter.getFunds());
      const blocked = held.utilisedDebits - before.utilisedDebits;
      const what = `BUY ${q} ${describeRef(ref)} ${traded} @ ${buy.averagePrice} (price set to ${price})`;
      ensure(
        blocked > 0,
        () => `${what}: utilisedDebits did not rise (${before.utilisedDebits} → ${held.utilisedDebits})`,
      );
      ensure(
        blocked <= value * 1.01 + 0.01,
        () => `${what}: ${blocked.toFixed(2)} blocked, more than the trade's value ${value.toFixed(2)}`,
      );
      expectConserved(before, held, tolerance, what);
      // Delivery bought today can only be sold against holdings from T+1, so only MIS is closed.
      if (traded === 'CNC') return;
      await t.fill({ ...ref, action: 'SELL', quantity: q, product: traded });
      const after = await t.settle(t.adapter.getFunds());
      const still = after.utilisedDebits - before.utilisedDebits;
      ensure(
        Math.abs(still) <= tolerance,
        () =>
          `after closing, utilisedDebits is ${after.utilisedDebits}, was ${before.utilisedDebits} before the trade`,
      );
      expectConserved(before, after, tolerance, `${what} then SELL ${q}`);
    }),
  );
}
