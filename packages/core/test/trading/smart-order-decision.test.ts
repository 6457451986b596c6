import { describe, expect, it } from 'vitest';
import type { Action } from '../../src/model/enums.js';
import { decideSmartOrder, type SmartOrderDecision } from '../../src/trading/smart-order-decision.js';

const none: SmartOrderDecision = { kind: 'none' };
const buy = (quantity: number): SmartOrderDecision => ({ kind: 'order', action: 'BUY', quantity });
const sell = (quantity: number): SmartOrderDecision => ({ kind: 'order', action: 'SELL', quantity });

// [case, target (position_size), current net, request action, request quantity, expected]
const SPEC: ReadonlyArray<[string, number, number, Action, number, SmartOrderDecision]> = [
  ['flat→flat with quantity: fresh BUY as requested', 0, 0, 'BUY', 100, buy(100)],
  ['flat→flat with quantity: fresh SELL as requested', 0, 0, 'SELL', 50, sell(50)],
  ['flat→flat with quantity 0: nothing to do', 0, 0, 'BUY', 0, none],
  ['long already at target: nothing (action ignored)', 100, 100, 'SELL', 10, none],
  ['short already at target: nothing', -50, -50, 'SELL', 0, none],
  ['flatten a long: SELL all (request action ignored)', 0, 100, 'BUY', 10, sell(100)],
  ['flatten a short: BUY all', 0, -75, 'SELL', 10, buy(75)],
  ['open long from flat: BUY target (request qty ignored)', 100, 0, 'SELL', 5, buy(100)],
  ['open short from flat: SELL |target|', -100, 0, 'BUY', 5, sell(100)],
  ['add to a long', 150, 100, 'BUY', 1, buy(50)],
  ['reduce a long', 50, 100, 'BUY', 1, sell(50)],
  ['add to a short', -150, -100, 'BUY', 1, sell(50)],
  ['reduce a short', -50, -100, 'SELL', 1, buy(50)],
  ['reverse short to long through zero in one order', 100, -100, 'SELL', 1, buy(200)],
  ['reverse long to short through zero in one order', -100, 100, 'BUY', 1, sell(200)],
  ['reverse by one lot each side', 1, -1, 'SELL', 0, buy(2)],
];

describe('decideSmartOrder (OpenAlgo placesmartorder table)', () => {
  it.each(SPEC)('%s: target %i, current %i', (_case, target, current, action, quantity, expected) => {
    expect(decideSmartOrder({ target, current, action, quantity })).toEqual(expected);
  });

  it('never decides a zero or negative quantity, and always lands on the target', () => {
    for (let target = -3; target <= 3; target++) {
      for (let current = -3; current <= 3; current++) {
        const decision = decideSmartOrder({ target, current, action: 'BUY', quantity: 1 });
        if (decision.kind === 'none') {
          expect(target).toBe(current);
          continue;
        }
        expect(decision.quantity).toBeGreaterThan(0);
        const after = current + (decision.action === 'BUY' ? decision.quantity : -decision.quantity);
        // The only row that may overshoot the target is the flat→flat fresh trade.
        expect(after).toBe(target === 0 && current === 0 ? 1 : target);
      }
    }
  });
});
