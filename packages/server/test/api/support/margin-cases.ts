import { API_KEY } from './accounts.js';
import type { EndpointCase } from './endpoint-case.js';

const leg = {
  symbol: 'SBIN',
  exchange: 'NSE',
  action: 'BUY',
  quantity: '10',
  product: 'MIS',
  pricetype: 'MARKET',
  price: '0',
  trigger_price: '0',
};

/** Matrix row of the margin calculator (issue 13, item 1). */
export const MARGIN_CASES: readonly EndpointCase[] = [
  {
    path: 'margin',
    method: 'POST',
    body: { apikey: API_KEY, positions: [leg, { ...leg, symbol: 'INFY', action: 'SELL', quantity: 5 }] },
    required: [
      'positions',
      'positions.0.symbol',
      'positions.0.exchange',
      'positions.0.action',
      'positions.1.quantity',
      'positions.0.product',
      'positions.1.pricetype',
    ],
    invalid: [
      ['positions', []],
      ['positions', Array.from({ length: 51 }, () => leg)],
      ['positions', 'SBIN'],
      ['positions.1.quantity', '2.5'],
      ['positions.0.quantity', -1],
      ['positions.0.pricetype', 'STOP'],
      ['positions.1.product', 'BO'],
      ['positions.0.trigger_price', 'abc'],
    ],
    failure: { method: 'getMargin', kind: 'direct' },
    capabilities: ['getMargin'],
  },
];
