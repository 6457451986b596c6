import { POSITIONS_MATCHED_MESSAGE } from '@openalgo/core';
import { type Endpoint, endpointGroup, execution } from './endpoint.js';
import { itemResult, withClientOrderId } from './order-results.js';
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

/** OpenAlgo's order management. Writes go through core's TradingService (idempotent placement). */

const define = endpointGroup('Orders');

const SBIN = { exchange: 'NSE', symbol: 'SBIN' };

export const placeOrder = define({
  path: '/placeorder',
  summary: 'Place an order',
  description:
    'Placed exactly once: the order is tagged with a client order id and an ambiguous broker failure is reconciled against the order book, never re-sent. A 502 carries `client_order_id` to look the order up by.',
  rateClass: 'orders',
  requires: [execution('placeOrder')],
  request: PlaceOrderRequest,
  response: OrderIdResponse,
  example: {
    strategy: 'Test',
    ...SBIN,
    action: 'BUY',
    quantity: 1,
    pricetype: 'MARKET',
    product: 'MIS',
  },
  async handle({ input, account, reply }) {
    const clientOrderId = account.trading.context.newClientOrderId();
    const ack = await withClientOrderId(clientOrderId, () =>
      account.trading.placeOrder({ ...input, clientOrderId }),
    );
    return reply({ status: 'success', orderid: ack.orderId });
  },
});

export const placeSmartOrder = define({
  path: '/placesmartorder',
  summary: 'Move the net position to position_size',
  description:
    'Reads the net position for (symbol, exchange, product) and places the one order that reaches `position_size`; smart orders on the same instrument run one at a time.',
  rateClass: 'orders',
  requires: [execution('placeOrder'), execution('getPositions')],
  request: PlaceSmartOrderRequest,
  response: SmartOrderResponse,
  example: {
    strategy: 'Test',
    ...SBIN,
    action: 'BUY',
    quantity: 1,
    position_size: 5,
    product: 'MIS',
  },
  async handle({ input, account, reply }) {
    const clientOrderId = account.trading.context.newClientOrderId();
    const result = await withClientOrderId(clientOrderId, () =>
      account.trading.placeSmartOrder({ ...input, clientOrderId }),
    );
    if (result.action === 'none') return reply({ status: 'success', message: POSITIONS_MATCHED_MESSAGE });
    return reply({ status: 'success', orderid: result.orderId });
  },
});

export const modifyOrder = define({
  path: '/modifyorder',
  subject: 'orderid',
  summary: 'Modify a working order',
  rateClass: 'orders',
  requires: [execution('modifyOrder')],
  request: ModifyOrderRequest,
  response: OrderIdResponse,
  example: {
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
  async handle({ input, account, reply }) {
    const { strategy: _books, ...request } = input;
    const ack = await account.executionAdapter.modifyOrder(request);
    return reply({ status: 'success', orderid: ack.orderId });
  },
});

export const cancelOrder = define({
  path: '/cancelorder',
  subject: 'orderid',
  summary: 'Cancel a working order',
  rateClass: 'orders',
  requires: [execution('cancelOrder')],
  request: CancelOrderRequest,
  response: OrderIdResponse,
  example: { strategy: 'Test', orderid: '250105000000001' },
  async handle({ input, account, reply }) {
    const ack = await account.executionAdapter.cancelOrder(input.orderId);
    return reply({ status: 'success', orderid: ack.orderId });
  },
});

export const cancelAllOrders = define({
  path: '/cancelallorder',
  summary: 'Cancel every working order of the account',
  description:
    'As in OpenAlgo, `strategy` is not a filter. Unlike OpenAlgo, `status` is `partial` or `error` when some or all cancellations failed (their ids are in `failed_cancellations`).',
  requires: [execution('getOrders'), execution('cancelOrder')],
  request: AccountWideRequest,
  response: CancelAllResponse,
  example: { strategy: 'Test' },
  async handle({ account, reply }) {
    const { cancelled, failed } = await account.trading.cancelAllOrders();
    const status = failed.length === 0 ? 'success' : cancelled.length === 0 ? 'error' : 'partial';
    return reply({
      status,
      message: `Canceled ${cancelled.length} orders. Failed to cancel ${failed.length} orders.`,
      canceled_orders: cancelled,
      failed_cancellations: failed.map((f) => f.orderId),
    });
  },
});

export const closePosition = define({
  path: '/closeposition',
  summary: 'Square off every open position',
  description:
    'A MARKET order the other way for each non-zero net position, same product. Unlike OpenAlgo, a failed square-off is reported: `status` is `partial` or `error` and `results` lists every position with its order id or error.',
  requires: [execution('getPositions'), execution('placeOrder')],
  request: AccountWideRequest,
  response: ClosePositionResponse,
  example: { strategy: 'Test' },
  async handle({ account, reply }) {
    const outcome = await account.trading.closeAllPositions();
    if (outcome.status === 'success')
      return reply({ status: 'success', message: 'All Open Positions Squared Off' });
    return reply({
      status: outcome.status,
      message: outcome.message,
      results: outcome.results.map((r) => {
        const { symbol, exchange, product, action, quantity } = r;
        return itemResult({ symbol, exchange, product, action, quantity }, r);
      }),
    });
  },
});

export const basketOrder = define({
  path: '/basketorder',
  summary: 'Place several orders',
  description:
    'Every leg is validated before any is sent (one bad leg rejects the basket with 400). BUY legs go first, then SELL legs. Results are in request order; `status` is `partial`/`error` when legs failed.',
  requires: [execution('placeOrder')],
  request: BasketOrderRequest,
  response: BasketOrderResponse,
  example: {
    strategy: 'Test',
    orders: [
      { ...SBIN, action: 'BUY', quantity: 1, pricetype: 'MARKET', product: 'MIS' },
      { exchange: 'NSE', symbol: 'INFY', action: 'SELL', quantity: 1, pricetype: 'MARKET', product: 'MIS' },
    ],
  },
  async handle({ input, account, reply }) {
    const legs = input.orders.map((leg) => ({ ...leg, strategy: input.strategy }));
    const outcome = await account.trading.placeBasket(legs);
    return reply({
      status: outcome.status,
      results: outcome.results.map((r) => {
        const product = input.orders[r.index]?.product ?? 'MIS';
        return itemResult({ symbol: r.symbol, exchange: r.exchange, product }, r);
      }),
    });
  },
});

export const splitOrder = define({
  path: '/splitorder',
  summary: 'Place a quantity as several child orders',
  description: `⌊quantity/splitsize⌋ children of splitsize plus one remainder child, at most 100, placed one after another.`,
  requires: [execution('placeOrder')],
  request: SplitOrderRequest,
  response: SplitOrderResponse,
  example: {
    strategy: 'Test',
    ...SBIN,
    action: 'BUY',
    quantity: 105,
    splitsize: 50,
    product: 'MIS',
  },
  async handle({ input, account, reply }) {
    const outcome = await account.trading.placeSplit(input);
    return reply({
      status: outcome.status,
      total_quantity: outcome.totalQuantity,
      split_size: outcome.splitSize,
      results: outcome.results.map((r) => itemResult({ order_num: r.orderNum, quantity: r.quantity }, r)),
    });
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
