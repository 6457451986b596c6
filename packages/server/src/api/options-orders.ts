import { type ResolvedOptionSymbol, resolveOptionSymbol } from '@openalgo/core';
import { data, type Endpoint, endpointGroup, execution } from './endpoint.js';
import { splitOnce } from './idempotent-batches.js';
import { placeOnce } from './idempotent-orders.js';
import { optionMarketOf } from './option-market.js';
import { inRequestTerms, optionOrder, optionRequestOf } from './option-order-parts.js';
import { placeOptionLegs } from './options-multiorder.js';
import { itemResult } from './order-results.js';
import {
  MAX_OPTION_LEGS,
  OptionsMultiOrderRequest,
  OptionsMultiOrderResponse,
  OptionsOrderRequest,
  OptionsOrderResponse,
} from './schemas/option-orders.js';

/**
 * OpenAlgo's options order routes: the option is resolved as `/optionsymbol` resolves it (core's
 * resolver over the account's instrument master and its data adapter's quotes), then placed through
 * the order routes' own machinery — placeorder's, splitorder's and basketorder's paths, with their
 * idempotency keys, order journal, rate class and analyzer mode.
 */

const define = endpointGroup('Options');

/** What every answer echoes about the option (OpenAlgo's fields). */
function echo(underlying: string, option: ResolvedOptionSymbol) {
  return {
    symbol: option.symbol,
    exchange: option.exchange,
    underlying,
    underlying_ltp: option.underlyingLtp,
    offset: option.offset,
    option_type: option.optionType,
  };
}

export const optionsOrder = define({
  path: '/optionsorder',
  summary: 'Resolve an option by its offset from ATM and place an order on it',
  description:
    "Resolves the option as /optionsymbol does (underlying LTP, then the listed strike `offset` steps from ATM), then places it as /placeorder does — or, with `splitsize` > 0, as /splitorder does (at most 100 child orders). Product MIS or NRML. Beyond OpenAlgo: send a `client_order_id` (or an `Idempotency-Key` header) K and a retry returns the first answer without placing anything again (a split's child n is keyed `K/<n>`); the key names the request as sent, so a retry after the market moved still replays the first strike.",
  rateClass: 'orders',
  idempotent: true,
  requires: [data('getQuotes'), execution('placeOrder')],
  request: OptionsOrderRequest,
  response: OptionsOrderResponse,
  example: {
    strategy: 'Test',
    underlying: 'NIFTY',
    exchange: 'NSE_INDEX',
    expiry_date: '27JAN26',
    offset: 'ITM2',
    option_type: 'CE',
    action: 'BUY',
    quantity: 65,
    pricetype: 'MARKET',
    product: 'NRML',
  },
  async handle(ctx) {
    const { input, account, clock, reply } = ctx;
    const { strategy, underlying } = input;
    // Resolved before the key is claimed: a bad offset or an unlisted strike is a 4xx that holds no
    // key, and the key's fingerprint is the request as sent, never the strike the market gave it.
    const request = optionRequestOf(input, input, input.strike_int);
    const option = await resolveOptionSymbol(optionMarketOf(account, clock), request).catch(
      (error: unknown) => {
        throw inRequestTerms(error);
      },
    );
    const order = optionOrder(option, input, strategy);
    if (input.splitSize === 0) {
      const body = await placeOnce(ctx, '/optionsorder', input, async (clientOrderId) => {
        const ack = await account.trading.placeOrder({ ...order, clientOrderId });
        return { status: 'success' as const, orderid: ack.orderId, ...echo(underlying, option) };
      });
      return reply(body);
    }
    const body = await splitOnce(
      ctx,
      '/optionsorder',
      input,
      (outcome, clientIdByTag) => ({
        status: outcome.status,
        ...echo(underlying, option),
        total_quantity: outcome.totalQuantity,
        split_size: outcome.splitSize,
        results: outcome.results.map((r) =>
          itemResult({ order_num: r.orderNum, quantity: r.quantity }, r, clientIdByTag),
        ),
      }),
      async () => ({ ...order, splitSize: input.splitSize }),
    );
    return reply(body);
  },
});

export const optionsMultiOrder = define({
  path: '/optionsmultiorder',
  summary: 'Place several option legs resolved against one underlying LTP',
  description: `1 to ${MAX_OPTION_LEGS} legs, each resolved by its offset against one quote of the underlying (a leg may name its own \`expiry_date\`: calendar and diagonal spreads). Every leg is checked before any order is sent: a bad leg, or a leg whose strike is not listed, rejects the whole request and nothing is placed. BUY legs are placed before SELL legs, as /basketorder places them; a leg with \`splitsize\` > 0 is placed as child orders (\`split_results\`). \`status\` is \`partial\`/\`error\` when legs failed. Beyond OpenAlgo: with a \`client_order_id\` (or \`Idempotency-Key\`) K, leg n is keyed \`K/<n>\` (a split leg's child m \`K/<n>/<m>\`) and a retry never places a leg twice.`,
  rateClass: 'orders',
  idempotent: true,
  requires: [data('getQuotes'), execution('placeOrder')],
  request: OptionsMultiOrderRequest,
  response: OptionsMultiOrderResponse,
  example: {
    strategy: 'Iron Condor',
    underlying: 'NIFTY',
    exchange: 'NSE_INDEX',
    expiry_date: '27JAN26',
    legs: [
      { offset: 'OTM6', option_type: 'CE', action: 'BUY', quantity: 65 },
      { offset: 'OTM6', option_type: 'PE', action: 'BUY', quantity: 65 },
      { offset: 'OTM3', option_type: 'CE', action: 'SELL', quantity: 65 },
      { offset: 'OTM3', option_type: 'PE', action: 'SELL', quantity: 65 },
    ],
  },
  async handle(ctx) {
    return ctx.reply(await placeOptionLegs(ctx, '/optionsmultiorder'));
  },
});

export const OPTION_ORDER_ENDPOINTS: readonly Endpoint[] = [optionsOrder, optionsMultiOrder];
