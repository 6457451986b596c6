import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidRequestError } from '../errors/openalgo-error.js';
import type { Instrument } from '../model/instrument.js';

const FORMAT = 'openalgo-instruments';
const VERSION = 1;
/** Rows are stored as arrays in this column order: about half the size of keyed JSON objects. */
const COLUMNS = [
  'symbol',
  'exchange',
  'brsymbol',
  'brexchange',
  'token',
  'name',
  'expiry',
  'strike',
  'lotSize',
  'tickSize',
  'instrumentType',
] as const satisfies ReadonlyArray<keyof Instrument>;

const BROKER_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_FILE = /^(\d{4}-\d{2}-\d{2})\.jsonl$/;
const LINES_PER_WRITE = 10_000;

export type InstrumentCacheRead =
  | { status: 'hit'; rows: Instrument[] }
  | { status: 'miss' }
  /** The file exists but cannot be trusted (edited, wrong format, cut short); treat it as absent. */
  | { status: 'corrupt'; reason: string };

interface Header {
  format: string;
  version: number;
  broker: string;
  tradingDay: string;
  columns: string[];
  rows: number;
}

function checkKey(broker: string, tradingDay: string): void {
  if (!BROKER_ID.test(broker)) {
    throw new InvalidRequestError(`Invalid broker id "${broker}" for the instrument cache`, {
      field: 'broker',
    });
  }
  if (!DAY.test(tradingDay)) {
    throw new InvalidRequestError(`Invalid trading day "${tradingDay}": must be YYYY-MM-DD`, {
      field: 'tradingDay',
    });
  }
}

function isNodeError(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}

const NUMERIC_COLUMNS: ReadonlySet<string> = new Set(['strike', 'lotSize', 'tickSize']);

function decodeRow(line: string, lineNo: number): Instrument {
  const values: unknown = JSON.parse(line);
  if (!Array.isArray(values) || values.length !== COLUMNS.length) {
    throw new Error(`line ${lineNo} is not a row of ${COLUMNS.length} columns`);
  }
  const row: Record<string, unknown> = {};
  COLUMNS.forEach((column, i) => {
    const value: unknown = values[i];
    if (typeof value !== (NUMERIC_COLUMNS.has(column) ? 'number' : 'string')) {
      throw new Error(`line ${lineNo}: ${column} has the wrong type`);
    }
    row[column] = value;
  });
  // Field types are checked above; the exchange's value is checked when the index is built.
  return row as Instrument;
}

/**
 * The instrument master on disk, one file per broker per trading day
 * (`<dir>/<broker>/<YYYY-MM-DD>.jsonl`: a header line, then one JSON array per row). Writes go to a
 * temporary file that is synced and renamed into place, so a crash leaves the old file or the new
 * one, never a torn one. File-system failures surface as Node's own errors.
 */
export class InstrumentCache {
  constructor(readonly dir: string) {}

  private file(broker: string, tradingDay: string): string {
    checkKey(broker, tradingDay);
    return join(this.dir, broker, `${tradingDay}.jsonl`);
  }

  async read(broker: string, tradingDay: string): Promise<InstrumentCacheRead> {
    let text: string;
    try {
      text = await readFile(this.file(broker, tradingDay), 'utf8');
    } catch (error) {
      if (isNodeError(error, 'ENOENT')) return { status: 'miss' };
      throw error;
    }
    try {
      return { status: 'hit', rows: parseFile(text, broker, tradingDay) };
    } catch (error) {
      return { status: 'corrupt', reason: error instanceof Error ? error.message : String(error) };
    }
  }

  async write(broker: string, tradingDay: string, rows: Iterable<Instrument>): Promise<{ rows: number }> {
    const target = this.file(broker, tradingDay);
    const lines: string[] = [];
    for (const row of rows) lines.push(JSON.stringify(COLUMNS.map((column) => row[column])));
    const header: Header = {
      format: FORMAT,
      version: VERSION,
      broker,
      tradingDay,
      columns: [...COLUMNS],
      rows: lines.length,
    };
    await mkdir(join(this.dir, broker), { recursive: true });
    const temp = `${target}.${process.pid}.${randomUUID()}.tmp`;
    const handle = await open(temp, 'w');
    try {
      await handle.write(`${JSON.stringify(header)}\n`);
      for (let i = 0; i < lines.length; i += LINES_PER_WRITE) {
        await handle.write(`${lines.slice(i, i + LINES_PER_WRITE).join('\n')}\n`);
      }
      await handle.sync();
      await handle.close();
      await rename(temp, target);
    } catch (error) {
      await handle.close().catch(() => undefined);
      await rm(temp, { force: true });
      throw error;
    }
    return { rows: lines.length };
  }

  /** Trading days cached for a broker, newest first. */
  async days(broker: string): Promise<string[]> {
    checkKey(broker, '2000-01-01');
    let names: string[];
    try {
      names = await readdir(join(this.dir, broker));
    } catch (error) {
      if (isNodeError(error, 'ENOENT')) return [];
      throw error;
    }
    const days = names.flatMap((name) => DAY_FILE.exec(name)?.[1] ?? []);
    return days.sort().reverse();
  }

  /** Deletes all but the newest `keep` days of a broker's masters (each is tens of megabytes). */
  async prune(broker: string, keep = 2): Promise<string[]> {
    const removed = (await this.days(broker)).slice(Math.max(0, keep));
    for (const day of removed) await rm(this.file(broker, day), { force: true });
    return removed;
  }
}

function parseFile(text: string, broker: string, tradingDay: string): Instrument[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const header = JSON.parse(lines[0] ?? '') as Partial<Header> | null;
  if (header?.format !== FORMAT || header.version !== VERSION)
    throw new Error('not an instrument cache file of this version');
  if (header.broker !== broker || header.tradingDay !== tradingDay) {
    throw new Error(`file is for ${String(header.broker)} ${String(header.tradingDay)}`);
  }
  if (JSON.stringify(header.columns) !== JSON.stringify(COLUMNS)) throw new Error('column layout differs');
  const count = lines.length - 1;
  if (header.rows !== count)
    throw new Error(`header promises ${String(header.rows)} rows, file has ${count}`);
  const rows = new Array<Instrument>(count);
  for (let i = 0; i < count; i++) rows[i] = decodeRow(lines[i + 1] as string, i + 2);
  return rows;
}
