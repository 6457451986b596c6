import {
  type ModifyRequest,
  type ModifyRequestInput,
  ModifyRequestSchema,
  type OrderRequest,
  type OrderRequestInput,
  OrderRequestSchema,
  type TaggedOrderRequest,
  TaggedOrderRequestSchema,
} from '../model/order.js';
import { parseOrThrow } from '../model/validation.js';

/** The fields a test names; everything else comes from the defaults below and the schema's own. */
export type OrderRequestPartial = Partial<OrderRequestInput>;

/** One share of SBIN on NSE, bought at market: the smallest valid order. */
const ORDER_BASICS = { symbol: 'SBIN', exchange: 'NSE', action: 'BUY', quantity: 1 } as const;

/**
 * A valid order request from the fields a test cares about, parsed through core's schema: a field
 * added to the model with a default never breaks a caller, and an invalid combination (a LIMIT
 * without a price) throws here, naming the field, instead of passing as a request no adapter gets.
 * With a `clientOrderId` the result is a `TaggedOrderRequest`, what an adapter's `placeOrder` takes.
 */
export function orderRequest(partial: OrderRequestPartial & { clientOrderId: string }): TaggedOrderRequest;
export function orderRequest(partial?: OrderRequestPartial): OrderRequest;
export function orderRequest(partial: OrderRequestPartial = {}): OrderRequest {
  const input = { ...ORDER_BASICS, ...partial };
  return input.clientOrderId === undefined
    ? parseOrThrow(OrderRequestSchema, input, 'test order request')
    : parseOrThrow(TaggedOrderRequestSchema, input, 'test order request');
}

/** A valid modify request for `orderId`, built like `orderRequest`. */
export function modifyRequest(
  partial: Partial<ModifyRequestInput> & Pick<ModifyRequestInput, 'orderId'>,
): ModifyRequest {
  return parseOrThrow(ModifyRequestSchema, { ...ORDER_BASICS, ...partial }, 'test modify request');
}
