import type { OrderRecord } from '@openalgo/sandbox';
import type { AngelOrderStatus } from './order-rows.js';

/** One status the order passes through, with the engine state whose terms it shows. */
export interface StatusStep {
  status: AngelOrderStatus;
  record: OrderRecord;
}

const STATUS_OF: Readonly<Record<OrderRecord['status'], AngelOrderStatus>> = {
  open: 'open',
  trigger_pending: 'trigger pending',
  complete: 'complete',
  cancelled: 'cancelled',
  rejected: 'rejected',
};

function termsChanged(prev: OrderRecord, next: OrderRecord): boolean {
  return (
    prev.quantity !== next.quantity ||
    prev.price !== next.price ||
    prev.triggerPrice !== next.triggerPrice ||
    prev.priceType !== next.priceType
  );
}

function unfilled(record: OrderRecord): OrderRecord {
  return { ...record, filledQuantity: 0, averagePrice: 0 };
}

/**
 * The statuses Angel shows between two engine states of one order (§2.4, §2.8 order-socket codes):
 * a new order goes `open pending` → `open` | `trigger pending` (a refusal goes straight to
 * `rejected`, as RMS rejections do); a fill or cancel of an order never seen resting passes `open`
 * first; a triggered stop passes `open`; a modification goes `modify pending` → `modified` → the new
 * state; a partial fill repeats `open` with the new fill figures. Nothing visible changed → no step.
 */
export function statusSteps(prev: OrderRecord | undefined, next: OrderRecord): StatusStep[] {
  const steps: StatusStep[] = [];
  if (prev === undefined) {
    if (next.status === 'rejected') return [{ status: 'rejected', record: next }];
    steps.push({ status: 'open pending', record: unfilled(next) });
    if (next.status === 'complete' || next.status === 'cancelled')
      steps.push({ status: 'open', record: unfilled(next) });
    steps.push({ status: STATUS_OF[next.status], record: next });
    return steps;
  }
  if (termsChanged(prev, next)) {
    steps.push({ status: 'modify pending', record: prev }, { status: 'modified', record: next });
    steps.push({ status: STATUS_OF[next.status], record: next });
    return steps;
  }
  if (prev.status === next.status && prev.filledQuantity === next.filledQuantity) return [];
  if (prev.status === 'trigger_pending' && next.status === 'complete') {
    steps.push({
      status: 'open',
      record: { ...next, filledQuantity: prev.filledQuantity, averagePrice: prev.averagePrice },
    });
  }
  steps.push({ status: STATUS_OF[next.status], record: next });
  return steps;
}
