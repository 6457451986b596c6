import { ExchangeSchema, oneOf, PositiveIntSchema, ProductSchema, SymbolSchema } from '@openalgo/core';
import { z } from 'zod';
import type { StrategyRecord } from '../../store/types.js';
import { NAME_PATTERN, NAME_RULE, STRATEGY_TYPES, TRADING_MODES } from '../../strategies/strategy-rules.js';
import { apiKey, body, item, list, wire } from '../wire/fields.js';
import { success } from './shared.js';

/** Request and response schemas of the strategy endpoints (this server's; OpenAlgo manages strategies in its UI). */

const hhmm = (description: string) =>
  wire(
    z
      .string({ error: 'must be a string' })
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'must be a time as HH:MM (IST, 24-hour)' })
      .optional(),
    `${description} (HH:MM IST; intraday strategies only)`,
  );

const hours = () => ({
  start_time: hhmm('First minute entries and exits are taken; not before 09:15'),
  end_time: hhmm('Last minute entries are taken; not after 15:30'),
  squareoff_time: hhmm('When every mapped symbol is squared off; at or after end_time, not after 15:30'),
});

const symbolMapping = item({
  symbol: wire(SymbolSchema, 'OpenAlgo symbol the webhook names'),
  exchange: wire(ExchangeSchema, 'Exchange the orders go to'),
  quantity: wire(PositiveIntSchema, 'Entry quantity (LONG/SHORT entries, BOTH mode legs)'),
  product: wire(ProductSchema, 'Product of the orders'),
});

const symbols = () =>
  list(symbolMapping, {
    min: 0,
    description:
      'The symbols a webhook may name, each with its exchange, entry quantity and product (at most 200; one entry per symbol). On update: replaces the whole list.',
  }).optional();

const strategyId = () =>
  wire(PositiveIntSchema, 'The strategy’s id (from /strategy/create or /strategy/list)');

export const CreateStrategyRequest = body({
  apikey: apiKey(),
  name: wire(
    z.string({ error: 'must be a string' }).regex(NAME_PATTERN, { error: NAME_RULE }),
    'Strategy name, unique in the account; sent as the orders’ strategy',
  ),
  type: wire(
    oneOf(STRATEGY_TYPES).default('positional'),
    'intraday (with hours and a square-off) or positional',
  ),
  trading_mode: wire(
    oneOf(TRADING_MODES).default('LONG'),
    'LONG: BUY enters, SELL exits; SHORT: SELL enters, BUY exits; BOTH: every signal carries position_size',
  ),
  active: wire(
    z.boolean({ error: 'must be true or false' }).default(true),
    'Whether its webhook takes signals',
  ),
  ...hours(),
  symbols: symbols(),
});

export const UpdateStrategyRequest = body({
  apikey: apiKey(),
  strategy_id: strategyId(),
  type: wire(oneOf(STRATEGY_TYPES).optional(), 'intraday or positional (positional drops the hours)'),
  trading_mode: wire(oneOf(TRADING_MODES).optional(), 'LONG, SHORT or BOTH'),
  active: wire(z.boolean({ error: 'must be true or false' }).optional(), 'true activates, false deactivates'),
  ...hours(),
  symbols: symbols(),
});

export const StrategyIdRequest = body({ apikey: apiKey(), strategy_id: strategyId() });

const time = z.string().nullable().meta({ description: 'HH:MM IST; null for a positional strategy' });

export const StrategyView = z.object({
  strategy_id: z.int(),
  name: z.string(),
  webhook_id: z
    .string()
    .meta({ description: 'The webhook’s secret id: anyone holding it can trade this strategy' }),
  webhook_url: z
    .string()
    .meta({ description: 'Where alerts are posted (POST, JSON {symbol, action, position_size})' }),
  active: z.boolean(),
  type: z.enum(STRATEGY_TYPES),
  trading_mode: z.enum(TRADING_MODES),
  start_time: time,
  end_time: time,
  squareoff_time: time,
  symbols: z.array(
    z.object({ symbol: z.string(), exchange: z.string(), quantity: z.int(), product: z.string() }),
  ),
});

export const StrategyResponse = z.object({ status: success, message: z.string(), data: StrategyView });
export const StrategyListResponse = z.object({ status: success, data: z.array(StrategyView) });
export const StrategyDeletedResponse = z.object({
  status: success,
  message: z.string(),
  data: z.object({ strategy_id: z.int() }),
});

/** A stored strategy as the API shows it to its owner. */
export function strategyView(
  record: StrategyRecord,
  webhookUrl: (id: string) => string,
): z.input<typeof StrategyView> {
  return {
    strategy_id: record.id,
    name: record.name,
    webhook_id: record.webhookId,
    webhook_url: webhookUrl(record.webhookId),
    active: record.active,
    type: record.type,
    trading_mode: record.tradingMode,
    start_time: record.startTime ?? null,
    end_time: record.endTime ?? null,
    squareoff_time: record.squareoffTime ?? null,
    symbols: record.symbols.map(({ symbol, exchange, quantity, product }) => ({
      symbol,
      exchange,
      quantity,
      product,
    })),
  };
}
