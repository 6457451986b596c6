import { BrokerError, isOpenAlgoError, type OpenAlgoError, type OpenAlgoErrorJSON } from '@openalgo/core';
import { apiStatus, errorKind } from './errors.js';
import { wireMessage } from './wire/names.js';

/**
 * Runs an order write whose client order id the API chose, so every failure that leaves the order's
 * fate open (a 5xx: broker error, unknown state, unreachable broker) tells the caller the id to look
 * the order up by before retrying — core attaches it only to the failures it reconciled. With a
 * client key the answer names the client's id, never the broker tag it was mapped to.
 */
export async function withClientOrderId<T>(
  clientOrderId: string,
  write: () => Promise<T>,
  brokerTag?: string,
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isOpenAlgoError(error)) {
      if (apiStatus(error.code) < 500) throw error;
      if (brokerTag !== undefined) throw inClientTerms(error, brokerTag, clientOrderId);
      if (error.clientOrderId !== undefined) throw error;
      throw error.with({ clientOrderId });
    }
    throw new BrokerError(
      `The broker adapter failed unexpectedly (${errorKind(error)}) while placing order ${clientOrderId}; check the order book before retrying`,
      { clientOrderId, cause: error },
    );
  }
}

/** An error about a broker tag, reworded to the client's id for it (message and `client_order_id`). */
export function inClientTerms(error: OpenAlgoError, brokerTag: string, clientId: string): OpenAlgoError {
  if (error.clientOrderId !== undefined && error.clientOrderId !== brokerTag) return error;
  return error.with({ clientOrderId: clientId, message: error.message.split(brokerTag).join(clientId) });
}

/** A batch item's error JSON in the client's terms, when the item was sent under a client key. */
export function itemErrorInClientTerms(
  error: OpenAlgoErrorJSON,
  clientIdByTag: ReadonlyMap<string, string>,
): OpenAlgoErrorJSON {
  const tag = error.clientOrderId;
  const clientId = tag === undefined ? undefined : clientIdByTag.get(tag);
  if (tag === undefined || clientId === undefined) return error;
  return { ...error, clientOrderId: clientId, message: error.message.split(tag).join(clientId) };
}

/**
 * One item of a batch answer: the item's own fields, then OpenAlgo's success or error shape. An
 * item sent under a client key reports the client's id, not the broker tag (`clientIdByTag`).
 */
export function itemResult<Base extends object>(
  base: Base,
  outcome: { status: 'success'; orderId: string } | { status: 'error'; error: OpenAlgoErrorJSON },
  clientIdByTag: ReadonlyMap<string, string> = NO_KEYS,
) {
  if (outcome.status === 'success') return { ...base, status: 'success' as const, orderid: outcome.orderId };
  const { message, code, clientOrderId } = itemErrorInClientTerms(outcome.error, clientIdByTag);
  return {
    ...base,
    status: 'error' as const,
    message: wireMessage(message),
    code,
    ...(clientOrderId ? { client_order_id: clientOrderId } : {}),
  };
}

const NO_KEYS: ReadonlyMap<string, string> = new Map();
