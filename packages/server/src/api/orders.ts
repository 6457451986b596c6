import { POSITIONS_MATCHED_MESSAGE } from '@openalgo/core';
import type { z } from 'zod';
import { type Endpoint, endpointGroup, execution } from './endpoint.js';
import { basketOnce, splitOnce } from './idempotent-batches.js';
import { placeOnce, resolveOrderId, writeOnce } from './idempotent-orders.js';
import { itemResult } from './order-results.js';
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

/**
 * OpenAlgo's order management. Writes go through core's TradingService (idempotent placement) and,
 * with a client key (`client_order_id`, `Idempotency-Key`), through the idempotency gate.
 */

const define = endpointGroup('Orders');

const SBIN = { exchange: 'NSE', symbol: 'SBIN' };

export const placeOrder = define({
  path: '/placeorder',
  summary: 'Place an order',
  description:
    'Placed exactly once: the order is tagged with a client order id and an ambiguous broker failure is reconciled against the order book, never re-sent. A 502 carries `client_order_id` to look the order up by. Beyond OpenAlgo: send your own `client_order_id` (or an `Idempotency-Key` header) and a retry returns the first answer instead of placing a second order.',
  rateClass: 'orders',
  idempotent: true,
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
  async handle(ctx) {
    const { input, account, reply } = ctx;
    const body = await placeOnce(ctx, '/placeorder', input, async (clientOrderId) => {
      const ack = await account.trading.placeOrder({ ...input, clientOrderId });
      return { status: 'success' as const, orderid: ack.orderId };
    });
    return reply(body);
  },
});

export const placeSmartOrder = define({
  path: '/placesmartorder',
  summary: 'Move the net position to position_size',
  description:
    'Reads the net position for (symbol, exchange, product) and places the one order that reaches `position_size`; smart orders on the same instrument run one at a time.',
  rateClass: 'orders',
  idempotent: true,
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
  async handle(ctx) {
    const { input, account, reply } = ctx;
    type Answer = z.input<typeof SmartOrderResponse>;
    const body = await placeOnce(ctx, '/placesmartorder', input, async (clientOrderId): Promise<Answer> => {
      const result = await account.trading.placeSmartOrder({ ...input, clientOrderId });
      if (result.action === 'none') return { status: 'success' as const, message: POSITIONS_MATCHED_MESSAGE };
      return { status: 'success' as const, orderid: result.orderId };
    });
    return reply(body);
  },
});

export const modifyOrder = define({
  path: '/modifyorder',
  subject: 'orderid',
  summary: 'Modify a working order',
  rateClass: 'orders',
  idempotent: true,
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
  async handle(ctx) {
    const { input, account, reply } = ctx;
    const { strategy: _books, ...request } = input;
    const body = await writeOnce(ctx, '/modifyorder', input, async () => {
      const ack = await account.executionAdapter.modifyOrder(request);
      return { status: 'success' as const, orderid: ack.orderId };
    });
    return reply(body);
  },
});

export const cancelOrder = define({
  path: '/cancelorder',
  subject: 'orderid',
  summary: 'Cancel a working order',
  description:
    'Names the order by `orderid`, or (beyond OpenAlgo) by the `client_order_id` it was placed with; exactly one of the two.',
  rateClass: 'orders',
  idempotent: true,
  requires: [execution('cancelOrder')],
  request: CancelOrderRequest,
  response: OrderIdResponse,
  example: { strategy: 'Test', orderid: '250105000000001' },
  async handle(ctx) {
    const { input, account, reply } = ctx;
    const body = await writeOnce(ctx, '/cancelorder', input, async () => {
      const ack = await account.executionAdapter.cancelOrder(await resolveOrderId(ctx, input));
      return { status: 'success' as const, orderid: ack.orderId };
    });
    return reply(body);
  },
});

export const cancelAllOrders = define({
  path: '/cancelallorder',
  summary: 'Cancel every working order of the account',
  description:
    'As in OpenAlgo, `strategy` is not a filter. Unlike OpenAlgo, `status` is `partial` or `error` when some or all cancellations failed (their ids are in `failed_cancellations`).',
  idempotent: true,
  requires: [execution('getOrders'), execution('cancelOrder')],
  request: AccountWideRequest,
  response: CancelAllResponse,
  example: { strategy: 'Test' },
  async handle(ctx) {
    const { account, reply } = ctx;
    const body = await writeOnce(ctx, '/cancelallorder', ctx.input, async () => {
      const { cancelled, failed } = await account.trading.cancelAllOrders();
      const status =
        failed.length === 0
          ? ('success' as const)
          : cancelled.length === 0
            ? ('error' as const)
            : ('partial' as const);
      return {
        status,
        message: `Canceled ${cancelled.length} orders. Failed to cancel ${failed.length} orders.`,
        canceled_orders: cancelled,
        failed_cancellations: failed.map((f) => f.orderId),
      };
    });
    return reply(body);
  },
});

export const closePosition = define({
  path: '/closeposition',
  summary: 'Square off every open position',
  description:
    'A MARKET order the other way for each non-zero net position, same product. Unlike OpenAlgo, a failed square-off is reported: `status` is `partial` or `error` and `results` lists every position with its order id or error.',
  idempotent: true,
  requires: [execution('getPositions'), execution('placeOrder')],
  request: AccountWideRequest,
  response: ClosePositionResponse,
  example: { strategy: 'Test' },
  async handle(ctx) {
    const { account, reply } = ctx;
    const body = await writeOnce(ctx, '/closeposition', ctx.input, async () => {
      const outcome = await account.trading.closeAllPositions();
      if (outcome.status === 'success')
        return { status: 'success' as const, message: 'All Open Positions Squared Off' };
      return {
        status: outcome.status,
        message: outcome.message,
        results: outcome.results.map((r) => {
          const { symbol, exchange, product, action, quantity } = r;
          return itemResult({ symbol, exchange, product, action, quantity }, r);
        }),
      };
    });
    return reply(body);
  },
});

export const basketOrder = define({
  path: '/basketorder',
  summary: 'Place several orders',
  description:
    'Every leg is validated before any is sent (one bad leg rejects the basket with 400). BUY legs go first, then SELL legs. Results are in request order; `status` is `partial`/`error` when legs failed. At most 500 legs. Beyond OpenAlgo: each leg may carry its own `client_order_id`; with an `Idempotency-Key` header K a leg without one is keyed `K/<n>` (n from 1), and a retry never places a leg twice.',
  idempotent: true,
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
  async handle(ctx) {
    const { input, account, reply } = ctx;
    const body = await basketOnce(ctx, '/basketorder', input, async (legs, clientIdByTag) => {
      const outcome = await account.trading.placeBasket(legs);
      return {
        status: outcome.status,
        results: outcome.results.map((r) => {
          const product = input.orders[r.index]?.product ?? 'MIS';
          return itemResult({ symbol: r.symbol, exchange: r.exchange, product }, r, clientIdByTag);
        }),
      };
    });
    return reply(body);
  },
});

export const splitOrder = define({
  path: '/splitorder',
  summary: 'Place a quantity as several child orders',
  description: `⌊quantity/splitsize⌋ children of splitsize plus one remainder child, at most 100, placed one after another. Beyond OpenAlgo: with a \`client_order_id\` (or \`Idempotency-Key\`) K, child n is keyed \`K/<n>\` and a retry never places a child twice.`,
  idempotent: true,
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
  async handle(ctx) {
    const { input, reply } = ctx;
    const body = await splitOnce(ctx, '/splitorder', input, (outcome, clientIdByTag) => ({
      status: outcome.status,
      total_quantity: outcome.totalQuantity,
      split_size: outcome.splitSize,
      results: outcome.results.map((r) =>
        itemResult({ order_num: r.orderNum, quantity: r.quantity }, r, clientIdByTag),
      ),
    }));
    return reply(body);
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
