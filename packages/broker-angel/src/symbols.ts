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
import { BROKER_ID } from './errors.js';

/** Cash series suffixes Angel appends to trading symbols (`SBIN-EQ`); OpenAlgo's symbol drops them (§2.8). */
const CASH_SERIES = /-(EQ|BE|MF|SG)$/;

function isExchange(value: string): value is Exchange {
  return (EXCHANGES as readonly string[]).includes(value);
}

/**
 * The exchange a quote, candle or socket request names for a row (§2.8): index feeds go by their cash
 * exchange (`NSE_INDEX` → `NSE`); everything else by the master's `exch_seg`.
 */
export function angelExchange(row: Instrument): string {
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

/** Translates between OpenAlgo references and Angel's (exchange, symboltoken, tradingsymbol) triples. */
export class AngelSymbols {
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
   * The OpenAlgo reference of an Angel payload row when the master can say it for certain: by token,
   * or by name where Angel's trading symbol determines OpenAlgo's (cash minus its series, NFO as is).
   */
  known(exchange: string, tradingsymbol: string, token?: string): InstrumentRef | undefined {
    if (token) {
      const row = this.instruments.getByToken(exchange, token);
      if (row && (!tradingsymbol || row.brsymbol === tradingsymbol)) {
        return { symbol: row.symbol, exchange: row.exchange };
      }
    }
    if (!isExchange(exchange)) return undefined;
    const candidate =
      exchange === 'NSE' || exchange === 'BSE' ? tradingsymbol.replace(CASH_SERIES, '') : tradingsymbol;
    const row = this.instruments.get(candidate, exchange);
    return row && row.brsymbol === tradingsymbol ? { symbol: row.symbol, exchange: row.exchange } : undefined;
  }

  /**
   * The OpenAlgo reference for an instrument in an Angel payload (order, trade, position, holding). When
   * the master does not know it (listed after the download), a cash symbol loses its series suffix and a
   * derivative keeps Angel's trading symbol with one warning, rather than being dropped from the books.
   */
  fromAngel(exchange: string, tradingsymbol: string, token?: string): InstrumentRef {
    const known = this.known(exchange, tradingsymbol, token);
    if (known) return known;
    if (!isExchange(exchange) || !isTradableExchange(exchange)) {
      throw new BrokerError(
        `${BROKER_ID}: ${tradingsymbol} is on exchange "${exchange}", which OpenAlgo does not support`,
        { details: { exchange, tradingsymbol } },
      );
    }
    if (exchange === 'NSE' || exchange === 'BSE') {
      return { symbol: tradingsymbol.replace(CASH_SERIES, ''), exchange };
    }
    const key = `${exchange}:${tradingsymbol}`;
    if (!this.warned.has(key)) {
      this.warned.add(key);
      this.logger.warn(
        { exchange, tradingsymbol, token },
        'instrument not in the master: reporting Angel tradingsymbol; download the master again',
      );
    }
    return { symbol: tradingsymbol, exchange };
  }
}
