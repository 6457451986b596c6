import { type ExpiryDate, type Instrument, istDate } from '@openalgo/core';
import { generateUniverse } from '@openalgo/sandbox';
import { generateMasterUniverse, SharedBuilds } from '@openalgo/testkit/simulator';
import {
  derivativeDetails,
  derivativeTickerSymbol,
  FYERS_SEGMENT_FILES,
  type FyersSegmentFile,
  fyTokenOf,
  indexRootOf,
  SEGMENTS,
} from './fyers-symbols.js';
import { segmentCsv } from './master-csv.js';
import { type DraftRow, draftFromFiller, draftFromSandbox, TYPE_CODES } from './master-rows.js';

/** One row of the simulator's master, in Fyers' terms. */
export interface FyersInstrument {
  kind: DraftRow['kind'];
  file: FyersSegmentFile;
  /** 14–16 digits, kept as a string. */
  fyToken: string;
  /** `NSE:SBIN-EQ`: what every REST call names. */
  ticker: string;
  details: string;
  typeCode: number;
  lotSize: number;
  tickSize: number;
  isin: string;
  expiry: ExpiryDate | undefined;
  exchangeToken: number;
  /** The underlying column: `SBIN`, `NIFTY50` for the index itself, `NIFTY` for its derivatives. */
  underlying: string;
  underlyingToken: number;
  underlyingFyToken: string;
  strike: number;
  optionType: 'CE' | 'PE' | undefined;
  /** A plausible price for a filler row's quote (filler rows are never priced by the market). */
  lastPrice: number;
  /** The sandbox instrument behind a priced, tradable row; undefined on filler rows. */
  sandbox: Instrument | undefined;
}

export interface FyersMasterOptions {
  /** The trading day the master is for (epoch ms). */
  asOf: number;
  seed: number;
  /** Rows over all six segment files (sandbox rows included). */
  size: number;
}

/** Exchange tokens the examples of brokers.md use, so `NSE:SBIN-EQ` is `10100000003045` here too. */
const KNOWN_TOKENS: Readonly<Record<string, number>> = {
  'NSE_CM:SBIN': 3045,
  'NSE_CM:RELIANCE': 2885,
  'NSE_CM:INFY': 1594,
  'NSE_CM:NIFTY': 26000,
  'NSE_CM:BANKNIFTY': 26009,
  'NSE_CM:INDIAVIX': 26017,
  'NSE_CM:FINNIFTY': 26037,
  'NSE_CM:MIDCPNIFTY': 26074,
};

/** First exchange token per file and kind; ranges keep every fyToken at 14–16 digits. */
function firstToken(file: FyersSegmentFile, kind: DraftRow['kind']): number {
  if (kind === 'index') return file === 'NSE_CM' ? 26_100 : 999_900;
  const firsts: Record<FyersSegmentFile, number> = {
    NSE_CM: 1_000,
    BSE_CM: 500_000,
    NSE_FO: 35_000,
    BSE_FO: 800_000,
    NSE_CD: 1_000,
    MCX_COM: 400_000,
  };
  return firsts[file];
}

export class FyersMaster {
  readonly rows: readonly FyersInstrument[];
  private readonly byTicker = new Map<string, FyersInstrument>();
  private readonly byFyToken = new Map<string, FyersInstrument>();
  private readonly bySandbox = new Map<string, FyersInstrument>();
  private readonly csvCache = new Map<FyersSegmentFile, Buffer>();

  constructor(
    rows: readonly FyersInstrument[],
    readonly asOf: number,
  ) {
    this.rows = rows;
    for (const row of rows) {
      this.byTicker.set(row.ticker, row);
      this.byFyToken.set(row.fyToken, row);
      if (row.sandbox) this.bySandbox.set(`${row.sandbox.exchange}:${row.sandbox.symbol}`, row);
    }
  }

  /** By Fyers' ticker, `NSE:SBIN-EQ`. */
  get(ticker: string): FyersInstrument | undefined {
    return this.byTicker.get(ticker);
  }

  getByFyToken(fyToken: string): FyersInstrument | undefined {
    return this.byFyToken.get(fyToken);
  }

  /** The row of a sandbox (OpenAlgo) instrument. */
  forSandbox(exchange: string, symbol: string): FyersInstrument | undefined {
    return this.bySandbox.get(`${exchange}:${symbol}`);
  }

  /** The sandbox universe, in master order. */
  sandboxRows(): Instrument[] {
    return [...this.bySandbox.values()].map((row) => row.sandbox as Instrument);
  }

  /** Rows per segment file. */
  count(file: FyersSegmentFile): number {
    return this.rows.reduce((n, row) => (row.file === file ? n + 1 : n), 0);
  }

  /** One segment's CSV bytes, built once and kept. */
  csv(file: FyersSegmentFile): Buffer {
    let bytes = this.csvCache.get(file);
    if (!bytes) {
      bytes = segmentCsv(
        this.rows.filter((r) => r.file === file),
        this.asOf,
      );
      this.csvCache.set(file, bytes);
    }
    return bytes;
  }
}

function chainKey(row: DraftRow): string {
  return `${row.file}:${row.base}`;
}

/** For every option chain, the last expiry listed in each month (those take the monthly form). */
function lastExpiryPerMonth(rows: readonly DraftRow[]): Map<string, number> {
  const last = new Map<string, number>();
  for (const row of rows) {
    if (row.kind !== 'option' || !row.expiry) continue;
    const key = `${chainKey(row)}:${row.expiry.year}-${row.expiry.month}`;
    last.set(key, Math.max(last.get(key) ?? 0, row.expiry.day));
  }
  return last;
}

/** The sandbox universe first, then filler rows that neither duplicate nor mix with it. */
function draftRows(options: FyersMasterOptions): DraftRow[] {
  const drafts: DraftRow[] = [];
  const taken = new Set<string>();
  const sandboxChains = new Set<string>();
  for (const row of generateUniverse({ asOf: options.asOf, seed: options.seed })) {
    const draft = draftFromSandbox(row);
    if (!draft) continue;
    drafts.push(draft);
    taken.add(`${row.exchange}:${row.symbol}`);
    if (draft.kind === 'future' || draft.kind === 'option') sandboxChains.add(chainKey(draft));
  }
  if (drafts.length >= options.size) return drafts.slice(0, options.size);
  // Generous: filler rows on the sandbox's own names are skipped, so ask for more than needed.
  for (const row of generateMasterUniverse({
    asOf: options.asOf,
    seed: options.seed,
    // The sandbox lists every index chain, so the filler's index derivatives (~30 %) are all skipped.
    size: options.size + 60_000,
  })) {
    if (drafts.length >= options.size) break;
    if (taken.has(`${row.exchange}:${row.symbol}`)) continue;
    const draft = draftFromFiller(row);
    // A second chain on a sandbox underlying would list contracts the market cannot price.
    if (
      !draft ||
      ((draft.kind === 'future' || draft.kind === 'option') && sandboxChains.has(chainKey(draft)))
    )
      continue;
    taken.add(`${row.exchange}:${row.symbol}`);
    drafts.push(draft);
  }
  return drafts;
}

function tickerOf(draft: DraftRow, monthlyLast: Map<string, number>): string {
  const prefix = SEGMENTS[draft.file].prefix;
  if (draft.kind === 'index') return `${prefix}:${indexRootOf(draft.base)}-INDEX`;
  if (draft.kind === 'equity') return `${prefix}:${draft.base}-${prefix === 'BSE' ? 'A' : 'EQ'}`;
  const expiry = draft.expiry as ExpiryDate;
  const monthKey = `${chainKey(draft)}:${expiry.year}-${expiry.month}`;
  return `${prefix}:${derivativeTickerSymbol({
    underlying: draft.base,
    expiry,
    kind: draft.kind,
    strike: draft.strike,
    optionType: draft.optionType,
    monthly: draft.kind === 'future' || monthlyLast.get(monthKey) === expiry.day,
  })}`;
}

/** Builds the master: exchange tokens per file, fyTokens, tickers, underlyings, sandbox mapping. */
export function buildFyersMaster(options: FyersMasterOptions): FyersMaster {
  const drafts = draftRows(options);
  const monthlyLast = lastExpiryPerMonth(drafts);
  const next = new Map<string, number>();
  const known = new Set(Object.values(KNOWN_TOKENS));
  const rows: FyersInstrument[] = [];
  const seen = new Set<string>();
  for (const draft of drafts) {
    const ticker = tickerOf(draft, monthlyLast);
    if (seen.has(ticker)) continue;
    seen.add(ticker);
    let token = KNOWN_TOKENS[`${draft.file}:${draft.base}`];
    if (token === undefined || draft.kind === 'future' || draft.kind === 'option') {
      const counter = `${draft.file}:${draft.kind === 'index' ? 'index' : 'other'}`;
      token = next.get(counter) ?? firstToken(draft.file, draft.kind);
      while (known.has(token)) token += 1;
      next.set(counter, token + 1);
    }
    const fyToken = fyTokenOf(draft.file, draft.expiry, token);
    const derivative = draft.kind === 'future' || draft.kind === 'option';
    rows.push({
      kind: draft.kind,
      file: draft.file,
      fyToken,
      ticker,
      details: derivative
        ? derivativeDetails({
            underlying: draft.base,
            expiry: draft.expiry as ExpiryDate,
            kind: draft.kind as 'future' | 'option',
            strike: draft.strike,
            optionType: draft.optionType,
            monthly: true,
          })
        : draft.details,
      typeCode: TYPE_CODES[draft.genericType] ?? 0,
      lotSize: draft.lotSize,
      tickSize: draft.tickSize,
      isin: draft.isin,
      expiry: draft.expiry,
      exchangeToken: token,
      underlying: draft.kind === 'index' ? indexRootOf(draft.base) : draft.base,
      underlyingToken: derivative ? -1 : token,
      underlyingFyToken: derivative ? '' : fyToken,
      strike: draft.strike,
      optionType: draft.optionType,
      lastPrice: draft.lastPrice,
      sandbox: draft.sandbox,
    });
  }
  linkUnderlyings(rows);
  return new FyersMaster(rows, options.asOf);
}

/** Derivatives name their underlying's cash row (token and fyToken) where the master lists it. */
function linkUnderlyings(rows: FyersInstrument[]): void {
  const cash = new Map<string, FyersInstrument>();
  for (const row of rows)
    if (row.kind === 'equity' || row.kind === 'index')
      cash.set(`${row.file}:${row.kind === 'index' ? indexBase(row) : row.underlying}`, row);
  for (const row of rows) {
    if (row.kind !== 'future' && row.kind !== 'option') continue;
    const cashFile = row.file === 'BSE_FO' ? 'BSE_CM' : 'NSE_CM';
    const under = cash.get(`${cashFile}:${row.underlying}`);
    if (!under) continue;
    row.underlyingToken = under.exchangeToken;
    row.underlyingFyToken = under.fyToken;
  }
}

/** An index row's OpenAlgo-side name (`NIFTY`), which its derivatives carry as underlying. */
function indexBase(row: FyersInstrument): string {
  return row.sandbox?.symbol ?? row.ticker.slice(row.ticker.indexOf(':') + 1, -'-INDEX'.length);
}

/** Bounded: a full-size master keeps 100k rows and their CSV bytes in memory. */
const masters = new SharedBuilds<FyersMaster>(2);

/** The master for a trading day, seed and size, built once per process. */
export function fyersMaster(options: FyersMasterOptions): FyersMaster {
  return masters.get(`${istDate(options.asOf)}|${options.seed}|${options.size}`, () =>
    buildFyersMaster(options),
  );
}

export { FYERS_SEGMENT_FILES };
