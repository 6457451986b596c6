import { HistoryRequestSchema, InstrumentRefSchema, oneOf } from '@openalgo/core';
import { z } from 'zod';
import { coreBody, wireShape } from '../wire/codec.js';
import { apiKey, body, item, list, text, wire } from '../wire/fields.js';
import { describeField } from '../wire/names.js';
import { candleRecord, depthRecord, quoteRecord } from '../wire/rows.js';
import { success } from './shared.js';

/** Request and response schemas of OpenAlgo's market-data endpoints. */

export const SymbolRequest = body({ apikey: apiKey(), ...wireShape(InstrumentRefSchema) });

export const MultiQuotesRequest = body({
  apikey: apiKey(),
  symbols: list(item(wireShape(InstrumentRefSchema)), { min: 1, description: 'Instruments to quote' }),
});

type HistoryShape = typeof HistoryRequestSchema.shape;

/**
 * Core's history request (its fields, its start-before-end rule), except that `interval` is any short
 * word: the endpoint checks it against the intervals this broker serves, which is stricter than
 * core's list and lets the 400 name them.
 */
const ServedIntervalHistory = (
  HistoryRequestSchema as z.ZodObject<Omit<HistoryShape, 'interval'> & { interval: z.ZodType<string> }>
).safeExtend({ interval: z.string() });

export const HistoryRequest = coreBody(
  ServedIntervalHistory,
  {
    apikey: apiKey(),
    source: wire(
      oneOf(['api']).optional(),
      "Only 'api': this server keeps no local history database (OpenAlgo's 'db')",
    ),
  },
  { fields: { interval: text(8, describeField('interval')) } },
);

export const QuotesResponse = z.object({ status: success, data: quoteRecord.schema });

export const MultiQuotesResponse = z.object({
  status: success,
  results: z.array(
    z.union([
      z.object({ symbol: z.string(), exchange: z.string(), data: quoteRecord.schema }),
      z.object({ symbol: z.string(), exchange: z.string(), error: z.string() }),
    ]),
  ),
});

export const DepthResponse = z.object({ status: success, data: depthRecord.schema });

export const HistoryResponse = z.object({ status: success, data: z.array(candleRecord.schema) });

const names = z.array(z.string());
export const IntervalsResponse = z.object({
  status: success,
  data: z.object({ seconds: names, minutes: names, hours: names, days: names, weeks: names, months: names }),
});
