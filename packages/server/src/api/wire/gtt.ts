import {
  type Gtt,
  type GttRequest,
  isOpenAlgoError,
  type OpenAlgoError,
  parseIstDateTime,
  toIstIso,
} from '@openalgo/core';
import { z } from 'zod';
import { wire } from './fields.js';
import { istTimestamp, round2 } from './rows.js';

/**
 * OpenAlgo's flat GTT fields ⇄ core's GTT (one trigger price and one leg per trigger). SINGLE: the
 * one trigger given, its order at `price`. OCO: [triggerprice_sl, triggerprice_tg], the stoploss
 * leg at `stoploss` and the target leg at `target`, both with the request's action, quantity,
 * product and price type.
 */

/** A decoded placegttorder / modifygttorder body (core's names where the name map has them). */
export interface GttWireRequest {
  trigger_type: 'SINGLE' | 'OCO';
  symbol: string;
  exchange: GttRequest['exchange'];
  action: GttRequest['legs'][number]['action'];
  product: GttRequest['legs'][number]['product'];
  quantity: number;
  priceType: GttRequest['legs'][number]['priceType'];
  price: number;
  triggerprice_sl: number;
  triggerprice_tg: number;
  stoploss?: number | undefined;
  target?: number | undefined;
  /** ISO-8601 with offset (expiryText's output). */
  expires_at?: string | undefined;
}

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const LAST_SECOND_OF_DAY_MS = 86_399_000;

/** An expiry as clients write it, as an ISO-8601 instant; undefined when it is not a real date-time. */
function expiryInstant(text: string): string | undefined {
  const trimmed = text.trim();
  if (ISO_WITH_OFFSET.test(trimmed)) {
    const epoch = Date.parse(trimmed);
    return Number.isFinite(epoch) ? toIstIso(epoch) : undefined;
  }
  const epoch = parseIstDateTime(trimmed);
  if (epoch === undefined) return undefined;
  const iso = toIstIso(epoch);
  // 2026-02-30 would roll into March: only a date the calendar has is taken.
  if (iso.slice(0, 10) !== trimmed.slice(0, 10)) return undefined;
  return DATE_ONLY.test(trimmed) ? toIstIso(epoch + LAST_SECOND_OF_DAY_MS) : iso;
}

export const expiryText = z
  .string({ error: 'must be a string' })
  .max(40, { error: 'must be at most 40 characters' })
  .transform((text, ctx) => {
    const iso = expiryInstant(text);
    if (iso !== undefined) return iso;
    ctx.addIssue({
      code: 'custom',
      message: 'must be a date-time: ISO-8601 with an offset, YYYY-MM-DD HH:MM:SS (IST) or YYYY-MM-DD',
    });
    return z.NEVER;
  });

/** The broker's trigger id; a number (Kite's ids are) means the same id. */
export const triggerId = () =>
  wire(
    z
      .string({ error: 'must be a string' })
      .min(1, { error: 'must not be empty' })
      .max(64, { error: 'must be at most 64 characters' }),
    'The GTT id placegttorder answered with',
    (value) =>
      typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
        ? String(value)
        : typeof value === 'string'
          ? value.trim()
          : value,
  );

/** Core's GTT request for the flat body, against `lastPrice` (fetched server-side). */
export function toGttRequest(input: GttWireRequest, lastPrice: number): GttRequest {
  const { symbol, exchange, action, quantity, priceType, product } = input;
  const leg = (price: number) => ({ action, quantity, price, priceType, product });
  const expiry = input.expires_at === undefined ? {} : { expiresAt: input.expires_at };
  if (input.trigger_type === 'OCO') {
    return {
      symbol,
      exchange,
      type: 'oco',
      triggerPrices: [input.triggerprice_sl, input.triggerprice_tg],
      lastPrice,
      legs: [leg(input.stoploss ?? 0), leg(input.target ?? 0)],
      ...expiry,
    };
  }
  const trigger = input.triggerprice_sl > 0 ? input.triggerprice_sl : input.triggerprice_tg;
  return {
    symbol,
    exchange,
    type: 'single',
    triggerPrices: [trigger],
    lastPrice,
    legs: [leg(input.price)],
    ...expiry,
  };
}

/** Core's GTT field (as an adapter names it) in the request's own fields. */
function wireField(field: string, input: Pick<GttWireRequest, 'trigger_type' | 'triggerprice_sl'>): string {
  const oco = input.trigger_type === 'OCO';
  const singleTrigger = input.triggerprice_sl > 0 ? 'triggerprice_sl' : 'triggerprice_tg';
  const fixed: Record<string, string> = {
    triggerPrices: oco ? 'triggerprice_sl' : singleTrigger,
    'triggerPrices.0': oco ? 'triggerprice_sl' : singleTrigger,
    'triggerPrices.1': 'triggerprice_tg',
    'legs.0.price': oco ? 'stoploss' : 'price',
    'legs.1.price': 'target',
    legs: 'trigger_type',
    type: 'trigger_type',
    lastPrice: 'symbol',
    expiresAt: 'expires_at',
    triggerId: 'trigger_id',
  };
  const legField = /^legs\.\d+\.(action|quantity|product|priceType)$/.exec(field)?.[1];
  return fixed[field] ?? (legField === 'priceType' ? 'pricetype' : legField) ?? field;
}

/** A broker's GTT error with its field (and that name in its message) in the request's terms. */
export function gttErrorInWireTerms(error: unknown, input: GttWireRequest | undefined): unknown {
  if (!isOpenAlgoError(error) || error.field === undefined) return error;
  const from = error.field;
  const field = input ? wireField(from, input) : from === 'triggerId' ? 'trigger_id' : from;
  if (field === from) return error;
  // Only a name no prose uses (dotted or camelCase) is renamed inside the message: `legs` or `type`
  // may be plain words there.
  const message = /[.A-Z]/.test(from) ? error.message.split(from).join(field) : error.message;
  return (error as OpenAlgoError).with({ field, message });
}

const leg = z.object({
  action: z.string(),
  quantity: z.number(),
  price: z.number(),
  pricetype: z.string(),
  product: z.string(),
});
const when = (description: string) => z.string().meta({ description });

const GttRowSchema = z.object({
  trigger_id: z.string(),
  trigger_type: z.enum(['single', 'two-leg']).meta({ description: 'single, or two-leg (OCO)' }),
  status: z.string().meta({
    description: 'active, triggered, cancelled, expired, rejected, disabled or deleted',
  }),
  symbol: z.string(),
  exchange: z.string(),
  trigger_prices: z.array(z.number()).meta({ description: 'Ascending; for OCO the stoploss trigger first' }),
  last_price: z.number().meta({ description: 'The last price the triggers were set against' }),
  legs: z.array(leg).meta({ description: 'One per trigger, in the same order' }),
  created_at: when('YYYY-MM-DD HH:MM:SS (IST)'),
  updated_at: when('YYYY-MM-DD HH:MM:SS (IST)'),
  expires_at: when("YYYY-MM-DD HH:MM:SS (IST); '' when the broker states none"),
  order_ids: z.array(z.string()).meta({
    description:
      "The orders a triggered GTT placed (an addition to OpenAlgo's shape; look them up with /orderstatus)",
  }),
  rejection_reason: z.string().optional().meta({
    description: "Why a fired GTT's order, or the GTT, was rejected, in the broker's words (an addition)",
  }),
});

/** One gttorderbook row: OpenAlgo's shape, plus the orders a fired GTT placed. */
export const gttRow = {
  schema: GttRowSchema,
  encode(gtt: Gtt): z.input<typeof GttRowSchema> {
    const row: z.input<typeof GttRowSchema> = {
      trigger_id: gtt.triggerId,
      trigger_type: gtt.type === 'oco' ? 'two-leg' : 'single',
      status: gtt.status,
      symbol: gtt.symbol,
      exchange: gtt.exchange,
      trigger_prices: gtt.triggerPrices.map(round2),
      last_price: round2(gtt.lastPrice),
      legs: gtt.legs.map((l) => ({
        action: l.action,
        quantity: l.quantity,
        price: round2(l.price),
        pricetype: l.priceType,
        product: l.product,
      })),
      created_at: istTimestamp(gtt.createdAt),
      updated_at: istTimestamp(gtt.updatedAt),
      expires_at: gtt.expiresAt === undefined ? '' : istTimestamp(gtt.expiresAt),
      order_ids: [...gtt.orderIds],
    };
    if (gtt.statusMessage) row.rejection_reason = gtt.statusMessage;
    return row;
  },
};
