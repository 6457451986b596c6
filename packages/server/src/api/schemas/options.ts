import { MAX_STRIKE_COUNT, MAX_STRIKE_OFFSET, oneOf } from '@openalgo/core';
import { z } from 'zod';
import { apiKey, body, choice, item, list, text, wire } from '../wire/fields.js';
import { success } from './shared.js';

/**
 * Request and response schemas of OpenAlgo's options analytics (`/optionsymbol`, `/optionchain`,
 * `/syntheticfuture`, `/optiongreeks`, `/multioptiongreeks`). Fields are validated here for the 400
 * and the docs; core re-checks what only it can (a calendar date, a listed expiry or strike).
 */

/** Where an underlying's options can be found: its spot exchange or the derivatives exchange. */
export const UNDERLYING_EXCHANGES = [
  'NSE_INDEX',
  'NSE',
  'BSE_INDEX',
  'BSE',
  'NFO',
  'BFO',
  'MCX',
  'CDS',
  'BCD',
  'NCO',
  'NCDEX',
] as const;
/** OpenAlgo's F&O list for greeks (without CRYPTO, which this server does not list). */
export const OPTION_EXCHANGES = ['NFO', 'BFO', 'MCX', 'CDS', 'BCD', 'NCO', 'NCDEX'] as const;

const OFFSET_PATTERN = new RegExp(`^(ATM|(ITM|OTM)([1-9]|[1-4][0-9]|${MAX_STRIKE_OFFSET}))$`, 'i');

export const underlyingField = () =>
  text(50, 'Underlying (NIFTY, RELIANCE), or a future embedding the expiry (NIFTY28NOV24FUT)');
export const underlyingExchangeField = () =>
  choice(
    UNDERLYING_EXCHANGES,
    "The underlying's exchange (NSE_INDEX, NSE, BSE_INDEX…) or its options exchange",
  );
export const expiryDateField = () =>
  wire(
    z
      .string({ error: 'must be a string' })
      .regex(/^\d{2}[A-Za-z]{3}\d{2}$/, { error: 'must be DDMMMYY (e.g. 28NOV24)' })
      .optional(),
    'Expiry as DDMMMYY; may be omitted when the underlying embeds it',
  );
export const offsetField = () =>
  wire(
    z.string({ error: 'must be a string' }).regex(OFFSET_PATTERN, {
      error: `must be ATM, ITM1…ITM${MAX_STRIKE_OFFSET} or OTM1…OTM${MAX_STRIKE_OFFSET}`,
    }),
    'Strikes from the at-the-money one: ATM, ITMn or OTMn (any case)',
  );
export const optionTypeField = () => choice(['CE', 'PE'], 'CE (call) or PE (put)');
export const strikeIntField = () =>
  wire(
    z.number({ error: 'must be a number' }).positive({ error: 'must be greater than 0' }).optional(),
    'Deprecated strike grid: ATM = round(ltp / strike_int) × strike_int instead of the nearest listed strike',
  );
const interestRateField = () =>
  wire(
    z
      .number({ error: 'must be a number' })
      .min(0, { error: 'must be at least 0' })
      .max(100, {
        error: 'must be at most 100',
      })
      .optional(),
    'Annual risk-free rate in percent (default 0)',
  );
const expiryTimeField = () =>
  wire(
    z
      .string({ error: 'must be a string' })
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'must be HH:MM (24-hour IST)' })
      .optional(),
    'Expiry cut-off, HH:MM IST (default NFO/BFO 15:30, MCX 23:30, CDS 12:30)',
  );

export const OptionSymbolRequest = body({
  apikey: apiKey(),
  underlying: underlyingField(),
  exchange: underlyingExchangeField(),
  expiry_date: expiryDateField(),
  offset: offsetField(),
  option_type: optionTypeField(),
  strike_int: strikeIntField(),
  strategy: wire(z.string().max(100).optional(), 'Deprecated; ignored'),
});

export const OptionSymbolResponse = z.object({
  status: success,
  symbol: z.string(),
  exchange: z.string(),
  lotsize: z.number(),
  tick_size: z.number(),
  freeze_qty: z.number().meta({ description: 'Exchange quantity-freeze limit (1 when unknown)' }),
  underlying_ltp: z.number(),
});

export const OptionChainRequest = body({
  apikey: apiKey(),
  underlying: underlyingField(),
  exchange: underlyingExchangeField(),
  expiry_date: expiryDateField(),
  strike_count: wire(
    z
      .number({ error: 'must be a number' })
      .int({ error: 'must be a whole number' })
      .min(1, { error: 'must be at least 1' })
      .max(MAX_STRIKE_COUNT, { error: `must be at most ${MAX_STRIKE_COUNT}` })
      .optional(),
    'Strikes each side of ATM (omit for the whole chain)',
  ),
  with_greeks: wire(
    z.boolean({ error: 'must be true or false' }).default(false),
    'Add IV and greeks per leg',
  ),
  interest_rate: interestRateField(),
});

const chainLeg = z.object({
  symbol: z.string(),
  label: z.string().meta({ description: 'ATM, ITMn or OTMn for this side' }),
  ltp: z.number(),
  bid: z.number(),
  ask: z.number(),
  bid_qty: z.number(),
  ask_qty: z.number(),
  open: z.number(),
  high: z.number(),
  low: z.number(),
  prev_close: z.number(),
  volume: z.number(),
  oi: z.number(),
  lotsize: z.number(),
  tick_size: z.number(),
  implied_volatility: z.number().optional().meta({ description: 'Percent (with_greeks)' }),
  delta: z.number().optional(),
  gamma: z.number().optional(),
  theta: z.number().optional().meta({ description: 'Per calendar day' }),
  vega: z.number().optional().meta({ description: 'Per 1 % of volatility' }),
});
export type ChainLegWire = z.input<typeof chainLeg>;

export const OptionChainResponse = z.object({
  status: success,
  underlying: z.string(),
  underlying_ltp: z.number(),
  underlying_prev_close: z.number(),
  expiry_date: z.string(),
  expiry_ts: z.number().meta({ description: 'Expiry cut-off, epoch seconds' }),
  server_ts: z.number().meta({ description: 'When the chain was built, epoch seconds' }),
  atm_strike: z.number(),
  quotes_included: z.boolean(),
  greeks_included: z.boolean(),
  forward_price: z.number().optional().meta({ description: 'The Black-76 forward the greeks used' }),
  chain: z.array(z.object({ strike: z.number(), ce: chainLeg.nullable(), pe: chainLeg.nullable() })),
});

export const SyntheticFutureRequest = body({
  apikey: apiKey(),
  underlying: underlyingField(),
  exchange: underlyingExchangeField(),
  expiry_date: wire(
    z
      .string({ error: 'must be a string' })
      .regex(/^\d{2}[A-Za-z]{3}\d{2}$/, { error: 'must be DDMMMYY (e.g. 28NOV24)' }),
    'Expiry as DDMMMYY',
  ),
});

export const SyntheticFutureResponse = z.object({
  status: success,
  underlying: z.string(),
  underlying_ltp: z.number(),
  expiry: z.string(),
  atm_strike: z.number(),
  synthetic_future_price: z.number().meta({ description: 'ATM strike + CE ltp − PE ltp, 2 decimals' }),
});

const greeksTarget = {
  symbol: text(64, 'Option symbol (NIFTY28NOV2424000CE)'),
  exchange: choice(OPTION_EXCHANGES, 'Options exchange'),
  underlying_symbol: wire(
    z.string().min(1).max(50).optional(),
    'Quote this for the forward instead of the synthetic future (NIFTY28NOV24FUT)',
  ),
  underlying_exchange: wire(oneOf([...UNDERLYING_EXCHANGES]).optional(), "The underlying's exchange"),
};

export const OptionGreeksRequest = body({
  apikey: apiKey(),
  ...greeksTarget,
  interest_rate: interestRateField(),
  forward_price: wire(
    z.number({ error: 'must be a number' }).min(0, { error: 'must be at least 0' }).optional(),
    'A forward to use as is (0 or absent: the synthetic future, else the spot)',
  ),
  expiry_time: expiryTimeField(),
});

const greeksBody = {
  symbol: z.string(),
  exchange: z.string(),
  underlying: z.string(),
  strike: z.number(),
  option_type: z.enum(['CE', 'PE']),
  expiry_date: z.string().meta({ description: 'DD-Mon-YYYY (28-Nov-2024), as OpenAlgo writes it' }),
  days_to_expiry: z.number(),
  spot_price: z.number().meta({ description: 'The Black-76 forward used' }),
  option_price: z.number(),
  interest_rate: z.number(),
  implied_volatility: z.number().meta({ description: 'Percent; 0 when the greeks are theoretical' }),
  greeks: z.object({
    delta: z.number(),
    gamma: z.number(),
    theta: z.number(),
    vega: z.number(),
    rho: z.number(),
  }),
  intrinsic_value: z.number().optional(),
  time_value: z.number().optional(),
  note: z.string().optional(),
};

export const OptionGreeksResponse = z.object({ status: success, ...greeksBody });
export type GreeksWire = z.input<typeof OptionGreeksResponse>;

export const MultiOptionGreeksRequest = body({
  apikey: apiKey(),
  symbols: list(item(greeksTarget), { min: 1, description: 'Options, 1 to 50' }).max(50, {
    error: 'must hold at most 50 entries',
  }),
  interest_rate: interestRateField(),
  expiry_time: expiryTimeField(),
});

export const MultiOptionGreeksResponse = z.object({
  status: z.enum(['success', 'partial', 'error']),
  data: z.array(
    z.union([
      z.object({ status: success, ...greeksBody }),
      z.object({
        status: z.literal('error'),
        symbol: z.string(),
        exchange: z.string(),
        message: z.string(),
        code: z.string(),
      }),
    ]),
  ),
  summary: z.object({ total: z.number(), success: z.number(), failed: z.number() }),
  message: z.string().optional(),
});
