import {
  ActionSchema,
  type Exchange,
  InvalidRequestError,
  type OpenAlgoError,
  type OrderRequestInput,
  type Product,
  SignedIntSchema,
  type SmartOrderRequestInput,
  SymbolSchema,
} from '@openalgo/core';
import type { z } from 'zod';
import { clientOrderKey } from '../api/schemas/orders.js';
import { body, wire } from '../api/wire/fields.js';
import type { StrategyRecord } from '../store/types.js';
import type { SignalKind } from './strategy-rules.js';

/**
 * What TradingView, Amibroker, Chartink and the Python client's `Strategy.strategyorder` post to a
 * strategy webhook — `{symbol, action, position_size?}`, `position_size` often as a string — plus
 * this server's optional `client_order_id`, the key that makes a retried alert safe.
 */
export const WebhookSignalRequest = body({
  symbol: wire(SymbolSchema, 'One of the strategy’s symbols'),
  action: wire(ActionSchema, 'BUY or SELL (any case)'),
  position_size: wire(
    SignedIntSchema.optional(),
    'Target net position (BOTH mode, required there); in LONG/SHORT mode a non-zero value is the entry quantity',
  ),
  client_order_id: clientOrderKey(
    'Your key for this signal (not OpenAlgo): a retry with the same key and signal returns the first answer and never places a second order',
  ),
});
export type WebhookSignal = z.output<typeof WebhookSignalRequest>;

/** The order a signal becomes: a plain MARKET entry, or a smart order to a target position. */
export type WebhookOrder =
  | { kind: SignalKind; route: 'placeorder'; order: OrderRequestInput }
  | { kind: SignalKind; route: 'placesmartorder'; order: SmartOrderRequestInput };

function refuse(field: string, message: string): OpenAlgoError {
  return new InvalidRequestError(`${field}: ${message}`, { field });
}

/**
 * OpenAlgo's mapping of a signal to an order (reference §10). LONG: BUY enters with a MARKET order
 * of |position_size| (or the mapping's quantity when it is absent or 0), SELL exits with a smart
 * order to 0. SHORT: the same with SELL and BUY swapped. BOTH: always a smart order to
 * `position_size`, which must agree with the action's side; a target of 0 is an exit.
 */
export function decideWebhookOrder(strategy: StrategyRecord, signal: WebhookSignal): WebhookOrder {
  const mapping = strategy.symbols.find((s) => s.symbol === signal.symbol);
  if (!mapping) {
    const known = strategy.symbols.map((s) => s.symbol).join(', ') || 'none yet';
    throw refuse('symbol', `${signal.symbol} is not one of this strategy's symbols (${known})`);
  }
  const base = {
    symbol: mapping.symbol,
    exchange: mapping.exchange as Exchange,
    product: mapping.product as Product,
    priceType: 'MARKET' as const,
    strategy: strategy.name,
  };
  const size = signal.positionSize;
  if (strategy.tradingMode === 'BOTH') {
    if (size === undefined)
      throw refuse('position_size', 'is required in BOTH mode (the target net position)');
    if (signal.action === 'BUY' && size < 0) throw refuse('position_size', 'must be 0 or more with BUY');
    if (signal.action === 'SELL' && size > 0) throw refuse('position_size', 'must be 0 or less with SELL');
    const order = {
      ...base,
      action: signal.action,
      quantity: size === 0 ? 0 : mapping.quantity,
      positionSize: size,
    };
    return { kind: size === 0 ? 'exit' : 'entry', route: 'placesmartorder', order };
  }
  const entryAction = strategy.tradingMode === 'LONG' ? 'BUY' : 'SELL';
  if (signal.action === entryAction) {
    const quantity = size !== undefined && size !== 0 ? Math.abs(size) : mapping.quantity;
    return { kind: 'entry', route: 'placeorder', order: { ...base, action: signal.action, quantity } };
  }
  return {
    kind: 'exit',
    route: 'placesmartorder',
    order: { ...base, action: signal.action, quantity: 0, positionSize: 0 },
  };
}
