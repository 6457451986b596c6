import { API_KEY } from './accounts.js';
import type { EndpointCase } from './endpoint-case.js';

const key = { apikey: API_KEY };

/** Matrix rows of the market calendar and the AmiBroker ticker (issue 13, items 4 and 5). */
export const CALENDAR_TICKER_CASES: readonly EndpointCase[] = [
  {
    path: 'market/holidays',
    method: 'POST',
    body: { ...key, year: 2026 },
    required: [],
    invalid: [
      ['year', 2019],
      ['year', 2051],
      ['year', 2026.5],
      ['year', 'next'],
    ],
    capabilities: [],
  },
  {
    path: 'market/timings',
    method: 'POST',
    body: { ...key, date: '2026-01-05' },
    required: ['date'],
    invalid: [
      ['date', '2026-02-30'],
      ['date', '05-01-2026'],
      ['date', '2019-12-31'],
      ['date', 20260105],
    ],
    capabilities: [],
  },
  {
    path: 'ticker/NSE:SBIN',
    method: 'GET',
    body: { ...key, interval: 'D', from: '2026-01-01', to: '2026-01-05' },
    required: ['from', 'to'],
    invalid: [
      ['interval', '7m'],
      ['format', 'csv'],
      ['from', '2026-13-01'],
      ['to', '2025-12-31'],
    ],
    failure: { method: 'getHistory', kind: 'direct' },
    capabilities: ['getHistory'],
  },
];
