import { z } from 'zod';
import { fields as f } from './common.js';
import { body, isoDate, item, list, optionalChoice, text } from './fields.js';

/** Request and response schemas of OpenAlgo's market-data endpoints (§1.4). */

export const SymbolRequest = body({ apikey: f.apikey(), symbol: f.symbol(), exchange: f.exchange() });

export const MultiQuotesRequest = body({
  apikey: f.apikey(),
  symbols: list(item({ symbol: f.symbol(), exchange: f.exchange() }), {
    min: 1,
    description: 'Instruments to quote',
  }),
});

export const HistoryRequest = body({
  apikey: f.apikey(),
  symbol: f.symbol(),
  exchange: f.exchange(),
  interval: text({ max: 8, description: 'An interval the broker serves (see /intervals): 1m, 5m, 1h, D…' }),
  start_date: isoDate('First day, YYYY-MM-DD (IST)'),
  end_date: isoDate('Last day, YYYY-MM-DD (IST), inclusive'),
  source: optionalChoice({
    values: ['api'],
    fold: 'lower',
    description: "Only 'api': this server keeps no local history database (OpenAlgo's 'db')",
  }),
}).superRefine((request, ctx) => {
  if (request.end_date < request.start_date) {
    ctx.addIssue({ code: 'custom', path: ['end_date'], message: 'must not be before start_date' });
  }
});

const success = z.literal('success');
const quote = z.object({
  ask: z.number(),
  bid: z.number(),
  high: z.number(),
  low: z.number(),
  ltp: z.number(),
  open: z.number(),
  prev_close: z.number(),
  volume: z.number(),
  oi: z.number(),
});

export const QuotesResponse = z.object({ status: success, data: quote });

export const MultiQuotesResponse = z.object({
  status: success,
  results: z.array(
    z.union([
      z.object({ symbol: z.string(), exchange: z.string(), data: quote }),
      z.object({ symbol: z.string(), exchange: z.string(), error: z.string() }),
    ]),
  ),
});

const level = z.object({ price: z.number(), quantity: z.number() });
export const DepthResponse = z.object({
  status: success,
  data: z.object({
    asks: z.array(level).meta({ description: 'Best first, padded with zeros to 5 levels' }),
    bids: z.array(level).meta({ description: 'Best first, padded with zeros to 5 levels' }),
    high: z.number(),
    low: z.number(),
    ltp: z.number(),
    ltq: z.number(),
    oi: z.number(),
    open: z.number(),
    prev_close: z.number(),
    totalbuyqty: z.number(),
    totalsellqty: z.number(),
    volume: z.number(),
  }),
});

export const HistoryResponse = z.object({
  status: success,
  data: z.array(
    z.object({
      timestamp: z.number().meta({ description: 'Epoch seconds of the candle open' }),
      open: z.number(),
      high: z.number(),
      low: z.number(),
      close: z.number(),
      volume: z.number(),
      oi: z.number(),
    }),
  ),
});

const names = z.array(z.string());
export const IntervalsResponse = z.object({
  status: success,
  data: z.object({ seconds: names, minutes: names, hours: names, days: names, weeks: names, months: names }),
});
