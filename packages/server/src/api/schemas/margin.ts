import { MarginLegSchema } from '@openalgo/core';
import { z } from 'zod';
import { coreItem } from '../wire/codec.js';
import { apiKey, body, list } from '../wire/fields.js';
import { mode, success } from './shared.js';

/** Request and response schemas of OpenAlgo's margin calculator. */

/** OpenAlgo's (and Angel's) basket limit: more positions are refused, not priced in parts. */
export const MAX_MARGIN_POSITIONS = 50;

/**
 * `positions[]` as OpenAlgo takes them: symbol, exchange, action, quantity, product and pricetype
 * required, price and trigger_price defaulting to "0". Quantities and prices may be numeric strings
 * (the official client sends every number as a string).
 */
export const MarginRequest = body({
  apikey: apiKey(),
  positions: list(coreItem(MarginLegSchema), {
    min: 1,
    description: `The positions to price together (1 to ${MAX_MARGIN_POSITIONS}); a broker that offsets hedges prices them as one basket`,
  }).max(MAX_MARGIN_POSITIONS, { error: `must hold at most ${MAX_MARGIN_POSITIONS} entries` }),
});

export const MarginResponse = z.object({
  status: success,
  data: z.object({
    total_margin_required: z.number().meta({ description: 'Margin the basket needs, in rupees' }),
    span_margin: z
      .number()
      .meta({ description: 'The SPAN part (the sandbox reports its whole margin here)' }),
    exposure_margin: z.number().meta({ description: 'The exposure part (0 in the sandbox)' }),
  }),
  mode,
});
