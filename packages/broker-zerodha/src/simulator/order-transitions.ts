import type { OrderRecord } from '@openalgo/sandbox';
import type { KiteOrderStatus, RowPhase } from './order-rows.js';

/** One history row to write: its status, the engine state whose terms it shows, and its phase. */
export interface TransitionStep {
  status: KiteOrderStatus;
  record: OrderRecord;
  phase: RowPhase;
  /** A modification request: the order's timestamp moves to now (order_info.json). */
  modifies?: boolean;
  /** The order is at the exchange from this row on (it gets an exchange order id). */
  reachesExchange?: boolean;
}

const STATUS_OF: Readonly<Record<OrderRecord['status'], KiteOrderStatus>> = {
  open: 'OPEN',
  trigger_pending: 'TRIGGER PENDING',
  complete: 'COMPLETE',
  cancelled: 'CANCELLED',
  rejected: 'REJECTED',
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

function exchangeRow(status: KiteOrderStatus, record: OrderRecord): TransitionStep {
  return { status, record, phase: 'exchange', reachesExchange: true };
}

/** The row(s) for arriving at `next`'s state, when the order was last seen in `from`. */
function stateRows(from: OrderRecord['status'] | undefined, next: OrderRecord): TransitionStep[] {
  const steps: TransitionStep[] = [];
  const resting = from === 'open' || from === 'trigger_pending';
  if (next.status === 'complete' || next.status === 'cancelled') {
    // A contract fills or is cancelled only after it was accepted as open at the exchange.
    if (!resting) steps.push(exchangeRow('OPEN', unfilled(next)));
    else if (from === 'trigger_pending' && next.status === 'complete')
      steps.push(exchangeRow('OPEN', unfilled(next)));
  }
  steps.push(exchangeRow(STATUS_OF[next.status], next));
  return steps;
}

/**
 * The history rows Kite shows between two engine states of one order (docs/reference/brokers.md §1.4):
 * a new order goes PUT ORDER REQ RECEIVED → VALIDATION PENDING → (REJECTED | OPEN PENDING → OPEN |
 * TRIGGER PENDING); a modification adds MODIFY VALIDATION PENDING → MODIFY PENDING → MODIFIED with the
 * old terms before the new state; a cancel the user asked for passes CANCEL PENDING; fills and
 * triggers add one row each. An event that changes nothing Kite shows adds no row.
 */
export function orderTransitionRows(
  prev: OrderRecord | undefined,
  next: OrderRecord,
  cancelRequested = false,
): TransitionStep[] {
  if (prev === undefined) {
    const steps: TransitionStep[] = [
      { status: 'PUT ORDER REQ RECEIVED', record: next, phase: 'request' },
      { status: 'VALIDATION PENDING', record: next, phase: 'request' },
    ];
    if (next.status === 'rejected') {
      steps.push({ status: 'REJECTED', record: next, phase: 'request' });
      return steps;
    }
    steps.push({ status: 'OPEN PENDING', record: next, phase: 'request' });
    return [...steps, ...stateRows(undefined, next)];
  }
  if (termsChanged(prev, next)) {
    const steps: TransitionStep[] = [
      { status: 'MODIFY VALIDATION PENDING', record: prev, phase: 'exchange', modifies: true },
      { status: 'MODIFY PENDING', record: prev, phase: 'exchange' },
      { status: 'MODIFIED', record: prev, phase: 'exchange' },
    ];
    // A modification that fills at once still rests, with its new terms, for a moment first.
    if (next.status === 'complete' && prev.status === 'open') {
      steps.push(
        exchangeRow('OPEN', {
          ...next,
          filledQuantity: prev.filledQuantity,
          averagePrice: prev.averagePrice,
        }),
      );
    }
    steps.push(exchangeRow(STATUS_OF[next.status], next));
    return steps;
  }
  if (prev.status === next.status && prev.filledQuantity === next.filledQuantity) return [];
  const steps: TransitionStep[] = [];
  if (next.status === 'cancelled' && cancelRequested) {
    steps.push({ status: 'CANCEL PENDING', record: prev, phase: 'exchange' });
  }
  return [...steps, ...stateRows(prev.status, next)];
}
