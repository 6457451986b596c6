import type { KiteInstrument } from './master.js';

/** Kite's header row, exactly (docs/reference/brokers.md §1.5). */
export const KITE_CSV_HEADER =
  'instrument_token,exchange_token,tradingsymbol,name,last_price,expiry,strike,tick_size,lot_size,instrument_type,segment,exchange';

/** Kite's dump is written by Python: floats always carry a decimal point (`0.0`, `23500.0`, `0.05`). */
export function pythonFloat(value: number): string {
  if (Number.isInteger(value)) return `${value}.0`;
  // Six decimals hides float noise (88.25000000000001) without losing a real tick (0.0025).
  return String(Number(value.toFixed(6)));
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(row: KiteInstrument): string {
  return [
    String(row.instrumentToken),
    String(row.exchangeToken),
    csvField(row.tradingsymbol),
    csvField(row.name),
    pythonFloat(row.lastPrice),
    row.expiry,
    pythonFloat(row.strike),
    pythonFloat(row.tickSize),
    String(row.lotSize),
    row.instrumentType,
    row.segment,
    row.exchange,
  ].join(',');
}

/** The CSV body: header, then one line per row, with Python's `\r\n` line ends (as kite-mocks' dumps). */
export function masterCsv(rows: readonly KiteInstrument[]): Buffer {
  const chunks: Buffer[] = [Buffer.from(`${KITE_CSV_HEADER}\r\n`)];
  // Joined in slices so no single string grows to the size of the whole master.
  const SLICE = 5_000;
  for (let start = 0; start < rows.length; start += SLICE) {
    const lines: string[] = [];
    for (const row of rows.slice(start, start + SLICE)) lines.push(csvLine(row));
    chunks.push(Buffer.from(`${lines.join('\r\n')}\r\n`));
  }
  return Buffer.concat(chunks);
}
