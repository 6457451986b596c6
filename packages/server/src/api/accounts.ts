import { type Holding, type Order, WORKING_ORDER_STATUSES } from '@openalgo/core';
import { defineEndpoint, type Endpoint, execution } from './endpoint.js';
import { istTimestamp, money, openAlgoStatus, rejectionReason, round2 } from './format.js';
import {
  FundsResponse,
  HoldingsResponse,
  KeyOnlyRequest,
  OrderBookResponse,
  PositionBookResponse,
  TradeBookResponse,
} from './schemas/accounts.js';

/** OpenAlgo §1.3: funds and books, straight from the execution adapter in OpenAlgo's shapes. */

const example = { apikey: '<your-64-hex-api-key>' };

export const funds = defineEndpoint({
  method: 'POST',
  path: '/funds',
  group: 'Accounts',
  summary: 'Available cash, collateral and M2M',
  rateClass: 'other',
  reportsMode: true,
  requires: [execution('getFunds')],
  request: KeyOnlyRequest,
  response: FundsResponse,
  example,
  async handle({ account }) {
    const f = await account.executionAdapter.getFunds();
    return {
      status: 'success',
      data: {
        availablecash: money(f.availableCash),
        collateral: money(f.collateral),
        m2mrealized: money(f.m2mRealised),
        m2munrealized: money(f.m2mUnrealised),
        utiliseddebits: money(f.utilisedDebits),
      },
    };
  },
});

function orderRow(order: Order) {
  return {
    symbol: order.symbol,
    exchange: order.exchange,
    action: order.action,
    quantity: order.quantity,
    price: order.priceType === 'MARKET' ? 0 : round2(order.price),
    trigger_price: round2(order.triggerPrice),
    pricetype: order.priceType,
    product: order.product,
    orderid: order.orderId,
    order_status: openAlgoStatus(order.status, order.rawStatus),
    timestamp: istTimestamp(order.timestamp),
    ...rejectionReason(order),
  };
}

function orderStatistics(orders: readonly Order[]) {
  const stats = {
    total_buy_orders: 0,
    total_sell_orders: 0,
    total_completed_orders: 0,
    total_open_orders: 0,
    total_rejected_orders: 0,
  };
  for (const o of orders) {
    if (o.action === 'BUY') stats.total_buy_orders++;
    else stats.total_sell_orders++;
    if (o.status === 'complete') stats.total_completed_orders++;
    else if (o.status === 'rejected') stats.total_rejected_orders++;
    else if (WORKING_ORDER_STATUSES.has(o.status)) stats.total_open_orders++;
  }
  return stats;
}

export const orderBook = defineEndpoint({
  method: 'POST',
  path: '/orderbook',
  group: 'Accounts',
  summary: "The day's orders with statistics",
  rateClass: 'other',
  reportsMode: true,
  requires: [execution('getOrders')],
  request: KeyOnlyRequest,
  response: OrderBookResponse,
  example,
  async handle({ account }) {
    const orders = await account.executionAdapter.getOrders();
    return { status: 'success', data: { orders: orders.map(orderRow), statistics: orderStatistics(orders) } };
  },
});

export const tradeBook = defineEndpoint({
  method: 'POST',
  path: '/tradebook',
  group: 'Accounts',
  summary: "The day's trades",
  rateClass: 'other',
  reportsMode: true,
  requires: [execution('getTrades')],
  request: KeyOnlyRequest,
  response: TradeBookResponse,
  example,
  async handle({ account }) {
    const trades = await account.executionAdapter.getTrades();
    return {
      status: 'success',
      data: trades.map((t) => ({
        symbol: t.symbol,
        exchange: t.exchange,
        product: t.product,
        action: t.action,
        quantity: t.quantity,
        average_price: round2(t.price),
        trade_value: round2(t.tradeValue),
        orderid: t.orderId,
        timestamp: istTimestamp(t.timestamp),
      })),
    };
  },
});

export const positionBook = defineEndpoint({
  method: 'POST',
  path: '/positionbook',
  group: 'Accounts',
  summary: 'Net positions',
  rateClass: 'other',
  reportsMode: true,
  requires: [execution('getPositions')],
  request: KeyOnlyRequest,
  response: PositionBookResponse,
  example,
  async handle({ account }) {
    const positions = await account.executionAdapter.getPositions();
    return {
      status: 'success',
      data: positions.map((p) => ({
        symbol: p.symbol,
        exchange: p.exchange,
        product: p.product,
        quantity: p.quantity,
        average_price: round2(p.averagePrice),
        ltp: round2(p.ltp),
        pnl: round2(p.pnl),
      })),
    };
  },
});

function holdingStatistics(holdings: readonly Holding[]) {
  let holdingValue = 0;
  let investedValue = 0;
  let pnl = 0;
  for (const h of holdings) {
    holdingValue += h.ltp * h.quantity;
    investedValue += h.averagePrice * h.quantity;
    pnl += h.pnl;
  }
  return {
    totalholdingvalue: round2(holdingValue),
    totalinvvalue: round2(investedValue),
    totalprofitandloss: round2(pnl),
    totalpnlpercentage: investedValue > 0 ? round2((pnl / investedValue) * 100) : 0,
  };
}

export const holdings = defineEndpoint({
  method: 'POST',
  path: '/holdings',
  group: 'Accounts',
  summary: 'Delivery holdings with statistics',
  rateClass: 'other',
  reportsMode: true,
  requires: [execution('getHoldings')],
  request: KeyOnlyRequest,
  response: HoldingsResponse,
  example,
  async handle({ account }) {
    const rows = await account.executionAdapter.getHoldings();
    return {
      status: 'success',
      data: {
        holdings: rows.map((h) => ({
          symbol: h.symbol,
          exchange: h.exchange,
          quantity: h.quantity,
          product: h.product,
          average_price: round2(h.averagePrice),
          pnl: round2(h.pnl),
          pnlpercent: round2(h.pnlPercent),
        })),
        statistics: holdingStatistics(rows),
      },
    };
  },
});

export const ACCOUNT_ENDPOINTS: readonly Endpoint[] = [funds, orderBook, tradeBook, positionBook, holdings];
