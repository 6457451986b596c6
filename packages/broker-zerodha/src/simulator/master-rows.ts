import type { ExpiryDate, Instrument } from '@openalgo/core';
import type { MasterInstrument } from '@openalgo/testkit/simulator';
import { expiryFromDashed, kiteIndexName } from './kite-symbols.js';

export type SegmentCodeKey = 'NSE' | 'NFO' | 'CDS' | 'BSE' | 'BFO' | 'BCD' | 'MCX' | 'INDICES';

/**
 * One instrument before Kite's tokens and tradingsymbol are minted: either a row of the sandbox
 * universe (priced by the synthetic market, tradable) or a filler row of the generated master
 * (listed so the master has a real master's size, never priced). Every field is always present so
 * the 100k drafts share one object shape.
 */
export interface DraftRow {
  kind: 'equity' | 'index' | 'future' | 'option';
  /** Kite's exchange column (`NSE` for an NSE index feed). */
  exchange: string;
  /** Kite's segment column (`NSE`, `INDICES`, `NFO-OPT`…). */
  segment: string;
  /** Segment code name for the token's low byte. */
  code: SegmentCodeKey;
  /** Equity/index: the tradingsymbol itself. Derivatives: the underlying. */
  base: string;
  /** The name column. */
  name: string;
  expiry: ExpiryDate | undefined;
  strike: number;
  optionType: 'CE' | 'PE' | undefined;
  lotSize: number;
  tickSize: number;
  /** The master's last_price column. */
  lastPrice: number;
  sandbox: Instrument | undefined;
}

const CODES: Readonly<Record<string, SegmentCodeKey>> = {
  NSE: 'NSE',
  NFO: 'NFO',
  CDS: 'CDS',
  BSE: 'BSE',
  BFO: 'BFO',
  BCD: 'BCD',
  MCX: 'MCX',
};
const DERIVATIVE_EXCHANGES: ReadonlySet<string> = new Set(['NFO', 'BFO', 'CDS', 'BCD', 'MCX']);

function codeOf(exchange: string): SegmentCodeKey | undefined {
  return Object.hasOwn(CODES, exchange) ? CODES[exchange] : undefined;
}

/** Kite lists index feeds on their cash exchange, in the INDICES segment, with lot 0 and tick 0. */
function indexDraft(exchange: 'NSE' | 'BSE', name: string, sandbox: Instrument | undefined): DraftRow {
  return {
    kind: 'index',
    exchange,
    segment: 'INDICES',
    code: 'INDICES',
    base: name,
    name,
    expiry: undefined,
    strike: 0,
    optionType: undefined,
    lotSize: 0,
    tickSize: 0,
    lastPrice: 0,
    sandbox,
  };
}

function equityDraft(
  exchange: string,
  code: SegmentCodeKey,
  symbol: string,
  name: string,
  lot: { lotSize: number; tickSize: number; lastPrice: number },
  sandbox: Instrument | undefined,
): DraftRow {
  return {
    kind: 'equity',
    exchange,
    segment: exchange,
    code,
    base: symbol,
    name,
    expiry: undefined,
    strike: 0,
    optionType: undefined,
    lotSize: lot.lotSize,
    tickSize: lot.tickSize,
    lastPrice: lot.lastPrice,
    sandbox,
  };
}

interface DerivativeFields {
  exchange: string;
  code: SegmentCodeKey;
  kind: 'future' | 'option';
  underlying: string;
  expiry: ExpiryDate;
  strike: number;
  optionType: 'CE' | 'PE' | undefined;
  lotSize: number;
  tickSize: number;
  lastPrice: number;
}

function derivativeDraft(f: DerivativeFields, sandbox: Instrument | undefined): DraftRow {
  return {
    kind: f.kind,
    exchange: f.exchange,
    segment: f.kind === 'future' ? `${f.exchange}-FUT` : `${f.exchange}-OPT`,
    code: f.code,
    base: f.underlying,
    name: f.underlying,
    expiry: f.expiry,
    strike: f.kind === 'option' ? f.strike : 0,
    optionType: f.kind === 'option' ? f.optionType : undefined,
    lotSize: f.lotSize,
    tickSize: f.tickSize,
    lastPrice: f.lastPrice,
    sandbox,
  };
}

/** A sandbox universe row as Kite lists it; undefined for an exchange Kite does not carry. */
export function draftFromSandbox(row: Instrument): DraftRow | undefined {
  if (row.exchange === 'NSE_INDEX') return indexDraft('NSE', kiteIndexName(row.symbol), row);
  if (row.exchange === 'BSE_INDEX') return indexDraft('BSE', kiteIndexName(row.symbol), row);
  const code = codeOf(row.exchange);
  if (!code) return undefined;
  const type = row.instrumentType;
  if (type === 'FUT' || type === 'CE' || type === 'PE') {
    const expiry = expiryFromDashed(row.expiry);
    if (!expiry || !DERIVATIVE_EXCHANGES.has(row.exchange)) return undefined;
    return derivativeDraft(
      {
        exchange: row.exchange,
        code,
        kind: type === 'FUT' ? 'future' : 'option',
        underlying: row.name,
        expiry,
        strike: row.strike,
        optionType: type === 'FUT' ? undefined : type,
        lotSize: row.lotSize,
        tickSize: row.tickSize,
        lastPrice: 0,
      },
      row,
    );
  }
  const lot = { lotSize: row.lotSize, tickSize: row.tickSize, lastPrice: 0 };
  return equityDraft(row.exchange, code, row.symbol, row.name || row.symbol, lot, row);
}

/** A generated filler row as Kite lists it; undefined for an exchange Kite does not carry. */
export function draftFromFiller(row: MasterInstrument): DraftRow | undefined {
  if (row.kind === 'index') {
    // The generator's long names are the exchanges' own (`NIFTY 50`, `SNSX50`), which Kite uses.
    const name = row.name || kiteIndexName(row.symbol);
    if (row.exchange === 'NSE_INDEX') return indexDraft('NSE', name, undefined);
    if (row.exchange === 'BSE_INDEX') return indexDraft('BSE', name, undefined);
    return undefined;
  }
  const code = codeOf(row.exchange);
  if (!code) return undefined;
  if (row.kind === 'equity') {
    const lot = { lotSize: row.lotSize, tickSize: row.tickSize, lastPrice: row.price };
    return equityDraft(row.exchange, code, row.symbol, row.name, lot, undefined);
  }
  const expiry = row.expiryDate ?? expiryFromDashed(row.expiry);
  if (!expiry || !DERIVATIVE_EXCHANGES.has(row.exchange)) return undefined;
  if (row.kind === 'option' && !row.optionType) return undefined;
  return derivativeDraft(
    {
      exchange: row.exchange,
      code,
      kind: row.kind,
      underlying: row.underlying,
      expiry,
      strike: row.strike,
      optionType: row.optionType,
      lotSize: row.lotSize,
      tickSize: row.tickSize,
      lastPrice: row.price,
    },
    undefined,
  );
}
