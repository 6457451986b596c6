import { type ExpiryDate, type Instrument, tryParseExpiry } from '@openalgo/core';
import type { MasterInstrument } from '@openalgo/testkit/simulator';
import { type FyersSegmentFile, INDEX_NAMES, segmentFileOf } from './fyers-symbols.js';

/**
 * One instrument before Fyers' tokens and ticker are minted: a sandbox universe row (priced and
 * tradable) or a filler row of the generated master (listed so each CSV has a real size, never
 * priced). Every field is always present so the 100k drafts share one object shape.
 */
export interface DraftRow {
  kind: 'equity' | 'index' | 'future' | 'option';
  file: FyersSegmentFile;
  /** Equity: the ticker root (`SBIN`); index: the OpenAlgo symbol; derivatives: the underlying. */
  base: string;
  /** Equity: the company; index: its long name (`Nifty 50`). */
  details: string;
  /** Generic type (EQ, INDEX, FUTIDX, OPTSTK…) for the type-code column. */
  genericType: string;
  expiry: ExpiryDate | undefined;
  strike: number;
  optionType: 'CE' | 'PE' | undefined;
  lotSize: number;
  tickSize: number;
  isin: string;
  lastPrice: number;
  sandbox: Instrument | undefined;
}

/**
 * Fyers' "Exchange Instrument type" codes: 0 EQ, 10 INDEX (the two OpenAlgo's transform reads, §3.8),
 * and for derivatives 11 FUTIDX, 13 FUTSTK, 14 OPTIDX, 15 OPTSTK, 16 FUTCUR, 19 OPTCUR, 30 FUTCOM,
 * 31 OPTFUT — the derivative codes are [unverified]; parsers read the option-type column instead.
 */
export const TYPE_CODES: Readonly<Record<string, number>> = {
  EQ: 0,
  INDEX: 10,
  FUTIDX: 11,
  FUTSTK: 13,
  OPTIDX: 14,
  OPTSTK: 15,
  FUTCUR: 16,
  OPTCUR: 19,
  FUTCOM: 30,
  OPTFUT: 31,
};

function genericDerivative(exchange: string, kind: 'future' | 'option', underlying: string): string {
  if (exchange === 'CDS') return kind === 'future' ? 'FUTCUR' : 'OPTCUR';
  if (exchange === 'MCX') return kind === 'future' ? 'FUTCOM' : 'OPTFUT';
  const onIndex = INDEX_NAMES[underlying] !== undefined;
  if (kind === 'future') return onIndex ? 'FUTIDX' : 'FUTSTK';
  return onIndex ? 'OPTIDX' : 'OPTSTK';
}

function blank(): Omit<DraftRow, 'kind' | 'file' | 'base' | 'details' | 'genericType'> {
  return {
    expiry: undefined,
    strike: 0,
    optionType: undefined,
    lotSize: 1,
    tickSize: 0.05,
    isin: '',
    lastPrice: 0,
    sandbox: undefined,
  };
}

/** A sandbox universe row as Fyers lists it; undefined for an exchange Fyers does not carry. */
export function draftFromSandbox(row: Instrument): DraftRow | undefined {
  const file = segmentFileOf(row.exchange);
  if (!file) return undefined;
  if (row.exchange === 'NSE_INDEX' || row.exchange === 'BSE_INDEX') {
    const details = INDEX_NAMES[row.symbol]?.details ?? row.name;
    return { ...blank(), kind: 'index', file, base: row.symbol, details, genericType: 'INDEX', sandbox: row };
  }
  const type = row.instrumentType;
  if (type === 'FUT' || type === 'CE' || type === 'PE') {
    const expiry = tryParseExpiry(row.expiry);
    if (!expiry) return undefined;
    const kind = type === 'FUT' ? 'future' : 'option';
    return {
      ...blank(),
      kind,
      file,
      base: row.name,
      details: row.name,
      genericType: genericDerivative(row.exchange, kind, row.name),
      expiry,
      strike: kind === 'option' ? row.strike : 0,
      optionType: type === 'FUT' ? undefined : type,
      lotSize: row.lotSize,
      tickSize: row.tickSize,
      sandbox: row,
    };
  }
  return {
    ...blank(),
    kind: 'equity',
    file,
    base: row.symbol,
    details: row.name || row.symbol,
    genericType: 'EQ',
    lotSize: row.lotSize,
    tickSize: row.tickSize,
    sandbox: row,
  };
}

/** A generated filler row as Fyers lists it; undefined for an exchange Fyers does not carry. */
export function draftFromFiller(row: MasterInstrument): DraftRow | undefined {
  const file = segmentFileOf(row.exchange);
  if (!file) return undefined;
  const common = { ...blank(), file, lotSize: row.lotSize, tickSize: row.tickSize, lastPrice: row.price };
  if (row.kind === 'index') {
    const details = INDEX_NAMES[row.symbol]?.details ?? row.name;
    return { ...common, kind: 'index', base: row.symbol, details, genericType: 'INDEX', lotSize: 1 };
  }
  if (row.kind === 'equity') {
    return {
      ...common,
      kind: 'equity',
      base: row.symbol,
      details: row.name,
      genericType: 'EQ',
      isin: row.isin ?? '',
    };
  }
  const expiry = row.expiryDate ?? tryParseExpiry(row.expiry);
  if (!expiry || (row.kind === 'option' && !row.optionType)) return undefined;
  return {
    ...common,
    kind: row.kind,
    base: row.underlying,
    details: row.underlying,
    genericType: genericDerivative(row.exchange, row.kind, row.underlying),
    expiry,
    strike: row.kind === 'option' ? row.strike : 0,
    optionType: row.kind === 'option' ? row.optionType : undefined,
  };
}
