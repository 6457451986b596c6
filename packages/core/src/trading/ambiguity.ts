import { OpenAlgoError } from '../errors/openalgo-error.js';

/**
 * Could a failed write have taken effect at the broker anyway? If so the order must be looked up
 * (reconciled), never re-sent: re-sending is how a trader ends up with two positions.
 *
 * - `mayHaveReachedBroker: true` is the transport saying so outright.
 * - TIMEOUT and ORDER_STATE_UNKNOWN are ambiguous by nature (adapters use the latter for broker
 *   messages such as Kite's "order request timed out").
 * - BROKER_UNAVAILABLE / NETWORK are ambiguous unless the transport proved the request never left
 *   (`mayHaveReachedBroker: false`, e.g. connection refused).
 * - Anything that is not an OpenAlgoError (an adapter bug, an abort reason) carries no evidence that
 *   the request stayed local, so it is treated as ambiguous too: a needless lookup costs a few
 *   calls, a wrong "it failed" can cost a duplicate order.
 */
export function isAmbiguousOrderFailure(error: unknown): boolean {
  if (!(error instanceof OpenAlgoError)) return true;
  if (error.mayHaveReachedBroker === true) return true;
  if (error.code === 'TIMEOUT' || error.code === 'ORDER_STATE_UNKNOWN') return true;
  if (error.code === 'BROKER_UNAVAILABLE' || error.code === 'NETWORK') {
    return error.mayHaveReachedBroker !== false;
  }
  return false;
}
