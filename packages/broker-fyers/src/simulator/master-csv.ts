import { istDate } from '@openalgo/core';
import { expiryEpochSeconds, SEGMENTS } from './fyers-symbols.js';
import type { FyersInstrument } from './master.js';

/** Trading sessions as Fyers prints them per segment (`HHMM-HHMM|…:`). */
const SESSIONS: Readonly<Record<string, string>> = {
  NSE_CM: '0915-1530|1815-1915:',
  NSE_FO: '0915-1530|1815-1915:',
  BSE_CM: '0915-1530|1815-1915:',
  BSE_FO: '0915-1530|1815-1915:',
  NSE_CD: '0900-1700|1815-1915:',
  MCX_COM: '0900-2355|1815-1915:',
};

/** Python writes floats with a point (`-1.0`, `24000.0`); six decimals hide float noise, keep 0.0025. */
export function pythonFloat(value: number): string {
  if (Number.isInteger(value)) return `${value}.0`;
  return String(Number(value.toFixed(6)));
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * One line of Fyers' headerless 21-column master (brokers.md §3.5): fyToken, Symbol Details,
 * instrument type, lot, tick (unscaled), ISIN, session, last update (`YYYY-MM-DD`, the 2026 form),
 * expiry (epoch s, empty for cash), ticker, exchange, segment, scrip code, underlying, underlying
 * scrip code, strike (`-1.0` unless an option), option type (`XX` unless an option), underlying
 * fyToken, three reserved columns.
 */
export function csvLine(row: FyersInstrument, updated: string): string {
  const codes = SEGMENTS[row.file];
  return [
    row.fyToken,
    csvField(row.details),
    String(row.typeCode),
    String(row.lotSize),
    String(Number(row.tickSize.toFixed(6))),
    row.isin,
    SESSIONS[row.file] ?? '',
    updated,
    row.expiry ? String(expiryEpochSeconds(row.expiry)) : '',
    csvField(row.ticker),
    String(codes.exchange),
    String(codes.segment),
    String(row.exchangeToken),
    csvField(row.underlying),
    String(row.underlyingToken),
    row.optionType ? pythonFloat(row.strike) : '-1.0',
    row.optionType ?? 'XX',
    row.underlyingFyToken,
    'None',
    '1',
    '0.0',
  ].join(',');
}

/** A segment's CSV body: no header, `\n` line ends. */
export function segmentCsv(rows: readonly FyersInstrument[], asOf: number): Buffer {
  const updated = istDate(asOf);
  const chunks: Buffer[] = [];
  // Joined in slices so no single string grows to the size of the whole file.
  const SLICE = 5_000;
  for (let start = 0; start < rows.length; start += SLICE) {
    const lines: string[] = [];
    for (const row of rows.slice(start, start + SLICE)) lines.push(csvLine(row, updated));
    chunks.push(Buffer.from(`${lines.join('\n')}\n`));
  }
  return Buffer.concat(chunks);
}
