import type { FyersModel } from './fyers-sdk.js';

/** What the simulator answers a call it does not serve: Fyers' own error envelope (§3.3). */
export interface FyersRefusal {
  s: 'error';
  code: number;
  message: string;
}

export interface NotServed {
  /** The SDK method (fyers-api-v3 1.9.0). */
  method: string;
  /** Fyers' route as the SDK calls it. */
  route: string;
  why: string;
  /** The arguments a user would pass. */
  args?: unknown;
  refusal: FyersRefusal;
}

/** The simulator's answer to a route it has no handler for (HTTP 404). */
const ROUTE_NOT_FOUND: FyersRefusal = { s: 'error', code: -96, message: 'Route not found' };

const GTT = 'GTT orders are a standing trigger book on Fyers’ side; OpenAlgo places regular orders only.';
const MULTI =
  'Baskets are split into single orders by core (one place per order, each with its own client order id).';
const ALERTS =
  'Price alerts are a Fyers app feature outside trading; OpenAlgo keeps no alerts at the broker.';
const SMART = 'Smart orders and smart exits are Fyers-side algorithms; OpenAlgo runs its own strategies.';
const REPORTS =
  'Historical reports (orders, trades, charges, P&L, ledger) are back-office data the sandbox does not keep.';

const ORDER = {
  symbol: 'NSE:SBIN-EQ',
  qty: 1,
  type: 1,
  side: 1,
  productType: 'CNC',
  limitPrice: 590,
  stopPrice: 0,
  validity: 'DAY',
  disclosedQty: 0,
  offlineOrder: false,
};
const GTT_ORDER = {
  side: 1,
  symbol: 'NSE:SBIN-EQ',
  productType: 'CNC',
  orderInfo: { leg1: { price: 590, triggerPrice: 591, qty: 1 } },
};
const ALERT = {
  agent: 'fyers-api',
  'alert-type': 1,
  name: 'sbin',
  symbol: 'NSE:SBIN-EQ',
  comparisonType: 'LTP',
  condition: 'GT',
  value: '700',
};

/**
 * Every fyers-api-v3 1.9.0 REST call the simulator does not serve, with the reason. The SDK rejects
 * with the body itself, except the six report calls, which reject with the raw axios error (their
 * `.catch` passes it on); the refusal is read from `error.response.data` there.
 */
export const NOT_SERVED: readonly NotServed[] = [
  { method: 'get_gtt_orders', route: 'GET /api/v3/gtt/orders', why: GTT, refusal: ROUTE_NOT_FOUND },
  {
    method: 'place_gtt_order',
    route: 'POST /api/v3/gtt/orders/sync',
    why: GTT,
    args: GTT_ORDER,
    refusal: ROUTE_NOT_FOUND,
  },
  {
    method: 'gtt_modify_order',
    route: 'PATCH /api/v3/gtt/orders/sync',
    why: GTT,
    args: { id: '1', ...GTT_ORDER },
    refusal: ROUTE_NOT_FOUND,
  },
  {
    method: 'gtt_cancel_order',
    route: 'DELETE /api/v3/gtt/orders/sync',
    why: GTT,
    args: { id: '1' },
    refusal: ROUTE_NOT_FOUND,
  },
  {
    method: 'place_multi_order',
    route: 'POST /api/v3/multi-order/sync',
    why: MULTI,
    args: [ORDER],
    refusal: ROUTE_NOT_FOUND,
  },
  {
    method: 'modify_multi_order',
    route: 'PATCH /api/v3/multi-order/sync',
    why: MULTI,
    args: [{ id: '1', type: 1, limitPrice: 591, qty: 1 }],
    refusal: ROUTE_NOT_FOUND,
  },
  {
    method: 'cancel_multi_order',
    route: 'DELETE /api/v3/multi-order/sync',
    why: MULTI,
    args: [{ id: '1' }],
    refusal: ROUTE_NOT_FOUND,
  },
  {
    method: 'place_multileg_order',
    route: 'POST /api/v3/multileg/orders/sync',
    why: 'Multi-leg (spread) orders are exchange-side strategies; OpenAlgo places legs one by one.',
    args: {
      orderTag: 'x',
      productType: 'MARGIN',
      offlineOrder: false,
      orderType: '3L',
      validity: 'IOC',
      legs: {},
    },
    refusal: ROUTE_NOT_FOUND,
  },
  {
    method: 'convert_position',
    route: 'POST /api/v3/positions',
    why: 'Product conversion is not part of the broker contract; the sandbox keeps a position’s product for life.',
    args: {
      symbol: 'NSE:SBIN-EQ',
      positionSide: 1,
      convertQty: 1,
      convertFrom: 'INTRADAY',
      convertTo: 'CNC',
    },
    refusal: { s: 'error', code: -99, message: 'Position conversion is not served by the Fyers simulator' },
  },
  {
    method: 'market_status',
    route: 'GET /data/marketStatus',
    why: 'The synthetic market is always open to the simulator’s clock; no exchange status board is modelled.',
    refusal: ROUTE_NOT_FOUND,
  },
  {
    method: 'getOptionChain',
    route: 'GET /data/options-chain-v3',
    why: 'No option-chain service: OpenAlgo builds chains from the master and quotes.',
    args: { symbol: 'NSE:NIFTY50-INDEX', strikecount: 5 },
    refusal: ROUTE_NOT_FOUND,
  },
  { method: 'getPriceAlert', route: 'GET /api/v3/price-alert', why: ALERTS, refusal: ROUTE_NOT_FOUND },
  {
    method: 'createPriceAlert',
    route: 'POST /api/v3/price-alert',
    why: ALERTS,
    args: ALERT,
    refusal: ROUTE_NOT_FOUND,
  },
  {
    method: 'modifyPriceAlert',
    route: 'PUT /api/v3/price-alert',
    why: ALERTS,
    args: { alertId: '1', ...ALERT },
    refusal: ROUTE_NOT_FOUND,
  },
  {
    method: 'togglePriceAlert',
    route: 'PUT /api/v3/toggle-alert',
    why: ALERTS,
    args: { alertId: '1' },
    refusal: ROUTE_NOT_FOUND,
  },
  {
    method: 'deletePriceAlert',
    route: 'DELETE /api/v3/price-alert',
    why: ALERTS,
    args: { alertId: '1', agent: 'fyers-api' },
    refusal: ROUTE_NOT_FOUND,
  },
  {
    method: 'createSmartOrderLimit',
    route: 'POST /api/v3/smart-order/limit',
    why: SMART,
    args: ORDER,
    refusal: ROUTE_NOT_FOUND,
  },
  {
    method: 'createSmartOrderStep',
    route: 'POST /api/v3/smart-order/step',
    why: SMART,
    args: ORDER,
    refusal: ROUTE_NOT_FOUND,
  },
  {
    method: 'createSmartOrderSIP',
    route: 'POST /api/v3/smart-order/sip',
    why: SMART,
    args: ORDER,
    refusal: ROUTE_NOT_FOUND,
  },
  {
    method: 'createSmartOrderTrail',
    route: 'POST /api/v3/smart-order/trail',
    why: SMART,
    args: ORDER,
    refusal: ROUTE_NOT_FOUND,
  },
  {
    method: 'modifySmartOrder',
    route: 'PATCH /api/v3/smart-order/modify',
    why: SMART,
    args: { flowId: '1', qty: 2 },
    refusal: ROUTE_NOT_FOUND,
  },
  {
    method: 'cancelSmartOrder',
    route: 'DELETE /api/v3/smart-order/cancel',
    why: SMART,
    args: { flowId: '1' },
    refusal: ROUTE_NOT_FOUND,
  },
  {
    method: 'pauseSmartOrder',
    route: 'PATCH /api/v3/smart-order/pause',
    why: SMART,
    args: { flowId: '1' },
    refusal: ROUTE_NOT_FOUND,
  },
  {
    method: 'resumeSmartOrder',
    route: 'PATCH /api/v3/smart-order/resume',
    why: SMART,
    args: { flowId: '1' },
    refusal: ROUTE_NOT_FOUND,
  },
  {
    method: 'getSmartOrderBookWithFilter',
    route: 'GET /api/v3/smart-order/orderbook',
    why: SMART,
    refusal: ROUTE_NOT_FOUND,
  },
  {
    method: 'createSmartExitTrigger',
    route: 'POST /api/v3/flows/tc/se',
    why: SMART,
    args: { name: 'x', type: 1, profitRate: 100, lossRate: -100 },
    refusal: ROUTE_NOT_FOUND,
  },
  { method: 'getSmartExitTrigger', route: 'GET /api/v3/flows/tc/se', why: SMART, refusal: ROUTE_NOT_FOUND },
  {
    method: 'updateSmartExitTrigger',
    route: 'PUT /api/v3/flows/tc/se',
    why: SMART,
    args: { flowId: '1', profitRate: 200 },
    refusal: ROUTE_NOT_FOUND,
  },
  {
    method: 'activateDeactivateSmartExitTrigger',
    route: 'POST /api/v3/flows/tc/se/activate',
    why: SMART,
    args: { flowId: '1' },
    refusal: ROUTE_NOT_FOUND,
  },
  { method: 'get_order_history', route: 'GET /api/v3/order-history', why: REPORTS, refusal: ROUTE_NOT_FOUND },
  { method: 'get_trade_history', route: 'GET /api/v3/trade-history', why: REPORTS, refusal: ROUTE_NOT_FOUND },
  {
    method: 'get_charges_history',
    route: 'GET /api/v3/charges-history',
    why: REPORTS,
    refusal: ROUTE_NOT_FOUND,
  },
  {
    method: 'get_realised_profit_history',
    route: 'GET /api/v3/realised-pnl-history',
    why: REPORTS,
    refusal: ROUTE_NOT_FOUND,
  },
  {
    method: 'get_tax_pnl_history',
    route: 'GET /api/v3/tax-pnl-history',
    why: REPORTS,
    refusal: ROUTE_NOT_FOUND,
  },
  {
    method: 'get_ledger_history',
    route: 'GET /api/v3/ledger-history',
    why: REPORTS,
    refusal: ROUTE_NOT_FOUND,
  },
];

/** Calls `row.method` on the SDK client as a user would. */
export function callNotServed(client: FyersModel, row: NotServed): Promise<unknown> {
  const fn = client[row.method];
  if (typeof fn !== 'function') throw new Error(`fyers-api-v3 has no method ${row.method}`);
  return (fn as (req?: unknown) => Promise<unknown>)(row.args);
}
