import type { Order } from '@openalgo/core';
import { API_KEY } from './accounts.js';
import type { EndpointCase } from './endpoint-case.js';

/** The matrix rows of the order-management and order-info endpoints (see endpoint-case.ts). */

const order = { strategy: 'Test', exchange: 'NSE', symbol: 'SBIN', action: 'BUY', quantity: 1 };
const orderInvalid: EndpointCase['invalid'] = [
  ['strategy', ''],
  ['strategy', 42],
  ['strategy', 'x'.repeat(101)],
  ['exchange', 'NASDAQ'],
  ['exchange', 7],
  ['symbol', ''],
  ['symbol', 'S'.repeat(65)],
  ['symbol', ['SBIN']],
  ['action', 'HOLD'],
  ['action', true],
  ['quantity', 0],
  ['quantity', -3],
  ['quantity', 1.5],
  ['quantity', '1.5'],
  ['quantity', 'ten'],
  ['quantity', 1e300],
  ['quantity', { n: 1 }],
  ['pricetype', 'STOP'],
  ['product', 'BTST'],
  ['price', -1],
  ['price', 'abc'],
  ['trigger_price', -0.05],
  ['disclosed_quantity', 0.5],
  ['disclosed_quantity', 5],
  ['pricetype', 'LIMIT', 'price'],
  ['pricetype', 'SL-M', 'trigger_price'],
];
/** Index feeds cannot be traded: core refuses them before the broker sees anything. */
const placementInvalid: EndpointCase['invalid'] = [['exchange', 'NSE_INDEX']];

export const EXISTING_ORDER_ID = 'FAKE-ORDER-1';

export function existingOrder(): Order {
  return {
    orderId: EXISTING_ORDER_ID,
    clientOrderId: 'EXISTING1',
    symbol: 'SBIN',
    exchange: 'NSE',
    action: 'BUY',
    priceType: 'LIMIT',
    product: 'MIS',
    quantity: 10,
    filledQuantity: 0,
    pendingQuantity: 10,
    price: 790.5,
    triggerPrice: 0,
    averagePrice: 0,
    status: 'open',
    rawStatus: 'OPEN',
    timestamp: '2026-01-05T09:20:00+05:30',
    raw: {},
  };
}

const key = { apikey: API_KEY };
const symbolRef = { symbol: 'SBIN', exchange: 'NSE' };

export const ORDER_CASES: readonly EndpointCase[] = [
  {
    path: 'placeorder',
    method: 'POST',
    body: { ...key, ...order },
    required: ['strategy', 'exchange', 'symbol', 'action', 'quantity'],
    invalid: [...orderInvalid, ...placementInvalid],
    failure: { method: 'placeOrder', kind: 'placement' },
    capabilities: ['placeOrder'],
  },
  {
    path: 'placesmartorder',
    method: 'POST',
    body: { ...key, ...order, position_size: 5 },
    required: ['strategy', 'exchange', 'symbol', 'action', 'quantity', 'position_size'],
    invalid: [
      ...orderInvalid.filter(([f, v]) => !(f === 'quantity' && v === 0)),
      ...placementInvalid,
      ['position_size', 2.5],
      ['position_size', 'long'],
    ],
    failure: { method: 'placeOrder', kind: 'placement' },
    capabilities: ['placeOrder', 'getPositions'],
  },
  {
    path: 'modifyorder',
    method: 'POST',
    body: {
      ...key,
      ...order,
      orderid: EXISTING_ORDER_ID,
      product: 'MIS',
      pricetype: 'LIMIT',
      price: 791,
      disclosed_quantity: 0,
      trigger_price: 0,
    },
    required: [
      'strategy',
      'exchange',
      'symbol',
      'orderid',
      'action',
      'product',
      'pricetype',
      'price',
      'quantity',
      'disclosed_quantity',
      'trigger_price',
    ],
    invalid: [
      // The body is a LIMIT at 791, so pricetype LIMIT is fine here.
      ...orderInvalid.filter(([f, v]) => !(f === 'pricetype' && v === 'LIMIT')),
      ['orderid', ''],
      ['orderid', { id: 1 }],
      ['price', 0],
    ],
    failure: { method: 'modifyOrder', kind: 'direct' },
    capabilities: ['modifyOrder'],
  },
  {
    path: 'cancelorder',
    method: 'POST',
    body: { ...key, strategy: 'Test', orderid: EXISTING_ORDER_ID },
    required: ['strategy', 'orderid'],
    invalid: [
      ['orderid', ''],
      ['orderid', false],
      ['orderid', -1],
    ],
    failure: { method: 'cancelOrder', kind: 'direct' },
    capabilities: ['cancelOrder'],
  },
  {
    path: 'cancelallorder',
    method: 'POST',
    body: { ...key, strategy: 'Test' },
    required: ['strategy'],
    invalid: [['strategy', null]],
    failure: { method: 'getOrders', kind: 'direct' },
    capabilities: ['getOrders', 'cancelOrder'],
  },
  {
    path: 'closeposition',
    method: 'POST',
    body: { ...key, strategy: 'Test' },
    required: ['strategy'],
    invalid: [['strategy', ' ']],
    failure: { method: 'getPositions', kind: 'direct' },
    capabilities: ['getPositions', 'placeOrder'],
  },
  {
    path: 'basketorder',
    method: 'POST',
    body: { ...key, strategy: 'Test', orders: [{ ...symbolRef, action: 'BUY', quantity: 1 }] },
    required: [
      'strategy',
      'orders',
      'orders.0.exchange',
      'orders.0.symbol',
      'orders.0.action',
      'orders.0.quantity',
    ],
    invalid: [
      ['orders', []],
      ['orders', 'SBIN'],
      ['orders', [42], 'orders.0'],
      ['orders.0.quantity', 2.5],
      ['orders.0.exchange', 'XNSE'],
      ['orders.0.pricetype', 'LIMIT', 'orders.0.price'],
    ],
    failure: { method: 'placeOrder', kind: 'batch' },
    capabilities: ['placeOrder'],
  },
  {
    path: 'splitorder',
    method: 'POST',
    body: { ...key, ...order, quantity: 10, splitsize: 4 },
    required: ['strategy', 'exchange', 'symbol', 'action', 'quantity', 'splitsize'],
    invalid: [
      ...orderInvalid,
      ...placementInvalid,
      ['splitsize', 0],
      ['splitsize', 'x'],
      ['splitsize', 0.1],
      ['quantity', 1001, 'splitsize'],
      // 10 split by 4 ends with a child of 2: a disclosed 3 cannot fit it.
      ['disclosed_quantity', 3],
    ],
    failure: { method: 'placeOrder', kind: 'batch' },
    capabilities: ['placeOrder'],
  },
  {
    path: 'orderstatus',
    method: 'POST',
    body: { ...key, strategy: 'Test', orderid: EXISTING_ORDER_ID },
    required: ['strategy', 'orderid'],
    invalid: [['orderid', []]],
    failure: { method: 'getOrder', kind: 'direct' },
    capabilities: ['getOrder'],
  },
  {
    path: 'openposition',
    method: 'POST',
    body: { ...key, strategy: 'Test', ...symbolRef, product: 'MIS' },
    required: ['strategy', 'symbol', 'exchange', 'product'],
    invalid: [
      ['product', 'INTRADAY'],
      ['exchange', ''],
    ],
    failure: { method: 'getPositions', kind: 'direct' },
    capabilities: ['getPositions'],
  },
];
