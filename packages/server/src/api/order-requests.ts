import {
  type Action,
  BrokerError,
  type Exchange,
  isOpenAlgoError,
  type OpenAlgoErrorJSON,
  type OrderRequestInput,
  type PriceType,
  type Product,
} from '@openalgo/core';
import { apiMessage, errorKind, reviseError, STATUS_BY_CODE } from './errors.js';

/** An order leg as the API receives it (snake_case, already validated). */
export interface ApiOrderLeg {
  symbol: string;
  exchange: Exchange;
  action: Action;
  quantity: number;
  pricetype: PriceType;
  product: Product;
  price: number;
  trigger_price: number;
  disclosed_quantity: number;
}

/** OpenAlgo's snake_case order → core's unified camelCase request. */
export function toOrderRequest(leg: ApiOrderLeg, strategy: string): OrderRequestInput {
  return {
    symbol: leg.symbol,
    exchange: leg.exchange,
    action: leg.action,
    quantity: leg.quantity,
    priceType: leg.pricetype,
    product: leg.product,
    price: leg.price,
    triggerPrice: leg.trigger_price,
    disclosedQuantity: leg.disclosed_quantity,
    strategy,
  };
}

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
      if (error.clientOrderId !== undefined || (STATUS_BY_CODE[error.code] ?? 502) < 500) throw error;
      throw reviseError(error, { clientOrderId });
    }
    throw new BrokerError(
      `The broker adapter failed unexpectedly (${errorKind(error)}) while placing order ${clientOrderId}; check the order book before retrying`,
      { clientOrderId, cause: error },
    );
  }
}

/** A failed item of a batch (basket leg, split child, square-off) in the API's words. */
export function itemError(error: OpenAlgoErrorJSON): {
  message: string;
  code: string;
  client_order_id?: string;
} {
  return {
    message: apiMessage(error.message),
    code: error.code,
    ...(error.clientOrderId ? { client_order_id: error.clientOrderId } : {}),
  };
}

/** One item of a batch answer: the item's own fields, then OpenAlgo's success or error shape. */
export function itemResult<Base extends object>(
  base: Base,
  outcome: { status: 'success'; orderId: string } | { status: 'error'; error: OpenAlgoErrorJSON },
) {
  return outcome.status === 'success'
    ? { ...base, status: 'success' as const, orderid: outcome.orderId }
    : { ...base, status: 'error' as const, ...itemError(outcome.error) };
}
