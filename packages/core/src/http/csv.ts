import { isAscii } from 'node:buffer';
import { BrokerError } from '../errors/openalgo-error.js';

/**
 * A small RFC 4180 CSV parser that works chunk by chunk, so a 100k-row instrument master can be read
 * straight off the socket without ever holding the whole body as one string.
 *
 * Accepts quoted fields with embedded delimiters, quotes (`""`) and newlines; LF, CRLF and lone CR
 * line endings; a leading UTF-8 BOM. Lines with no characters at all are skipped (masters often end
 * with one); a line holding only `""` is a real row with one empty field.
 */

export interface CsvOptions {
  /** Single-character field separator; `,` unless the broker uses something else (`|`, `\t`). */
  delimiter?: string;
}

export interface CsvRecordOptions extends CsvOptions {
  /** Treat the first row as column names and yield records keyed by them. */
  header: true;
}

export type CsvRecord = Record<string, string>;

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
/** Saw `"` inside a quoted field: either an escaped quote (`""`) or the closing quote. */
const QUOTE_IN_QUOTED = 3;
type State = 0 | 1 | 2 | 3;

/** Incremental parser: `push` text as it arrives, collect completed rows, `end` once. */
export class CsvParser {
  private readonly delimiter: number;
  private readonly delimiterText: string;
  private state: State = FIELD_START;
  private row: string[] = [];
  private field = '';
  private lineHasContent = false;
  /** The previous chunk ended a row on CR; a LF at the start of the next chunk belongs to it. */
  private skipLf = false;
  private atStart = true;

  constructor(options: CsvOptions = {}) {
    const delimiter = options.delimiter ?? ',';
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
      throw new RangeError(`CSV delimiter must be one character other than quote/newline, got ${delimiter}`);
    }
    this.delimiter = delimiter.charCodeAt(0);
    this.delimiterText = delimiter;
  }

  /** Parses the next piece of text; returns the rows it completed (possibly none). */
  push(text: string): string[][] {
    const rows: string[][] = [];
    let i = 0;
    if (this.atStart && text.length > 0) {
      this.atStart = false;
      if (text.charCodeAt(0) === 0xfeff) i = 1;
    }
    const n = text.length;
    const delimiter = this.delimiter;
    while (i < n) {
      if (this.state === FIELD_START && this.row.length === 0 && !this.lineHasContent && !this.skipLf) {
        i = this.plainLines(text, i, rows);
        if (i >= n) break;
      }
      const c = text.charCodeAt(i);
      if (this.skipLf) {
        this.skipLf = false;
        if (c === LF) {
          i++;
          continue;
        }
      }
      switch (this.state) {
        case QUOTED: {
          const q = text.indexOf('"', i);
          if (q < 0) {
            this.field += text.slice(i);
            i = n;
          } else {
            this.field += text.slice(i, q);
            i = q + 1;
            this.state = QUOTE_IN_QUOTED;
          }
          break;
        }
        case QUOTE_IN_QUOTED:
          if (c === QUOTE) {
            this.field += '"';
            this.state = QUOTED;
            i++;
          } else {
            // Closing quote; anything up to the delimiter is kept verbatim (lenient, like most readers).
            this.state = UNQUOTED;
          }
          break;
        default: {
          if (this.state === FIELD_START && c === QUOTE) {
            this.state = QUOTED;
            this.lineHasContent = true;
            i++;
            break;
          }
          let j = i;
          while (j < n) {
            const d = text.charCodeAt(j);
            if (d === delimiter || d === LF || d === CR) break;
            j++;
          }
          if (j > i) {
            this.field += text.slice(i, j);
            this.lineHasContent = true;
            this.state = UNQUOTED;
          }
          i = j;
          if (j < n) {
            const d = text.charCodeAt(j);
            i++;
            if (d === delimiter) {
              this.row.push(this.field);
              this.field = '';
              this.state = FIELD_START;
              this.lineHasContent = true;
            } else {
              this.endRow(rows);
              if (d === CR) this.skipLf = true;
            }
          }
        }
      }
    }
    return rows;
  }

  /**
   * The fast path for what a master mostly is: whole lines from `i` with no quote and no lone CR,
   * split with `indexOf` instead of a character at a time. Returns where it stopped: the end of the
   * text, or the start of a line the general loop must read (quoted, CR-ended, or not complete yet).
   */
  private plainLines(text: string, from: number, rows: string[][]): number {
    const n = text.length;
    const delimiter = this.delimiterText;
    let quote = text.indexOf('"', from);
    if (quote < 0) quote = n;
    let cr = text.indexOf('\r', from);
    if (cr < 0) cr = n;
    let i = from;
    while (i < n) {
      const lf = text.indexOf('\n', i);
      if (lf < 0 || quote < lf) return i;
      let end = lf;
      if (cr < lf) {
        if (cr !== lf - 1) return i;
        end = cr;
        cr = text.indexOf('\r', lf + 1);
        if (cr < 0) cr = n;
      }
      if (end > i) {
        const row: string[] = [];
        let start = i;
        let cut = text.indexOf(delimiter, start);
        while (cut >= 0 && cut < end) {
          row.push(text.slice(start, cut));
          start = cut + 1;
          cut = text.indexOf(delimiter, start);
        }
        row.push(text.slice(start, end));
        rows.push(row);
      }
      i = lf + 1;
    }
    return i;
  }

  /** Flushes the last row. Throws BROKER_ERROR when the input stops inside a quoted field (truncated body). */
  end(): string[][] {
    if (this.state === QUOTED) {
      throw new BrokerError('malformed CSV: input ended inside a quoted field (truncated response?)');
    }
    const rows: string[][] = [];
    this.endRow(rows);
    return rows;
  }

  private endRow(rows: string[][]): void {
    if (this.lineHasContent || this.row.length > 0 || this.field !== '') {
      this.row.push(this.field);
      rows.push(this.row);
    }
    this.row = [];
    this.field = '';
    this.state = FIELD_START;
    this.lineHasContent = false;
  }
}

function toRecord(header: readonly string[], row: readonly string[]): CsvRecord {
  const record: CsvRecord = {};
  for (let i = 0; i < header.length; i++) record[header[i] as string] = row[i] ?? '';
  return record;
}

function toRecords(rows: string[][]): CsvRecord[] {
  const [header, ...rest] = rows;
  if (!header) return [];
  return rest.map((row) => toRecord(header, row));
}

/** Parses a whole CSV text into rows, or records keyed by the header row. */
export function parseCsv(text: string, options?: CsvOptions): string[][];
export function parseCsv(text: string, options: CsvRecordOptions): CsvRecord[];
export function parseCsv(
  text: string,
  options: CsvOptions & { header?: boolean } = {},
): string[][] | CsvRecord[] {
  const parser = new CsvParser(options);
  const rows = parser.push(text);
  for (const row of parser.end()) rows.push(row);
  return options.header ? toRecords(rows) : rows;
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/**
 * Streams rows out of a byte or text source (e.g. an HTTP body), one batch per chunk: the rows each
 * chunk completed (never an empty batch). Bytes are decoded as UTF-8 with a streaming decoder, so a
 * multi-byte character split across chunks is decoded correctly. For large bodies this is the cheap
 * way in: one `await` per chunk rather than one per row.
 */
export async function* csvBatches(
  source: AsyncIterable<Uint8Array | string>,
  options: CsvOptions = {},
): AsyncGenerator<string[][], void, undefined> {
  const parser = new CsvParser(options);
  const decoder = new TextDecoder('utf-8');
  // Until the first byte above 0x7f, UTF-8 is ASCII, and reading ASCII as latin1 is a plain copy
  // (several times faster than the decoder; masters are ASCII in practice). From then on, and always
  // after a chunk the decoder may have left a partial character in, the decoder reads everything.
  let ascii = true;
  for await (const chunk of source) {
    let text: string;
    if (typeof chunk === 'string') text = chunk;
    else if (ascii && isAscii(chunk)) text = latin1(chunk);
    else {
      ascii = false;
      text = decoder.decode(chunk, { stream: true });
    }
    const rows = parser.push(text);
    if (rows.length > 0) yield rows;
  }
  const tail = decoder.decode();
  const rows = tail ? parser.push(tail) : [];
  for (const row of parser.end()) rows.push(row);
  if (rows.length > 0) yield rows;
}

/** Streams rows (or records keyed by the header row) out of a byte or text source, as `csvBatches`. */
export function csvRows(
  source: AsyncIterable<Uint8Array | string>,
  options?: CsvOptions,
): AsyncGenerator<string[], void, undefined>;
export function csvRows(
  source: AsyncIterable<Uint8Array | string>,
  options: CsvRecordOptions,
): AsyncGenerator<CsvRecord, void, undefined>;
export async function* csvRows(
  source: AsyncIterable<Uint8Array | string>,
  options: CsvOptions & { header?: boolean } = {},
): AsyncGenerator<string[] | CsvRecord, void, undefined> {
  const wantHeader = options.header === true;
  let header: string[] | undefined;
  for await (const rows of csvBatches(source, options)) {
    for (const row of rows) {
      if (!wantHeader) yield row;
      else if (header) yield toRecord(header, row);
      else header = row;
    }
  }
}
