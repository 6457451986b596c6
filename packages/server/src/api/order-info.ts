import { type Endpoint, endpointGroup, execution } from './endpoint.js';
import { resolveOrderId } from './idempotent-orders.js';
import {
  OpenPositionRequest,
  OpenPositionResponse,
  OrderStatusRequest,
  OrderStatusResponse,
} from './schemas/order-info.js';
import { orderRecord, round2 } from './wire/rows.js';

/** OpenAlgo's order info: one order's state, one instrument's net position. */

const define = endpointGroup('Order info');

export const orderStatus = define({
  path: '/orderstatus',
  subject: 'orderid',
  summary: 'Latest state of one order',
  description:
    '404 ORDER_NOT_FOUND when the broker does not know the order id. Beyond OpenAlgo: send `client_order_id` instead of `orderid` (the id you placed the order with, or the one an ORDER_STATE_UNKNOWN answer carried); a 502 ORDER_STATE_UNKNOWN means the order may exist but the order book does not show it yet.',
  requires: [execution('getOrder')],
  request: OrderStatusRequest,
  response: OrderStatusResponse,
  example: { strategy: 'Test', orderid: '250105000000001' },
  async handle(ctx) {
    const { input, account, reply } = ctx;
    const order = await account.trading.orderStatus(await resolveOrderId(ctx, input));
    return reply({
      status: 'success',
      data: { ...orderRecord.encode(order), average_price: round2(order.averagePrice) },
    });
  },
});

export const openPosition = define({
  path: '/openposition',
  summary: 'Net position of one instrument and product',
  requires: [execution('getPositions')],
  request: OpenPositionRequest,
  response: OpenPositionResponse,
  example: { strategy: 'Test', exchange: 'NSE', symbol: 'SBIN', product: 'MIS' },
  async handle({ input, account, reply }) {
    const quantity = await account.trading.openPosition(input);
    return reply({ status: 'success', quantity });
  },
});

export const ORDER_INFO_ENDPOINTS: readonly Endpoint[] = [orderStatus, openPosition];
