import { API_KEY } from './accounts.js';
import type { EndpointCase } from './endpoint-case.js';

/** A SINGLE BUY-on-dip as the official client sends it (stoploss/target null for SINGLE). */
export const SINGLE_GTT = {
  apikey: API_KEY,
  strategy: 'Python',
  trigger_type: 'SINGLE',
  exchange: 'NSE',
  symbol: 'SBIN',
  action: 'BUY',
  product: 'CNC',
  quantity: 1,
  pricetype: 'LIMIT',
  price: 790,
  triggerprice_sl: 789,
  triggerprice_tg: 0,
  stoploss: null,
  target: null,
};

/**
 * Matrix rows of the GTT endpoints (issue 13, item 3) that need no GTT at the broker first.
 * modifygttorder and cancelgttorder name an existing GTT, which the shared fake harness does not
 * seed; gtt-routes.test.ts runs the same checks on them. The GTT methods are one capability, off
 * all together (core refuses a manifest with half of it), which gtt-routes.test.ts covers too.
 */
export const GTT_CASES: readonly EndpointCase[] = [
  {
    path: 'placegttorder',
    method: 'POST',
    body: SINGLE_GTT,
    required: [
      'strategy',
      'trigger_type',
      'exchange',
      'symbol',
      'action',
      'product',
      'quantity',
      'price',
      'triggerprice_sl',
    ],
    invalid: [
      ['trigger_type', 'BRACKET'],
      ['product', 'MIS'],
      ['quantity', 0],
      ['quantity', '2.5'],
      ['pricetype', 'SL'],
      ['price', -1],
      ['price', 0],
      ['triggerprice_sl', -5],
      ['triggerprice_tg', 795],
      ['expires_at', 'tomorrow'],
      ['expires_at', '2026-02-30'],
      ['exchange', 'NASDAQ'],
      ['action', 'HOLD'],
    ],
    failure: { method: 'placeGtt', kind: 'direct' },
    capabilities: ['getQuotes'],
  },
  {
    path: 'gttorderbook',
    method: 'POST',
    body: { apikey: API_KEY },
    required: [],
    invalid: [['status', 'triggered']],
    failure: { method: 'getGtts', kind: 'direct' },
    capabilities: [],
  },
];
