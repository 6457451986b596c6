import { type Holding, type Order, WORKING_ORDER_STATUSES } from '@openalgo/core';
import { type Endpoint, endpointGroup, execution } from './endpoint.js';
import {
  FundsResponse,
  HoldingsResponse,
  KeyOnlyRequest,
  OrderBookResponse,
  PositionBookResponse,
  TradeBookResponse,
} from './schemas/accounts.js';
import { fundsRecord, holdingRecord, orderRecord, positionRecord, round2, tradeRecord } from './wire/rows.js';

/** OpenAlgo's funds and books, straight from the execution adapter in OpenAlgo's shapes. */

const define = endpointGroup('Accounts');

export const funds = define({
  path: '/funds',
  summary: 'Available cash, collateral and M2M',
  requires: [execution('getFunds')],
  request: KeyOnlyRequest,
  response: FundsResponse,
  async handle({ account, reply }) {
    const funds = await account.executionAdapter.getFunds();
    return reply({ status: 'success', data: fundsRecord.encode(funds) });
  },
});

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

export const orderBook = define({
  path: '/orderbook',
  summary: "The day's orders with statistics",
  requires: [execution('getOrders')],
  request: KeyOnlyRequest,
  response: OrderBookResponse,
  async handle({ account, reply }) {
    const orders = await account.executionAdapter.getOrders();
    return reply({
      status: 'success',
      data: { orders: orders.map(orderRecord.encode), statistics: orderStatistics(orders) },
    });
  },
});

export const tradeBook = define({
  path: '/tradebook',
  summary: "The day's trades",
  requires: [execution('getTrades')],
  request: KeyOnlyRequest,
  response: TradeBookResponse,
  async handle({ account, reply }) {
    const trades = await account.executionAdapter.getTrades();
    return reply({ status: 'success', data: trades.map(tradeRecord.encode) });
  },
});

export const positionBook = define({
  path: '/positionbook',
  summary: 'Net positions',
  requires: [execution('getPositions')],
  request: KeyOnlyRequest,
  response: PositionBookResponse,
  async handle({ account, reply }) {
    const positions = await account.executionAdapter.getPositions();
    return reply({ status: 'success', data: positions.map(positionRecord.encode) });
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

export const holdings = define({
  path: '/holdings',
  summary: 'Delivery holdings with statistics',
  requires: [execution('getHoldings')],
  request: KeyOnlyRequest,
  response: HoldingsResponse,
  async handle({ account, reply }) {
    const rows = await account.executionAdapter.getHoldings();
    return reply({
      status: 'success',
      data: {
        holdings: rows.map(holdingRecord.encode),
        statistics: holdingStatistics(rows),
      },
    });
  },
});

export const ACCOUNT_ENDPOINTS: readonly Endpoint[] = [funds, orderBook, tradeBook, positionBook, holdings];
