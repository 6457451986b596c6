import type { Action } from '../model/enums.js';

export interface SmartOrderInput {
  /** Desired signed net position (OpenAlgo `position_size`). */
  target: number;
  /** Current signed net position. */
  current: number;
  /** The request's action: used only for a fresh trade from flat with target 0. */
  action: Action;
  /** The request's quantity: used only for a fresh trade from flat with target 0. */
  quantity: number;
}

export type SmartOrderDecision = { kind: 'none' } | { kind: 'order'; action: Action; quantity: number };

const NONE: SmartOrderDecision = Object.freeze({ kind: 'none' });

/**
 * OpenAlgo's placesmartorder table (docs/reference/openalgo-api.md §2.1), rows in its order:
 * 1. target 0, current 0, quantity ≠ 0 → the request's own action and quantity ("fresh trade");
 * 2. target = current → nothing;
 * 3-6. otherwise one order for the difference: BUY target−current when target > current, else SELL
 *    current−target. That covers flattening (target 0), opening from flat (current 0) and crossing
 *    zero in a single order (−100 → +100 = BUY 200).
 */
export function decideSmartOrder({ target, current, action, quantity }: SmartOrderInput): SmartOrderDecision {
  if (target === 0 && current === 0) {
    return quantity > 0 ? { kind: 'order', action, quantity } : NONE;
  }
  if (target === current) return NONE;
  if (target > current) return { kind: 'order', action: 'BUY', quantity: target - current };
  return { kind: 'order', action: 'SELL', quantity: current - target };
}
