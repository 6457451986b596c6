import { DERIVATIVE_EXCHANGES, type Exchange, ExchangeSchema, oneOf, SymbolSchema } from '@openalgo/core';
import { z } from 'zod';
import { apiKey, body, choice, text, wire } from '../wire/fields.js';
import { describeField } from '../wire/names.js';
import { instrumentRecord, symbolRecord } from '../wire/rows.js';
import { success } from './shared.js';

const SymbolRow = symbolRecord.schema;

/** Request and response schemas of OpenAlgo's symbol endpoints. */

const anyExchange = () => wire(ExchangeSchema.optional(), 'Exchange (all when omitted)');

export const SearchRequest = body({
  apikey: apiKey(),
  query: text(100, 'Part of a symbol, name or broker symbol (case-insensitive)'),
  exchange: anyExchange(),
});

export const ExpiryRequest = body({
  apikey: apiKey(),
  symbol: wire(SymbolSchema, describeField('symbol')),
  exchange: choice([...DERIVATIVE_EXCHANGES] as [Exchange, ...Exchange[]], 'Derivatives exchange'),
  instrumenttype: choice(['futures', 'options'], 'futures or options'),
});

/** GET query string; a missing `apikey` is answered 401 before this is parsed, as in OpenAlgo. */
export const InstrumentsQuery = z.object({
  apikey: apiKey(),
  exchange: anyExchange(),
  format: wire(oneOf(['json', 'csv']).default('json'), 'json or csv'),
});

export const SymbolResponse = z.object({ status: success, data: SymbolRow });
export const SearchResponse = z.object({ status: success, message: z.string(), data: z.array(SymbolRow) });
export const ExpiryResponse = z.object({
  status: success,
  data: z.array(z.string()).meta({ description: 'DD-MMM-YY, soonest first, expired dates dropped' }),
});
export const InstrumentsResponse = z.object({ status: success, data: z.array(instrumentRecord.schema) });
