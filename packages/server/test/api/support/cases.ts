import { API_KEY } from './accounts.js';
import { CALENDAR_TICKER_CASES } from './calendar-ticker-cases.js';
import type { EndpointCase } from './endpoint-case.js';
import { GTT_CASES } from './gtt-cases.js';
import { MARGIN_CASES } from './margin-cases.js';
import { OPTION_ANALYTICS_CASES } from './option-analytics-cases.js';
import { OPTION_ORDER_CASES } from './option-order-cases.js';
import { ORDER_CASES } from './order-cases.js';

export { type EndpointCase, type FailureKind, withField } from './endpoint-case.js';
export { EXISTING_ORDER_ID, existingOrder } from './order-cases.js';

const key = { apikey: API_KEY };
const symbolRef = { symbol: 'SBIN', exchange: 'NSE' };

/** Every endpoint's matrix row: the order endpoints, then accounts, data, symbols and utility. */
export const ENDPOINT_CASES: readonly EndpointCase[] = [
  ...ORDER_CASES,
  ...(
    [
      ['funds', 'getFunds'],
      ['orderbook', 'getOrders'],
      ['tradebook', 'getTrades'],
      ['positionbook', 'getPositions'],
      ['holdings', 'getHoldings'],
    ] as const
  ).map(
    ([path, method]): EndpointCase => ({
      path,
      method: 'POST',
      body: { ...key },
      required: [],
      invalid: [['apikey', 12345]],
      failure: { method, kind: 'direct' },
      capabilities: [method],
    }),
  ),
  {
    path: 'quotes',
    method: 'POST',
    body: { ...key, ...symbolRef },
    required: ['symbol', 'exchange'],
    invalid: [
      ['symbol', 5],
      ['exchange', 'nasdaq'],
    ],
    failure: { method: 'getQuotes', kind: 'direct' },
    capabilities: ['getQuotes'],
  },
  {
    path: 'multiquotes',
    method: 'POST',
    body: { ...key, symbols: [symbolRef, { symbol: 'INFY', exchange: 'NSE' }] },
    required: ['symbols', 'symbols.0.symbol', 'symbols.0.exchange'],
    invalid: [
      ['symbols', []],
      ['symbols', { symbol: 'SBIN' }],
      ['symbols.1.exchange', 'LSE'],
    ],
    failure: { method: 'getQuotes', kind: 'direct' },
    capabilities: ['getQuotes'],
  },
  {
    path: 'depth',
    method: 'POST',
    body: { ...key, ...symbolRef },
    required: ['symbol', 'exchange'],
    invalid: [['symbol', '']],
    failure: { method: 'getDepth', kind: 'direct' },
    capabilities: ['getDepth'],
  },
  {
    path: 'history',
    method: 'POST',
    body: { ...key, ...symbolRef, interval: '5m', start_date: '2026-01-01', end_date: '2026-01-05' },
    required: ['symbol', 'exchange', 'interval', 'start_date', 'end_date'],
    invalid: [
      ['interval', '7m'],
      ['interval', 'W'],
      ['interval', 5],
      ['start_date', '2026-13-01'],
      ['start_date', '01-01-2026'],
      ['end_date', '2025-12-31'],
      ['source', 'db'],
    ],
    failure: { method: 'getHistory', kind: 'direct' },
    capabilities: ['getHistory'],
  },
  {
    path: 'intervals',
    method: 'POST',
    body: { ...key },
    required: [],
    invalid: [['apikey', '']],
    capabilities: [],
  },
  {
    path: 'symbol',
    method: 'POST',
    body: { ...key, ...symbolRef },
    required: ['symbol', 'exchange'],
    invalid: [['exchange', 'NSEX']],
    capabilities: [],
  },
  {
    path: 'search',
    method: 'POST',
    body: { ...key, query: 'NIFTY' },
    required: ['query'],
    invalid: [
      ['query', ''],
      ['query', 12],
      ['exchange', 'MOON'],
    ],
    capabilities: [],
  },
  {
    path: 'expiry',
    method: 'POST',
    body: { ...key, symbol: 'NIFTY', exchange: 'NFO', instrumenttype: 'futures' },
    required: ['symbol', 'exchange', 'instrumenttype'],
    invalid: [
      ['exchange', 'NSE'],
      ['instrumenttype', 'swaps'],
    ],
    capabilities: [],
  },
  {
    path: 'instruments',
    method: 'GET',
    body: { ...key },
    required: [],
    invalid: [
      ['format', 'xml'],
      ['exchange', 'XX'],
    ],
    capabilities: [],
  },
  {
    path: 'ping',
    method: 'POST',
    body: { ...key },
    required: [],
    invalid: [['apikey', 'k'.repeat(257)]],
    capabilities: [],
  },
  {
    path: 'analyzer',
    method: 'POST',
    body: { ...key },
    required: [],
    invalid: [['apikey', []]],
    capabilities: [],
  },
  {
    path: 'analyzer/toggle',
    method: 'POST',
    body: { ...key, mode: true },
    required: ['mode'],
    invalid: [
      ['mode', 'yes'],
      ['mode', 1],
    ],
    capabilities: [],
  },
  ...CALENDAR_TICKER_CASES,
  ...MARGIN_CASES,
  ...OPTION_ANALYTICS_CASES,
  ...OPTION_ORDER_CASES,
  ...GTT_CASES,
];
