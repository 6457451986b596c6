import { API_KEY } from './accounts.js';
import type { EndpointCase } from './endpoint-case.js';

/**
 * Matrix rows of the options order routes (issue 13, item 2), over the fake master: NIFTY has no
 * spot there, so the underlying is its nearest unexpired future, and ATM is the one listed strike,
 * 26000 (a call and a put on 13 JAN 26, a put on 6 JAN 26).
 */
const key = { apikey: API_KEY };
const underlying = { strategy: 'Test', underlying: 'NIFTY', exchange: 'NFO' };

export const OPTION_ORDER_CASES: readonly EndpointCase[] = [
  {
    path: 'optionsorder',
    method: 'POST',
    body: {
      ...key,
      ...underlying,
      expiry_date: '13JAN26',
      offset: 'ATM',
      option_type: 'CE',
      action: 'BUY',
      quantity: 75,
      product: 'NRML',
    },
    required: ['strategy', 'underlying', 'exchange', 'offset', 'option_type', 'action', 'quantity'],
    invalid: [
      ['exchange', 'NASDAQ'],
      ['expiry_date', undefined],
      ['expiry_date', '13-01-26'],
      ['offset', 'ITM51'],
      ['option_type', 'CALL'],
      ['action', 'HOLD'],
      ['quantity', 1.5],
      ['product', 'CNC'],
      ['pricetype', 'SL', 'price'],
      ['splitsize', -1],
      ['strike_int', 0],
      ['client_order_id', ''],
    ],
    failure: { method: 'placeOrder', kind: 'placement' },
    capabilities: ['getQuotes', 'placeOrder'],
  },
  {
    path: 'optionsmultiorder',
    method: 'POST',
    body: {
      ...key,
      ...underlying,
      legs: [
        { offset: 'ATM', option_type: 'PE', action: 'SELL', quantity: 75, expiry_date: '06JAN26' },
        { offset: 'ATM', option_type: 'CE', action: 'BUY', quantity: 75, expiry_date: '13JAN26' },
      ],
    },
    required: [
      'strategy',
      'underlying',
      'exchange',
      'legs',
      'legs.0.offset',
      'legs.0.option_type',
      'legs.0.action',
      'legs.1.quantity',
    ],
    invalid: [
      ['legs', []],
      ['legs', { offset: 'ATM' }],
      ['legs.0.offset', 'MID'],
      ['legs.1.product', 'CNC'],
      ['legs.1.splitsize', 'two'],
      ['legs.0.expiry_date', '31FEB26'],
      ['legs.1.pricetype', 'LIMIT', 'legs.1.price'],
      ['strike_int', -50],
    ],
    failure: { method: 'placeOrder', kind: 'batch' },
    capabilities: ['getQuotes', 'placeOrder'],
  },
];
