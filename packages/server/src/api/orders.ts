import { ModifyRequestSchema, POSITIONS_MATCHED_MESSAGE, parseOrThrow } from '@openalgo/core';
import { defineEndpoint, type Endpoint, execution } from './endpoint.js';
import { itemResult, toOrderRequest, withClientOrderId } from './order-requests.js';
import {
  AccountWideRequest,
  BasketOrderRequest,
  BasketOrderResponse,
  CancelAllResponse,
  CancelOrderRequest,
  ClosePositionResponse,
  ModifyOrderRequest,
  OrderIdResponse,
  PlaceOrderRequest,
  PlaceSmartOrderRequest,
  SmartOrderResponse,
  SplitOrderRequest,
  SplitOrderResponse,
} from './schemas/orders.js';

/** OpenAlgo §1.1: order management. Writes go through core's TradingService (idempotent placement). */

const KEY = '<your-64-hex-api-key>';
const SBIN = { exchange: 'NSE', symbol: 'SBIN' };

export const placeOrder = defineEndpoint({
  method: 'POST',
  path: '/placeorder',
  group: 'Orders',
  summary: 'Place an order',
  description:
    'Placed exactly once: the order is tagged with a client order id and an ambiguous broker failure is reconciled against the order book, never re-sent. A 502 carries `client_order_id` to look the order up by.',
  rateClass: 'orders',
  reportsMode: true,
  requires: [execution('placeOrder')],
  request: PlaceOrderRequest,
  response: OrderIdResponse,
  example: {
    apikey: KEY,
    strategy: 'Test',
    ...SBIN,
    action: 'BUY',
    quantity: 1,
    pricetype: 'MARKET',
    product: 'MIS',
  },
  async handle({ input, account }) {
    const clientOrderId = account.trading.context.newClientOrderId();
    const ack = await withClientOrderId(clientOrderId, () =>
      account.trading.placeOrder({ ...toOrderRequest(input, input.strategy), clientOrderId }),
    );
    return { status: 'success', orderid: ack.orderId };
  },
});

export const placeSmartOrder = defineEndpoint({
  method: 'POST',
  path: '/placesmartorder',
  group: 'Orders',
  summary: 'Move the net position to position_size',
  description:
    'Reads the net position for (symbol, exchange, product) and places the one order that reaches `position_size`; smart orders on the same instrument run one at a time.',
  rateClass: 'orders',
  reportsMode: true,
  requires: [execution('placeOrder'), execution('getPositions')],
  request: PlaceSmartOrderRequest,
  response: SmartOrderResponse,
  example: {
    apikey: KEY,
    strategy: 'Test',
    ...SBIN,
    action: 'BUY',
    quantity: 1,
    position_size: 5,
    product: 'MIS',
  },
  async handle({ input, account }) {
    const clientOrderId = account.trading.context.newClientOrderId();
    const result = await withClientOrderId(clientOrderId, () =>
      account.trading.placeSmartOrder({
        ...toOrderRequest(input, input.strategy),
        positionSize: input.position_size,
        clientOrderId,
      }),
    );
    if (result.action === 'none') return { status: 'success', message: POSITIONS_MATCHED_MESSAGE };
    return { status: 'success', orderid: result.orderId };
  },
});

export const modifyOrder = defineEndpoint({
  method: 'POST',
  path: '/modifyorder',
  subject: 'orderid',
  group: 'Orders',
  summary: 'Modify a working order',
  rateClass: 'orders',
  reportsMode: true,
  requires: [execution('modifyOrder')],
  request: ModifyOrderRequest,
  response: OrderIdResponse,
  example: {
    apikey: KEY,
    strategy: 'Test',
    ...SBIN,
    orderid: '250105000000001',
    action: 'BUY',
    product: 'MIS',
    pricetype: 'LIMIT',
    price: 800,
    quantity: 2,
    disclosed_quantity: 0,
    trigger_price: 0,
  },
  async handle({ input, account }) {
    const request = parseOrThrow(
      ModifyRequestSchema,
      { orderId: input.orderid, ...toOrderRequest(input, input.strategy) },
      'modify request',
    );
    const ack = await account.executionAdapter.modifyOrder(request);
    return { status: 'success', orderid: ack.orderId };
  },
});

export const cancelOrder = defineEndpoint({
  method: 'POST',
  path: '/cancelorder',
  subject: 'orderid',
  group: 'Orders',
  summary: 'Cancel a working order',
  rateClass: 'orders',
  reportsMode: true,
  requires: [execution('cancelOrder')],
  request: CancelOrderRequest,
  response: OrderIdResponse,
  example: { apikey: KEY, strategy: 'Test', orderid: '250105000000001' },
  async handle({ input, account }) {
    const ack = await account.executionAdapter.cancelOrder(input.orderid);
    return { status: 'success', orderid: ack.orderId };
  },
});

export const cancelAllOrders = defineEndpoint({
  method: 'POST',
  path: '/cancelallorder',
  group: 'Orders',
  summary: 'Cancel every working order of the account',
  description:
    'As in OpenAlgo, `strategy` is not a filter. Unlike OpenAlgo, `status` is `partial` or `error` when some or all cancellations failed (their ids are in `failed_cancellations`).',
  rateClass: 'other',
  reportsMode: true,
  requires: [execution('getOrders'), execution('cancelOrder')],
  request: AccountWideRequest,
  response: CancelAllResponse,
  example: { apikey: KEY, strategy: 'Test' },
  async handle({ account }) {
    const { cancelled, failed } = await account.trading.cancelAllOrders();
    const status = failed.length === 0 ? 'success' : cancelled.length === 0 ? 'error' : 'partial';
    return {
      status,
      message: `Canceled ${cancelled.length} orders. Failed to cancel ${failed.length} orders.`,
      canceled_orders: cancelled,
      failed_cancellations: failed.map((f) => f.orderId),
    };
  },
});

export const closePosition = defineEndpoint({
  method: 'POST',
  path: '/closeposition',
  group: 'Orders',
  summary: 'Square off every open position',
  description:
    'A MARKET order the other way for each non-zero net position, same product. Unlike OpenAlgo, a failed square-off is reported: `status` is `partial` or `error` and `results` lists every position with its order id or error.',
  rateClass: 'other',
  reportsMode: true,
  requires: [execution('getPositions'), execution('placeOrder')],
  request: AccountWideRequest,
  response: ClosePositionResponse,
  example: { apikey: KEY, strategy: 'Test' },
  async handle({ account }) {
    const outcome = await account.trading.closeAllPositions();
    if (outcome.status === 'success') return { status: 'success', message: 'All Open Positions Squared Off' };
    return {
      status: outcome.status,
      message: outcome.message,
      results: outcome.results.map((r) => {
        const base = {
          symbol: r.symbol,
          exchange: r.exchange,
          product: r.product,
          action: r.action,
          quantity: r.quantity,
        };
        return itemResult(base, r);
      }),
    };
  },
});

export const basketOrder = defineEndpoint({
  method: 'POST',
  path: '/basketorder',
  group: 'Orders',
  summary: 'Place several orders',
  description:
    'Every leg is validated before any is sent (one bad leg rejects the basket with 400). BUY legs go first, then SELL legs. Results are in request order; `status` is `partial`/`error` when legs failed.',
  rateClass: 'other',
  reportsMode: true,
  requires: [execution('placeOrder')],
  request: BasketOrderRequest,
  response: BasketOrderResponse,
  example: {
    apikey: KEY,
    strategy: 'Test',
    orders: [
      { ...SBIN, action: 'BUY', quantity: 1, pricetype: 'MARKET', product: 'MIS' },
      { exchange: 'NSE', symbol: 'INFY', action: 'SELL', quantity: 1, pricetype: 'MARKET', product: 'MIS' },
    ],
  },
  async handle({ input, account }) {
    const legs = input.orders.map((leg) => toOrderRequest(leg, input.strategy));
    const outcome = await account.trading.placeBasket(legs);
    return {
      status: outcome.status,
      results: outcome.results.map((r) => {
        const base = {
          symbol: r.symbol,
          exchange: r.exchange,
          product: input.orders[r.index]?.product ?? 'MIS',
        };
        return itemResult(base, r);
      }),
    };
  },
});

export const splitOrder = defineEndpoint({
  method: 'POST',
  path: '/splitorder',
  group: 'Orders',
  summary: 'Place a quantity as several child orders',
  description: `⌊quantity/splitsize⌋ children of splitsize plus one remainder child, at most 100, placed one after another.`,
  rateClass: 'other',
  reportsMode: true,
  requires: [execution('placeOrder')],
  request: SplitOrderRequest,
  response: SplitOrderResponse,
  example: {
    apikey: KEY,
    strategy: 'Test',
    ...SBIN,
    action: 'BUY',
    quantity: 105,
    splitsize: 50,
    product: 'MIS',
  },
  async handle({ input, account }) {
    const outcome = await account.trading.placeSplit({
      ...toOrderRequest(input, input.strategy),
      splitSize: input.splitsize,
    });
    return {
      status: outcome.status,
      total_quantity: outcome.totalQuantity,
      split_size: outcome.splitSize,
      results: outcome.results.map((r) => itemResult({ order_num: r.orderNum, quantity: r.quantity }, r)),
    };
  },
});

export const ORDER_ENDPOINTS: readonly Endpoint[] = [
  placeOrder,
  placeSmartOrder,
  modifyOrder,
  cancelOrder,
  cancelAllOrders,
  closePosition,
  basketOrder,
  splitOrder,
];
