import { API_KEY } from './accounts.js';
import type { EndpointCase } from './endpoint-case.js';

/**
 * Matrix rows of the options analytics (issue 13, item 2), over the fake master: NIFTY has no spot
 * there, so the underlying is its nearest unexpired future, and 13 JAN 26 lists the 26000 call and put.
 */
const key = { apikey: API_KEY };
const underlying = { underlying: 'NIFTY', exchange: 'NFO', expiry_date: '13JAN26' };
const call = { symbol: 'NIFTY13JAN2626000CE', exchange: 'NFO' };
const put = { symbol: 'NIFTY13JAN2626000PE', exchange: 'NFO' };
const quotes = { method: 'getQuotes', kind: 'direct' } as const;

export const OPTION_ANALYTICS_CASES: readonly EndpointCase[] = [
  {
    path: 'optionsymbol',
    method: 'POST',
    body: { ...key, ...underlying, offset: 'ATM', option_type: 'CE' },
    required: ['underlying', 'exchange', 'offset', 'option_type'],
    invalid: [
      ['underlying', 5],
      ['exchange', 'NASDAQ'],
      ['expiry_date', '2026-01-13'],
      ['expiry_date', '31FEB26'],
      ['offset', 'ITM51'],
      ['offset', 'MID'],
      ['option_type', 'CALL'],
      ['strike_int', 0],
      ['strike_int', 'fifty'],
    ],
    failure: quotes,
    capabilities: ['getQuotes'],
  },
  {
    path: 'optionchain',
    method: 'POST',
    body: { ...key, ...underlying, strike_count: 2 },
    required: ['underlying', 'exchange'],
    invalid: [
      ['exchange', 'MCX_INDEX'],
      ['strike_count', 0],
      ['strike_count', 101],
      ['strike_count', 1.5],
      ['with_greeks', 'maybe'],
      ['interest_rate', 101],
    ],
    failure: quotes,
    capabilities: ['getQuotes'],
  },
  {
    path: 'syntheticfuture',
    method: 'POST',
    body: { ...key, ...underlying },
    required: ['underlying', 'exchange', 'expiry_date'],
    invalid: [
      ['exchange', 'LSE'],
      ['expiry_date', 'soon'],
    ],
    failure: quotes,
    capabilities: ['getQuotes'],
  },
  {
    path: 'optiongreeks',
    method: 'POST',
    body: { ...key, ...call, interest_rate: 6.5 },
    required: ['symbol', 'exchange'],
    invalid: [
      ['symbol', 'NIFTY13JAN26FUT'],
      ['exchange', 'NSE'],
      ['interest_rate', 101],
      ['forward_price', -1],
      ['expiry_time', '25:00'],
      ['underlying_exchange', 'LSE'],
    ],
    failure: quotes,
    capabilities: ['getQuotes'],
  },
  {
    path: 'multioptiongreeks',
    method: 'POST',
    body: { ...key, symbols: [call, put], expiry_time: '15:30' },
    required: ['symbols', 'symbols.0.symbol', 'symbols.1.exchange'],
    invalid: [
      ['symbols', []],
      ['symbols', Array.from({ length: 51 }, () => call)],
      ['symbols.0.exchange', 'NSE'],
      ['interest_rate', -1],
      ['expiry_time', '9am'],
    ],
    failure: quotes,
    capabilities: ['getQuotes'],
  },
];
