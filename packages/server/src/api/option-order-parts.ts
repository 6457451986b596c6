import {
  isOpenAlgoError,
  type OptionSymbolRequest,
  type OrderRequestInput,
  type ResolvedOptionSymbol,
} from '@openalgo/core';
import type { OptionOrderFields } from './schemas/option-orders.js';

/** The pieces both options order routes build their orders from. */

/** The option fields of a request (top level, or a leg over it), in core's terms. */
export function optionRequestOf(
  request: {
    underlying: string;
    exchange: OptionSymbolRequest['exchange'];
    expiry_date?: string | undefined;
  },
  leg: { offset: string; option_type: string; expiry_date?: string | undefined },
  strikeInt: number | undefined,
): OptionSymbolRequest {
  return {
    underlying: request.underlying,
    exchange: request.exchange,
    expiryDate: leg.expiry_date ?? request.expiry_date,
    offset: leg.offset,
    optionType: leg.option_type,
    strikeInt,
  };
}

/** The order for a resolved option: the request's order fields on the option's symbol. */
export function optionOrder(
  option: Pick<ResolvedOptionSymbol, 'symbol' | 'exchange'>,
  order: OptionOrderFields,
  strategy: string,
): OrderRequestInput {
  const { action, quantity, priceType, product, price, triggerPrice, disclosedQuantity } = order;
  return {
    symbol: option.symbol,
    exchange: option.exchange,
    action,
    quantity,
    priceType,
    product,
    price,
    triggerPrice,
    disclosedQuantity,
    strategy,
  };
}

/**
 * A resolver error in the request's terms. Core names the strike it computed (`strike`); only the
 * strike_int grid computes one (listed strikes come from the master), so such an error is about
 * `strike_int` — e.g. a grid far wider than the price, whose ATM rounds to 0.
 */
export function inRequestTerms(error: unknown): unknown {
  if (isOpenAlgoError(error) && error.field === 'strike') return error.with({ field: 'strike_int' });
  return error;
}
