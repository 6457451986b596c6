import { z } from 'zod';
import { fields as f } from './common.js';
import { body, choice, choiceWithDefault, text } from './fields.js';

/** Request and response schemas of OpenAlgo's symbol endpoints (§1.4). */

export const SearchRequest = body({
  apikey: f.apikey(),
  query: text({ max: 100, description: 'Part of a symbol, name or broker symbol (case-insensitive)' }),
  exchange: f.optionalExchange(),
});

export const ExpiryRequest = body({
  apikey: f.apikey(),
  symbol: f.symbol(),
  exchange: f.derivativeExchange(),
  instrumenttype: choice({
    values: ['futures', 'options'],
    fold: 'lower',
    description: 'futures or options',
  }),
});

/** GET query string; a missing `apikey` is answered 401 before this is parsed, as in OpenAlgo. */
export const InstrumentsQuery = z.object({
  apikey: f.apikey(),
  exchange: f.optionalExchange(),
  format: choiceWithDefault({ values: ['json', 'csv'], fold: 'lower', description: 'json or csv' }, 'json'),
});

export const SymbolRow = z.object({
  id: z.number().nullable().meta({ description: "Row number in the broker's master" }),
  symbol: z.string(),
  brsymbol: z.string(),
  name: z.string(),
  exchange: z.string(),
  brexchange: z.string(),
  token: z.string(),
  expiry: z.string().meta({ description: 'DD-MMM-YY, empty for cash instruments' }),
  strike: z.number(),
  lotsize: z.number(),
  instrumenttype: z.string(),
  tick_size: z.number(),
});

const success = z.literal('success');
export const SymbolResponse = z.object({ status: success, data: SymbolRow });
export const SearchResponse = z.object({ status: success, message: z.string(), data: z.array(SymbolRow) });
export const ExpiryResponse = z.object({
  status: success,
  data: z.array(z.string()).meta({ description: 'DD-MMM-YY, soonest first, expired dates dropped' }),
});
export const InstrumentsResponse = z.object({ status: success, data: z.array(SymbolRow) });
