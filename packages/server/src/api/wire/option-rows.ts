import type { ChainLeg, ChainRow, OptionGreeksResult } from '@openalgo/core';
import type { ChainLegWire, GreeksWire } from '../schemas/options.js';

/** Wire forms of core's option results, rounded as OpenAlgo rounds them. */

export function round(value: number, decimals: number): number {
  const scale = 10 ** decimals;
  const rounded = Math.round(value * scale) / scale;
  // -0 would print as 0 but compare oddly in clients.
  return rounded === 0 ? 0 : rounded;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `28-Nov-2024`: OpenAlgo's greeks write the expiry with Python's `%d-%b-%Y`. */
function greeksExpiry(result: OptionGreeksResult): string {
  const { day, month, year } = result.expiry;
  return `${String(day).padStart(2, '0')}-${MONTHS[month - 1]}-${year}`;
}

function chainLegWire(leg: ChainLeg | undefined): ChainLegWire | null {
  if (!leg) return null;
  const q = leg.quote;
  const g = leg.greeks;
  return {
    symbol: leg.symbol,
    label: leg.label,
    ltp: q?.ltp ?? 0,
    bid: q?.bid ?? 0,
    ask: q?.ask ?? 0,
    bid_qty: q?.bidQuantity ?? 0,
    ask_qty: q?.askQuantity ?? 0,
    open: q?.open ?? 0,
    high: q?.high ?? 0,
    low: q?.low ?? 0,
    prev_close: q?.prevClose ?? 0,
    volume: q?.volume ?? 0,
    oi: q?.oi ?? 0,
    lotsize: leg.instrument.lotSize,
    tick_size: leg.instrument.tickSize,
    ...(g
      ? {
          implied_volatility: round(g.impliedVolatility, 2),
          delta: round(g.delta, 4),
          gamma: round(g.gamma, 6),
          theta: round(g.theta, 4),
          vega: round(g.vega, 4),
        }
      : {}),
  };
}

export function chainRowWire(row: ChainRow) {
  return { strike: row.strike, ce: chainLegWire(row.ce), pe: chainLegWire(row.pe) };
}

type GreeksBody = Omit<GreeksWire, 'status'>;

function header(result: OptionGreeksResult) {
  return {
    symbol: result.symbol,
    exchange: result.exchange,
    underlying: result.underlying,
    strike: round(result.strike, 2),
    option_type: result.optionType,
    expiry_date: greeksExpiry(result),
  };
}

export function greeksWire(result: OptionGreeksResult): GreeksBody {
  const g = result.greeks;
  return {
    ...header(result),
    days_to_expiry: round(result.daysToExpiry, 4),
    spot_price: round(result.forward, 2),
    option_price: round(result.optionPrice, 2),
    interest_rate: round(result.interestRate, 2),
    implied_volatility: round(g.impliedVolatility, 2),
    greeks: {
      delta: round(g.delta, 4),
      gamma: round(g.gamma, 6),
      theta: round(g.theta, 4),
      vega: round(g.vega, 4),
      rho: round(g.rho, 6),
    },
    ...(g.theoretical
      ? {
          intrinsic_value: round(g.intrinsicValue, 2),
          time_value: round(g.timeValue, 2),
          ...(g.note === undefined ? {} : { note: g.note }),
        }
      : {}),
  };
}

/** OpenAlgo's batch answer for an expired option: zero greeks and a note. */
export function expiredGreeksWire(result: OptionGreeksResult): GreeksBody {
  return {
    ...header(result),
    days_to_expiry: 0,
    spot_price: round(result.forward, 2),
    option_price: round(result.optionPrice, 2),
    interest_rate: round(result.interestRate, 2),
    implied_volatility: 0,
    greeks: { delta: 0, gamma: 0, theta: 0, vega: 0, rho: 0 },
    intrinsic_value: round(result.greeks.intrinsicValue, 2),
    time_value: round(result.greeks.timeValue, 2),
    note: 'Option has expired - Greeks are no longer applicable',
  };
}
