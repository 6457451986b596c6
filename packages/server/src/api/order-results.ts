import { BrokerError, isOpenAlgoError, type OpenAlgoErrorJSON } from '@openalgo/core';
import { apiStatus, errorKind } from './errors.js';
import { wireMessage } from './wire/names.js';

/**
 * Runs an order write whose client order id the API chose, so every failure that leaves the order's
 * fate open (a 5xx: broker error, unknown state, unreachable broker) tells the caller the id to look
 * the order up by before retrying — core attaches it only to the failures it reconciled.
 */
export async function withClientOrderId<T>(clientOrderId: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isOpenAlgoError(error)) {
      if (error.clientOrderId !== undefined || apiStatus(error.code) < 500) throw error;
      throw error.with({ clientOrderId });
    }
    throw new BrokerError(
      `The broker adapter failed unexpectedly (${errorKind(error)}) while placing order ${clientOrderId}; check the order book before retrying`,
      { clientOrderId, cause: error },
    );
  }
}

/** One item of a batch answer: the item's own fields, then OpenAlgo's success or error shape. */
export function itemResult<Base extends object>(
  base: Base,
  outcome: { status: 'success'; orderId: string } | { status: 'error'; error: OpenAlgoErrorJSON },
) {
  if (outcome.status === 'success') return { ...base, status: 'success' as const, orderid: outcome.orderId };
  const { message, code, clientOrderId } = outcome.error;
  return {
    ...base,
    status: 'error' as const,
    message: wireMessage(message),
    code,
    ...(clientOrderId ? { client_order_id: clientOrderId } : {}),
  };
}
