import {
  assertTradable,
  BrokerError,
  EXCHANGES,
  type Exchange,
  type Instrument,
  type InstrumentLookup,
  type InstrumentRef,
  isTradableExchange,
  type Logger,
} from '@openalgo/core';
import { BROKER_ID } from '../errors.js';

/** Master rows keep Kite's token as `instrument_token::::exchange_token` (OpenAlgo's convention). */
export const TOKEN_SEPARATOR = '::::';

export function isExchange(value: string): value is Exchange {
  return (EXCHANGES as readonly string[]).includes(value);
}

/** The numeric instrument token of a master row (the left half of its token column). */
export function instrumentToken(row: Instrument): number {
  const cut = row.token.indexOf(TOKEN_SEPARATOR);
  const token = Number(cut < 0 ? row.token : row.token.slice(0, cut));
  if (!Number.isSafeInteger(token) || token <= 0) {
    throw new BrokerError(
      `${BROKER_ID}: instrument ${row.exchange}:${row.symbol} has no usable Kite instrument token (${row.token}); download the master again`,
      // Also thrown from a market stream's subscribe, which the contract boundary does not wrap.
      { broker: BROKER_ID, details: { symbol: row.symbol, exchange: row.exchange } },
    );
  }
  return token;
}

/**
 * Kite's `instrument_token` is `exchange_token × 256 + segment code`, so the
 * master's composite token can be rebuilt from the instrument token alone.
 */
export function compositeToken(instrumentTokenValue: number): string {
  return `${instrumentTokenValue}${TOKEN_SEPARATOR}${Math.floor(instrumentTokenValue / 256)}`;
}

/**
 * The exchange half of a quote key (`EXCH:tradingsymbol`). Index feeds are quoted on their cash
 * exchange (`NSE_INDEX` → `NSE:NIFTY 50`); a GLOBAL_INDEX row keeps its own Kite exchange (GLOBAL or
 * NSEIX). Everything else is the row's Kite exchange.
 */
export function quoteExchange(row: Instrument): string {
  switch (row.exchange) {
    case 'NSE_INDEX':
      return 'NSE';
    case 'BSE_INDEX':
      return 'BSE';
    case 'MCX_INDEX':
      return 'MCX';
    default:
      return row.brexchange;
  }
}

export function quoteKey(row: Instrument): string {
  return `${quoteExchange(row)}:${row.brsymbol}`;
}

/** Translates between OpenAlgo references and Kite's (exchange, tradingsymbol, token) triples. */
export class KiteSymbols {
  private readonly warned = new Set<string>();

  constructor(
    private readonly instruments: InstrumentLookup,
    private readonly logger: Logger,
  ) {}

  /** The master row; SYMBOL_NOT_FOUND (before any request) when the symbol is unknown. */
  resolve(ref: InstrumentRef): Instrument {
    return this.instruments.resolve(ref.symbol, ref.exchange);
  }

  /** Like `resolve`, but refuses index feeds, which cannot be ordered (core's one rule: INVALID_ORDER). */
  resolveTradable(ref: InstrumentRef): Instrument {
    const row = this.resolve(ref);
    assertTradable(row.exchange, 'exchange', ref.symbol);
    return row;
  }

  /**
   * The OpenAlgo reference for an instrument in a Kite payload (order, trade, position, holding).
   * Found by token in the master; when the master does not know it (listed after the download),
   * a cash symbol is the same in both grammars, and a derivative keeps Kite's tradingsymbol with a
   * warning rather than being dropped from the trader's books.
   */
  fromKite(exchange: string, tradingsymbol: string, token: number | undefined): InstrumentRef {
    if (token !== undefined && Number.isSafeInteger(token) && token > 0) {
      const row = this.instruments.getByToken(exchange, compositeToken(token));
      if (row && row.brsymbol === tradingsymbol) return { symbol: row.symbol, exchange: row.exchange };
    }
    if (!isExchange(exchange) || !isTradableExchange(exchange)) {
      throw new BrokerError(
        `${BROKER_ID}: ${tradingsymbol} is on exchange "${exchange}", which OpenAlgo does not support`,
        { details: { exchange, tradingsymbol } },
      );
    }
    if (exchange !== 'NSE' && exchange !== 'BSE') {
      const key = `${exchange}:${tradingsymbol}`;
      if (!this.warned.has(key)) {
        this.warned.add(key);
        this.logger.warn(
          { exchange, tradingsymbol, token },
          'instrument not in the master: reporting Kite tradingsymbol; download the master again',
        );
      }
    }
    return { symbol: tradingsymbol, exchange };
  }
}
