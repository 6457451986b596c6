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

export function isExchange(value: string): value is Exchange {
  return (EXCHANGES as readonly string[]).includes(value);
}

/** The exchange part of a Fyers ticker for an OpenAlgo exchange (NSE currency is `NSE:` too, §3.5). */
const TICKER_PREFIX: Readonly<Partial<Record<Exchange, string>>> = {
  NSE: 'NSE',
  NFO: 'NSE',
  CDS: 'NSE',
  NSE_INDEX: 'NSE',
  BSE: 'BSE',
  BFO: 'BSE',
  BCD: 'BSE',
  BSE_INDEX: 'BSE',
  MCX: 'MCX',
  MCX_INDEX: 'MCX',
};

/**
 * The full `EXCH:SYMBOL` ticker every Fyers REST call takes (brokers.md §3.2). OpenAlgo's master keeps the
 * whole "Symbol ticker" column as `brsymbol` (§3.8); a row whose brsymbol lacks the prefix gets it from
 * its exchange. Tickers are never synthesised from the OpenAlgo symbol: they come from the master.
 */
export function fyersTicker(row: Instrument): string {
  if (row.brsymbol.includes(':')) return row.brsymbol;
  const prefix = TICKER_PREFIX[row.exchange] ?? row.brexchange;
  return `${prefix}:${row.brsymbol}`;
}

/**
 * Fyers' exchange and segment ints in book rows → OpenAlgo exchange (brokers.md §3.4: exchange 10 NSE,
 * 11 MCX, 12 BSE; segment 10 CM, 11 FO, 12 CD, 20 COMM; OpenAlgo's pairs).
 */
export function exchangeOf(exchange: number | undefined, segment: number | undefined): Exchange | undefined {
  switch (`${exchange}:${segment}`) {
    case '10:10':
      return 'NSE';
    case '10:11':
      return 'NFO';
    case '10:12':
      return 'CDS';
    case '12:10':
      return 'BSE';
    case '12:11':
      return 'BFO';
    case '12:12':
      return 'BCD';
    case '11:20':
    case '11:11':
      return 'MCX';
    default:
      return undefined;
  }
}

/** Cash tickers end in a series (`-EQ`, `-BE`, `-A`…); indices in `-INDEX`. */
const SERIES = /^(.+)-([A-Z0-9]{1,5})$/;

export interface FyersInstrumentKey {
  /** `NSE:SBIN-EQ`, as the payload spells it. */
  ticker: string;
  fyToken?: string | undefined;
  exchange?: number | undefined;
  segment?: number | undefined;
}

/** Translates between OpenAlgo references and Fyers' (ticker, fyToken) pairs through the master. */
export class FyersSymbols {
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

  /** The ticker of an OpenAlgo reference, from the master. */
  ticker(ref: InstrumentRef): string {
    return fyersTicker(this.resolve(ref));
  }

  /** The master row of a Fyers payload's instrument: by fyToken, confirmed by the ticker. */
  private findRow(key: FyersInstrumentKey): Instrument | undefined {
    const token = key.fyToken;
    if (!token) return undefined;
    const exchange = exchangeOf(key.exchange, key.segment);
    const prefix = key.ticker.split(':')[0] ?? '';
    // The master's brexchange is OpenAlgo's exchange or Fyers' ticker prefix, depending on the row.
    const candidates = new Set<string>([
      ...(exchange ? [exchange] : []),
      prefix,
      `${prefix}_INDEX`,
      ...(prefix === 'NSE' ? ['NFO', 'CDS'] : prefix === 'BSE' ? ['BFO', 'BCD'] : []),
    ]);
    for (const brexchange of candidates) {
      const row = this.instruments.getByToken(brexchange, token);
      if (row && fyersTicker(row) === key.ticker) return row;
    }
    return undefined;
  }

  /**
   * The OpenAlgo reference for an instrument in a Fyers payload (order, trade, position, holding). Found
   * by fyToken in the master; when the master does not know it (listed after the download), a cash
   * ticker's name is the OpenAlgo symbol, and a derivative keeps Fyers' symbol with a warning rather
   * than being dropped from the trader's books.
   */
  fromFyers(key: FyersInstrumentKey): InstrumentRef {
    const row = this.findRow(key);
    if (row) return { symbol: row.symbol, exchange: row.exchange };
    const colon = key.ticker.indexOf(':');
    const prefix = colon > 0 ? key.ticker.slice(0, colon) : '';
    const name = colon > 0 ? key.ticker.slice(colon + 1) : key.ticker;
    const exchange = exchangeOf(key.exchange, key.segment) ?? (isExchange(prefix) ? prefix : undefined);
    if (!exchange || !isTradableExchange(exchange) || !name) {
      throw new BrokerError(`${BROKER_ID}: ${key.ticker} is on an exchange OpenAlgo does not support`, {
        details: { ticker: key.ticker, exchange: key.exchange, segment: key.segment },
      });
    }
    if (exchange === 'NSE' || exchange === 'BSE') {
      const cash = SERIES.exec(name);
      return { symbol: cash?.[1] ?? name, exchange };
    }
    if (!this.warned.has(key.ticker)) {
      this.warned.add(key.ticker);
      this.logger.warn(
        { ticker: key.ticker, fyToken: key.fyToken },
        'instrument not in the master: reporting the Fyers symbol; download the master again',
      );
    }
    return { symbol: name, exchange };
  }
}
