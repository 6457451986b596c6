import {
  ActionSchema,
  ExchangeSchema,
  GTT_PRODUCTS,
  GttPriceTypeSchema,
  oneOf,
  PositiveIntSchema,
  PriceSchema,
  SymbolSchema,
} from '@openalgo/core';
import { z } from 'zod';
import { apiKey, body, choice, strategy, wire } from '../wire/fields.js';
import { expiryText, gttRow, triggerId } from '../wire/gtt.js';
import { describeField } from '../wire/names.js';
import { mode, success } from './shared.js';

/**
 * Request and response schemas of OpenAlgo's GTT endpoints, with OpenAlgo's rules between fields:
 * SINGLE takes exactly one of `triggerprice_sl` / `triggerprice_tg`; OCO takes all four of
 * `triggerprice_sl`, `stoploss`, `triggerprice_tg`, `target`, with the stoploss trigger lower.
 */

const GttProductWire = z.enum(GTT_PRODUCTS, {
  error: 'must be CNC or NRML: a GTT may rest for days, and MIS is intraday-only',
});

const gttFields = () => ({
  apikey: apiKey(),
  strategy: strategy(),
  trigger_type: choice(
    ['SINGLE', 'OCO'],
    'SINGLE: one trigger and one order. OCO: a stoploss and a target trigger; the first the price reaches places its order and ends the other',
  ),
  exchange: wire(ExchangeSchema, describeField('exchange')),
  symbol: wire(SymbolSchema, describeField('symbol')),
  action: wire(ActionSchema, 'BUY or SELL (any case); for OCO, both legs'),
  product: wire(GttProductWire, 'CNC or NRML'),
  quantity: wire(PositiveIntSchema, 'Quantity of each leg, a whole number > 0'),
  pricetype: wire(GttPriceTypeSchema.default('LIMIT'), 'The order each trigger places: LIMIT or MARKET'),
  price: wire(PriceSchema, "SINGLE: the order's limit price (0 with MARKET). Not used by OCO"),
  triggerprice_sl: wire(
    PriceSchema.default(0),
    'SINGLE: a trigger below the last price (or send triggerprice_tg). OCO: the stoploss trigger',
  ),
  triggerprice_tg: wire(
    PriceSchema.default(0),
    'SINGLE: a trigger above the last price (or send triggerprice_sl). OCO: the target trigger',
  ),
  stoploss: wire(PriceSchema.optional(), "OCO: the stoploss leg's limit price"),
  target: wire(PriceSchema.optional(), "OCO: the target leg's limit price"),
});

type GttFields = {
  trigger_type: 'SINGLE' | 'OCO';
  priceType: 'LIMIT' | 'MARKET';
  price: number;
  triggerprice_sl: number;
  triggerprice_tg: number;
  stoploss?: number | undefined;
  target?: number | undefined;
};

/** OpenAlgo's rules between the trigger fields, each issue naming its field. */
function gttRules(request: GttFields, ctx: z.RefinementCtx): void {
  const issue = (field: string, message: string) => ctx.addIssue({ code: 'custom', path: [field], message });
  const { triggerprice_sl: sl, triggerprice_tg: tg } = request;
  if (request.trigger_type === 'OCO') {
    const roles = {
      triggerprice_sl: "the stoploss leg's trigger",
      stoploss: "the stoploss leg's limit price",
      triggerprice_tg: "the target leg's trigger",
      target: "the target leg's limit price",
    } as const;
    for (const [field, role] of Object.entries(roles)) {
      const value = request[field as keyof typeof roles];
      if (!(value !== undefined && value > 0)) issue(field, `is required for an OCO GTT (${role}), > 0`);
    }
    if (sl > 0 && tg > 0 && sl >= tg) issue('triggerprice_sl', `must be below triggerprice_tg (${tg})`);
    return;
  }
  if (sl > 0 && tg > 0) {
    issue(
      'triggerprice_tg',
      'a SINGLE GTT takes one trigger: send triggerprice_sl or triggerprice_tg, not both',
    );
  } else if (!(sl > 0) && !(tg > 0)) {
    issue(
      'triggerprice_sl',
      'is required for a SINGLE GTT (a trigger below the last price), or send triggerprice_tg (above it)',
    );
  }
  if (request.priceType === 'LIMIT' && !(request.price > 0)) {
    issue('price', 'must be greater than 0 for a LIMIT GTT (or send pricetype MARKET)');
  }
}

export const PlaceGttRequest = body({
  ...gttFields(),
  expires_at: wire(
    expiryText.optional(),
    'When the GTT lapses unfired: ISO-8601, or YYYY-MM-DD HH:MM:SS (IST), or YYYY-MM-DD (the end of that day, IST). Default: one year (the broker decides)',
  ),
}).superRefine(gttRules);

/** A full replacement of an active GTT: every field of placegttorder again, plus its id. */
export const ModifyGttRequest = body({
  ...gttFields(),
  trigger_id: triggerId(),
  expires_at: wire(expiryText.optional(), 'A new expiry (as in placegttorder); absent: unchanged'),
}).superRefine(gttRules);

export const CancelGttRequest = body({ apikey: apiKey(), strategy: strategy(), trigger_id: triggerId() });

export const GttBookRequest = body({
  apikey: apiKey(),
  status: wire(
    oneOf(['active', 'all']).optional(),
    "active (default): GTTs that can still fire, as OpenAlgo lists them. all: also triggered, cancelled and expired ones (the broker's history)",
  ),
});

export const GttIdResponse = z.object({ status: success, trigger_id: z.string(), mode });

export const GttBookResponse = z.object({ status: success, data: z.array(gttRow.schema), mode });
