import { oneOf } from '@openalgo/core';
import { z } from 'zod';
import { apiKey, text, wire } from '../wire/fields.js';
import { candleRecord } from '../wire/rows.js';
import { success } from './shared.js';

/** Request and response schemas of OpenAlgo's AmiBroker/AmiQuote ticker endpoint. */

const day = (description: string) => wire(z.iso.date({ error: 'must be a date as YYYY-MM-DD' }), description);

/** Path parameter plus query string; a missing `apikey` is answered 401 before this is parsed. */
export const TickerQuery = z.object({
  apikey: apiKey(),
  symbol: text(80, 'EXCHANGE:SYMBOL in the path (NSE:SBIN); a symbol without an exchange is on NSE'),
  interval: wire(
    z.string({ error: 'must be a string' }).min(1, { error: 'must not be empty' }).max(8).default('D'),
    'An interval the broker serves (see /intervals); D when omitted',
  ),
  from: day('First day, YYYY-MM-DD (IST); clamped to 30 days before `to` intraday, 10 years for D/W/M'),
  to: day('Last day, YYYY-MM-DD (IST), inclusive'),
  format: wire(
    oneOf(['json', 'txt']).default('json'),
    'json (like /history) or txt (one EXCH:SYMBOL,date[,time],O,H,L,C,V line per bar)',
  ),
});

export const TickerResponse = z.object({ status: success, data: z.array(candleRecord.schema) });
