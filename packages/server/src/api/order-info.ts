import { defineEndpoint, type Endpoint, execution } from './endpoint.js';
import { istTimestamp, openAlgoStatus, rejectionReason, round2 } from './format.js';
import {
  OpenPositionRequest,
  OpenPositionResponse,
  OrderStatusRequest,
  OrderStatusResponse,
} from './schemas/order-info.js';

/** OpenAlgo §1.2: one order's state, one instrument's net position. */

const KEY = '<your-64-hex-api-key>';

export const orderStatus = defineEndpoint({
  method: 'POST',
  path: '/orderstatus',
  subject: 'orderid',
  group: 'Order info',
  summary: 'Latest state of one order',
  description: '404 ORDER_NOT_FOUND when the broker does not know the order id.',
  rateClass: 'other',
  reportsMode: true,
  requires: [execution('getOrder')],
  request: OrderStatusRequest,
  response: OrderStatusResponse,
  example: { apikey: KEY, strategy: 'Test', orderid: '250105000000001' },
  async handle({ input, account }) {
    const order = await account.trading.orderStatus(input.orderid);
    return {
      status: 'success',
      data: {
        action: order.action,
        average_price: round2(order.averagePrice),
        exchange: order.exchange,
        order_status: openAlgoStatus(order.status, order.rawStatus),
        orderid: order.orderId,
        price: order.priceType === 'MARKET' ? 0 : round2(order.price),
        pricetype: order.priceType,
        product: order.product,
        quantity: order.quantity,
        symbol: order.symbol,
        timestamp: istTimestamp(order.timestamp),
        trigger_price: round2(order.triggerPrice),
        ...rejectionReason(order),
      },
    };
  },
});

export const openPosition = defineEndpoint({
  method: 'POST',
  path: '/openposition',
  group: 'Order info',
  summary: 'Net position of one instrument and product',
  rateClass: 'other',
  reportsMode: true,
  requires: [execution('getPositions')],
  request: OpenPositionRequest,
  response: OpenPositionResponse,
  example: { apikey: KEY, strategy: 'Test', exchange: 'NSE', symbol: 'SBIN', product: 'MIS' },
  async handle({ input, account }) {
    const quantity = await account.trading.openPosition({
      symbol: input.symbol,
      exchange: input.exchange,
      product: input.product,
    });
    return { status: 'success', quantity };
  },
});

export const ORDER_INFO_ENDPOINTS: readonly Endpoint[] = [orderStatus, openPosition];
