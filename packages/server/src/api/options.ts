import {
  buildOptionChain,
  type OptionGreeksRequest as CoreGreeksRequest,
  InvalidRequestError,
  multiOptionGreeks,
  resolveOptionSymbol,
  syntheticFuture,
} from '@openalgo/core';
import { data, type Endpoint, endpointGroup } from './endpoint.js';
import { errorReply } from './errors.js';
import { optionMarketOf } from './option-market.js';
import { OPTION_ORDER_ENDPOINTS } from './options-orders.js';
import {
  MultiOptionGreeksRequest,
  MultiOptionGreeksResponse,
  OptionChainRequest,
  OptionChainResponse,
  OptionGreeksRequest,
  OptionGreeksResponse,
  OptionSymbolRequest,
  OptionSymbolResponse,
  SyntheticFutureRequest,
  SyntheticFutureResponse,
} from './schemas/options.js';
import { chainRowWire, expiredGreeksWire, greeksWire, round } from './wire/option-rows.js';

/**
 * OpenAlgo's options analytics over core's broker-agnostic option library: quotes come from the
 * account's data adapter and strikes from its instrument master, so every broker serves them.
 */

const define = endpointGroup('Options');
const quotes = [data('getQuotes')];

export const optionSymbol = define({
  path: '/optionsymbol',
  summary: 'Resolve an option symbol from the underlying, expiry and ATM/ITM/OTM offset',
  description:
    "ATM is the listed strike nearest the underlying's LTP (spot; the nearest unexpired future where there is no spot); ITMn/OTMn step n listed strikes (CE: ITM lower, PE: ITM higher). With `strike_int`, OpenAlgo's legacy grid. Unknown underlying, expiry or strike: 404 naming the field.",
  requires: quotes,
  request: OptionSymbolRequest,
  response: OptionSymbolResponse,
  example: {
    underlying: 'NIFTY',
    exchange: 'NSE_INDEX',
    expiry_date: '30DEC25',
    offset: 'ITM2',
    option_type: 'CE',
  },
  async handle({ input, account, clock, reply }) {
    const resolved = await resolveOptionSymbol(optionMarketOf(account, clock), {
      underlying: input.underlying,
      exchange: input.exchange,
      expiryDate: input.expiry_date,
      offset: input.offset,
      optionType: input.option_type,
      strikeInt: input.strike_int,
    });
    return reply({
      status: 'success',
      symbol: resolved.symbol,
      exchange: resolved.exchange,
      lotsize: resolved.lotSize,
      tick_size: resolved.tickSize,
      freeze_qty: resolved.freezeQty,
      underlying_ltp: resolved.underlyingLtp,
    });
  },
});

export const optionChain = define({
  path: '/optionchain',
  summary: 'Option chain of one expiry with quotes, labels and optional greeks',
  description:
    'strike_count strikes each side of ATM (the whole chain without it); each leg carries its own ATM/ITMn/OTMn label and quote; with_greeks adds Black-76 IV and greeks on the ATM synthetic-future forward. All legs are quoted in one batched call.',
  requires: quotes,
  request: OptionChainRequest,
  response: OptionChainResponse,
  example: { underlying: 'NIFTY', exchange: 'NSE_INDEX', expiry_date: '30DEC25', strike_count: 5 },
  async handle({ input, account, clock, reply }) {
    const chain = await buildOptionChain(optionMarketOf(account, clock), {
      underlying: input.underlying,
      exchange: input.exchange,
      expiryDate: input.expiry_date,
      strikeCount: input.strike_count,
      withGreeks: input.with_greeks,
      interestRate: input.interest_rate,
    });
    return reply({
      status: 'success',
      underlying: chain.underlying,
      underlying_ltp: chain.underlyingQuote.ltp,
      underlying_prev_close: chain.underlyingQuote.prevClose,
      expiry_date: chain.expiry,
      expiry_ts: Math.floor(chain.expiryMs / 1000),
      server_ts: Math.floor(clock.now() / 1000),
      atm_strike: chain.atmStrike,
      quotes_included: true,
      greeks_included: input.with_greeks,
      ...(chain.forwardPrice === undefined ? {} : { forward_price: round(chain.forwardPrice, 2) }),
      chain: chain.rows.map(chainRowWire),
    });
  },
});

export const syntheticFutureEndpoint = define({
  path: '/syntheticfuture',
  summary: 'Synthetic future of one expiry: ATM strike + CE − PE',
  requires: quotes,
  request: SyntheticFutureRequest,
  response: SyntheticFutureResponse,
  example: { underlying: 'NIFTY', exchange: 'NSE_INDEX', expiry_date: '30DEC25' },
  async handle({ input, account, clock, reply }) {
    const synthetic = await syntheticFuture(optionMarketOf(account, clock), {
      underlying: input.underlying,
      exchange: input.exchange,
      expiryDate: input.expiry_date,
    });
    return reply({
      status: 'success',
      underlying: synthetic.underlying,
      underlying_ltp: synthetic.underlyingLtp,
      expiry: synthetic.expiry,
      atm_strike: synthetic.atmStrike,
      synthetic_future_price: round(synthetic.price, 2),
    });
  },
});

interface GreeksTargetInput {
  symbol: string;
  exchange: CoreGreeksRequest['exchange'];
  underlying_symbol?: string | undefined;
  underlying_exchange?: CoreGreeksRequest['exchange'] | undefined;
}

function greeksRequest(
  target: GreeksTargetInput,
  common: {
    interest_rate?: number | undefined;
    expiry_time?: string | undefined;
    forward_price?: number | undefined;
  },
): CoreGreeksRequest {
  return {
    symbol: target.symbol,
    exchange: target.exchange,
    underlyingSymbol: target.underlying_symbol,
    underlyingExchange: target.underlying_exchange,
    interestRate: common.interest_rate,
    expiryTime: common.expiry_time,
    forwardPrice: common.forward_price,
  };
}

export const optionGreeksEndpoint = define({
  path: '/optiongreeks',
  summary: 'Implied volatility and Black-76 greeks of one option',
  description:
    'Forward: forward_price if given, else underlying_symbol if given, else the ATM synthetic future of the expiry (the spot when it cannot be formed). Theta per day, vega and rho per 1 %. A premium without time value gets theoretical greeks (IV 0, delta ±1) and a note; an expired option is a 400.',
  requires: quotes,
  request: OptionGreeksRequest,
  response: OptionGreeksResponse,
  example: { symbol: 'NIFTY30DEC2526000CE', exchange: 'NFO', interest_rate: 6.5 },
  async handle({ input, account, clock, reply }) {
    const [outcome] = await multiOptionGreeks(optionMarketOf(account, clock), [greeksRequest(input, input)]);
    if (!outcome) throw new InvalidRequestError('symbol: no option to compute', { field: 'symbol' });
    if (!outcome.ok) throw outcome.error;
    if (outcome.result.expired) {
      const { expiry_date } = expiredGreeksWire(outcome.result);
      throw new InvalidRequestError(`Option has expired on ${expiry_date}`, {
        field: 'symbol',
        details: { symbol: outcome.result.symbol },
      });
    }
    return reply({ status: 'success', ...greeksWire(outcome.result) });
  },
});

export const multiOptionGreeksEndpoint = define({
  path: '/multioptiongreeks',
  summary: 'Greeks of up to 50 options in one call',
  description:
    'One batched quote for every option; each underlying and expiry forward is formed once. Per-symbol failures are reported in `data` with HTTP 200 and `status` partial (some failed) or error (all failed); an expired option answers zero greeks with a note.',
  requires: quotes,
  request: MultiOptionGreeksRequest,
  response: MultiOptionGreeksResponse,
  example: {
    symbols: [
      { symbol: 'NIFTY30DEC2526000CE', exchange: 'NFO' },
      { symbol: 'NIFTY30DEC2526000PE', exchange: 'NFO' },
    ],
  },
  async handle({ input, account, clock, reply }) {
    const outcomes = await multiOptionGreeks(
      optionMarketOf(account, clock),
      input.symbols.map((target) => greeksRequest(target, input)),
    );
    const data = outcomes.map((outcome) => {
      if (outcome.ok) {
        const body = outcome.result.expired ? expiredGreeksWire(outcome.result) : greeksWire(outcome.result);
        return { status: 'success' as const, ...body };
      }
      // errorReply words it as a single answer would (and hides an unexpected exception's text).
      const { body } = errorReply(outcome.error);
      return {
        status: 'error' as const,
        symbol: outcome.symbol,
        exchange: outcome.exchange,
        message: body.message,
        code: body.code,
      };
    });
    const failed = data.filter((d) => d.status === 'error');
    const status = failed.length === 0 ? 'success' : failed.length < data.length ? 'partial' : 'error';
    const messages = [...new Set(failed.map((d) => d.message))].slice(0, 3).join('; ');
    return reply({
      status,
      data,
      summary: { total: data.length, success: data.length - failed.length, failed: failed.length },
      ...(failed.length === 0
        ? {}
        : {
            message:
              status === 'error'
                ? `All option Greeks calculations failed: ${messages}`
                : `${failed.length} option Greeks calculation(s) failed: ${messages}`,
          }),
    });
  },
});

export const OPTION_ENDPOINTS: readonly Endpoint[] = [
  ...OPTION_ORDER_ENDPOINTS,
  optionSymbol,
  optionChain,
  syntheticFutureEndpoint,
  optionGreeksEndpoint,
  multiOptionGreeksEndpoint,
];
