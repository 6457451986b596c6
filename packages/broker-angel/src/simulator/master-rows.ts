import { type ExpiryDate, type Instrument, tryParseExpiry } from '@openalgo/core';
import type { MasterInstrument } from '@openalgo/testkit/simulator';

/**
 * One instrument before Angel's token and symbol are minted: a row of the sandbox universe (priced by
 * the synthetic market, tradable) or a filler row of the generated master (listed so the master has a
 * real master's size, never priced). Every field is always present so 100k drafts share one shape.
 */
export interface DraftRow {
  kind: 'equity' | 'index' | 'future' | 'option';
  /** Angel's `exch_seg` (`NSE` for an NSE index feed). */
  exchSeg: string;
  /** OpenAlgo's exchange of the instrument (`NSE_INDEX` for that feed). */
  exchange: string;
  /** Equity: the ticker. Index: OpenAlgo's symbol. Derivatives: the underlying. */
  base: string;
  /** Company or index long name. */
  longName: string;
  expiry: ExpiryDate | undefined;
  strike: number;
  optionType: 'CE' | 'PE' | undefined;
  lotSize: number;
  tickSize: number;
  /** Angel's `instrumenttype`: '' cash, AMXIDX, FUTIDX, OPTSTK, FUTCOM, OPTFUT, FUTCUR, OPTCUR… */
  instrumentType: string;
  /** A still price for unpriced rows' quotes. */
  price: number;
  sandbox: Instrument | undefined;
}

const DERIVATIVE_EXCHANGES: ReadonlySet<string> = new Set(['NFO', 'BFO', 'CDS', 'MCX']);
const CASH_EXCHANGES: ReadonlySet<string> = new Set(['NSE', 'BSE']);
const INDEX_UNDERLYINGS: ReadonlySet<string> = new Set([
  'NIFTY',
  'BANKNIFTY',
  'FINNIFTY',
  'MIDCPNIFTY',
  'NIFTYNXT50',
  'SENSEX',
  'BANKEX',
  'SENSEX50',
]);

/** Angel's instrument type of a derivative, by exchange and underlying (§2.5). */
function derivativeType(exchange: string, underlying: string, kind: 'future' | 'option'): string {
  const future = kind === 'future';
  if (exchange === 'MCX') return future ? 'FUTCOM' : 'OPTFUT';
  if (exchange === 'CDS') return future ? 'FUTCUR' : 'OPTCUR';
  const family = INDEX_UNDERLYINGS.has(underlying) ? 'IDX' : 'STK';
  return `${future ? 'FUT' : 'OPT'}${family}`;
}

function indexDraft(exchange: string, symbol: string, longName: string, sandbox?: Instrument): DraftRow {
  return {
    kind: 'index',
    exchSeg: exchange === 'NSE_INDEX' ? 'NSE' : 'BSE',
    exchange,
    base: symbol,
    longName,
    expiry: undefined,
    strike: 0,
    optionType: undefined,
    lotSize: 1,
    tickSize: 0,
    instrumentType: 'AMXIDX',
    price: 0,
    sandbox,
  };
}

/** A sandbox universe row as Angel lists it; undefined for an exchange Angel does not carry. */
export function draftFromSandbox(row: Instrument): DraftRow | undefined {
  if (row.exchange === 'NSE_INDEX' || row.exchange === 'BSE_INDEX') {
    return indexDraft(row.exchange, row.symbol, row.name, row);
  }
  const type = row.instrumentType;
  if (type === 'FUT' || type === 'CE' || type === 'PE') {
    const expiry = tryParseExpiry(row.expiry);
    if (!expiry || !DERIVATIVE_EXCHANGES.has(row.exchange)) return undefined;
    const kind = type === 'FUT' ? 'future' : 'option';
    return {
      kind,
      exchSeg: row.exchange,
      exchange: row.exchange,
      base: row.name,
      longName: row.name,
      expiry,
      strike: kind === 'option' ? row.strike : 0,
      optionType: type === 'FUT' ? undefined : type,
      lotSize: row.lotSize,
      tickSize: row.tickSize,
      instrumentType: derivativeType(row.exchange, row.name, kind),
      price: 0,
      sandbox: row,
    };
  }
  if (!CASH_EXCHANGES.has(row.exchange)) return undefined;
  return {
    kind: 'equity',
    exchSeg: row.exchange,
    exchange: row.exchange,
    base: row.symbol,
    longName: row.name || row.symbol,
    expiry: undefined,
    strike: 0,
    optionType: undefined,
    lotSize: row.lotSize,
    tickSize: row.tickSize,
    instrumentType: '',
    price: 0,
    sandbox: row,
  };
}

/** A generated filler row as Angel lists it; undefined for an exchange Angel does not carry. */
export function draftFromFiller(row: MasterInstrument): DraftRow | undefined {
  if (row.kind === 'index') {
    if (row.exchange !== 'NSE_INDEX' && row.exchange !== 'BSE_INDEX') return undefined;
    return { ...indexDraft(row.exchange, row.symbol, row.name), price: row.price };
  }
  if (row.kind === 'equity') {
    if (!CASH_EXCHANGES.has(row.exchange)) return undefined;
    return {
      kind: 'equity',
      exchSeg: row.exchange,
      exchange: row.exchange,
      base: row.symbol,
      longName: row.name,
      expiry: undefined,
      strike: 0,
      optionType: undefined,
      lotSize: row.lotSize,
      tickSize: row.tickSize,
      instrumentType: '',
      price: row.price,
      sandbox: undefined,
    };
  }
  const expiry = row.expiryDate ?? tryParseExpiry(row.expiry);
  if (!expiry || !DERIVATIVE_EXCHANGES.has(row.exchange)) return undefined;
  if (row.kind === 'option' && !row.optionType) return undefined;
  return {
    kind: row.kind,
    exchSeg: row.exchange,
    exchange: row.exchange,
    base: row.underlying,
    longName: row.underlying,
    expiry,
    strike: row.kind === 'option' ? row.strike : 0,
    optionType: row.kind === 'option' ? row.optionType : undefined,
    lotSize: row.lotSize,
    tickSize: row.tickSize,
    instrumentType:
      row.instrumentType.startsWith('F') || row.instrumentType.startsWith('O')
        ? row.instrumentType
        : derivativeType(row.exchange, row.underlying, row.kind),
    price: row.price,
    sandbox: undefined,
  };
}
