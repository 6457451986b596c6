import { type Instrument, istDate } from '@openalgo/core';
import { DEFAULT_SANDBOX_START, generateUniverse } from '@openalgo/sandbox';
import { generateMasterUniverse, SharedBuilds } from '@openalgo/testkit/simulator';
import {
  angelExpiry,
  bfoSymbol,
  compactDerivativeSymbol,
  indexNames,
  strikeColumn,
  tickColumn,
} from './angel-symbols.js';
import { scripMasterJson } from './master-json.js';
import { type DraftRow, draftFromFiller, draftFromSandbox } from './master-rows.js';

/** One row of `OpenAPIScripMaster.json`, exactly as Angel publishes it: every value a string (§2.5). */
export interface AngelScrip {
  token: string;
  symbol: string;
  name: string;
  expiry: string;
  strike: string;
  lotsize: string;
  instrumenttype: string;
  exch_seg: string;
  tick_size: string;
}

/** A master row with the numbers the simulator works with. */
export interface AngelInstrument {
  scrip: AngelScrip;
  kind: DraftRow['kind'];
  /** Rupees, whatever the column's scale. */
  strike: number;
  tickSize: number;
  lotSize: number;
  /** The still price of an unpriced (filler) row. */
  price: number;
  /** The sandbox instrument behind a priced, tradable row; undefined on filler rows. */
  sandbox: Instrument | undefined;
}

export interface AngelMasterOptions {
  /** The trading day the master is for (epoch ms). */
  asOf: number;
  seed: number;
  /** Rows in the master (sandbox rows included). */
  size: number;
}

/** Immutable once built; shared by every simulator in the process that asks for the same master. */
export class AngelMaster {
  readonly rows: readonly AngelInstrument[];
  private readonly byToken = new Map<string, AngelInstrument>();
  private readonly bySymbol = new Map<string, AngelInstrument>();
  private readonly bySandbox = new Map<string, AngelInstrument>();
  private bytes: Buffer | undefined;

  constructor(rows: readonly AngelInstrument[]) {
    this.rows = rows;
    for (const row of rows) {
      this.byToken.set(`${row.scrip.exch_seg}:${row.scrip.token}`, row);
      this.bySymbol.set(`${row.scrip.exch_seg}:${row.scrip.symbol}`, row);
      if (row.sandbox) this.bySandbox.set(`${row.sandbox.exchange}:${row.sandbox.symbol}`, row);
    }
  }

  /** By Angel's `exch_seg` and `symboltoken` (how every SmartAPI call names an instrument). */
  byExchangeToken(exchSeg: string, token: string): AngelInstrument | undefined {
    return this.byToken.get(`${exchSeg}:${token}`);
  }

  /** By Angel's `exch_seg` and `symbol` (`SBIN-EQ`, `Nifty 50`). */
  byExchangeSymbol(exchSeg: string, symbol: string): AngelInstrument | undefined {
    return this.bySymbol.get(`${exchSeg}:${symbol}`);
  }

  /** The row of a sandbox (OpenAlgo) instrument. */
  forSandbox(exchange: string, symbol: string): AngelInstrument | undefined {
    return this.bySandbox.get(`${exchange}:${symbol}`);
  }

  /** The sandbox universe, in master order. */
  sandboxRows(): Instrument[] {
    return [...this.bySandbox.values()].map((row) => row.sandbox as Instrument);
  }

  /** The bytes of `OpenAPIScripMaster.json`, built once and kept. */
  json(): Buffer {
    this.bytes ??= scripMasterJson(this.rows.map((row) => row.scrip));
    return this.bytes;
  }
}

function chainKey(row: DraftRow): string {
  return `${row.exchSeg}:${row.base}`;
}

function monthKey(row: DraftRow): number {
  const e = row.expiry as NonNullable<DraftRow['expiry']>;
  return e.year * 12 + e.month;
}

function dayKey(row: DraftRow): number {
  const e = row.expiry as NonNullable<DraftRow['expiry']>;
  return e.year * 10_000 + e.month * 100 + e.day;
}

/** For every BFO option chain, the last expiry listed in each month (those use the monthly form). */
function lastBfoExpiries(rows: readonly DraftRow[]): Map<string, number> {
  const last = new Map<string, number>();
  for (const row of rows) {
    if (row.exchSeg !== 'BFO' || row.kind !== 'option' || !row.expiry) continue;
    const key = `${chainKey(row)}:${monthKey(row)}`;
    if ((last.get(key) ?? 0) < dayKey(row)) last.set(key, dayKey(row));
  }
  return last;
}

function symbolOf(row: DraftRow, lastBfo: Map<string, number>): { symbol: string; name: string } {
  if (row.kind === 'index') {
    const names = indexNames(row.exchange, row.base, row.longName);
    return { symbol: names.symbol, name: names.name };
  }
  if (row.kind === 'equity') {
    // NSE cash rows carry the series (`SBIN-EQ`); BSE rows the bare scrip code name (§2.5).
    return { symbol: row.exchSeg === 'NSE' ? `${row.base}-EQ` : row.base, name: row.base };
  }
  const expiry = row.expiry as NonNullable<DraftRow['expiry']>;
  const type = row.kind === 'future' ? 'FUT' : (row.optionType ?? 'CE');
  if (row.exchSeg === 'BFO') {
    const monthly = lastBfo.get(`${chainKey(row)}:${monthKey(row)}`) === dayKey(row);
    return { symbol: bfoSymbol(row.base, expiry, type, row.strike, monthly), name: row.base };
  }
  return { symbol: compactDerivativeSymbol(row.base, expiry, type, row.strike), name: row.base };
}

/**
 * First token per `exch_seg`: distinct ranges that look like Angel's (NSE cash in the thousands, NFO
 * in the tens of thousands, BSE from 500000) and never collide, so a token names one instrument.
 */
const FIRST_TOKEN: Readonly<Record<string, number>> = {
  NSE: 1_000,
  CDS: 20_000,
  NFO: 35_000,
  MCX: 400_000,
  BSE: 500_000,
  BFO: 1_100_000,
  'NSE:index': 99_926_100,
  'BSE:index': 99_919_100,
};
/** Tokens the reference's examples use (§0, §2.5), pinned so they mean the same instrument here. */
const PINNED: Readonly<Record<string, string>> = { 'NSE:SBIN': '3045' };

/** The sandbox universe first, then filler rows that neither duplicate nor mix with it. */
function draftRows(options: AngelMasterOptions): DraftRow[] {
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
  const generated = generateMasterUniverse({
    asOf: options.asOf,
    seed: options.seed,
    // The sandbox lists every index chain, so the filler's index derivatives (~30 %) are all skipped.
    size: options.size + 60_000,
  });
  for (const row of generated) {
    if (drafts.length >= options.size) break;
    if (taken.has(`${row.exchange}:${row.symbol}`)) continue;
    const draft = draftFromFiller(row);
    const derivative = draft?.kind === 'future' || draft?.kind === 'option';
    // A second chain on a sandbox underlying would list contracts the market cannot price.
    if (!draft || (derivative && sandboxChains.has(chainKey(draft)))) continue;
    taken.add(`${row.exchange}:${row.symbol}`);
    drafts.push(draft);
  }
  return drafts;
}

/** Builds the master: tokens per segment, Angel symbols and columns, the sandbox mapping. */
export function buildAngelMaster(options: AngelMasterOptions): AngelMaster {
  const drafts = draftRows(options);
  const lastBfo = lastBfoExpiries(drafts);
  const next = new Map<string, number>();
  const pinned = new Set(Object.values(PINNED));
  const seen = new Set<string>();
  const rows: AngelInstrument[] = [];
  for (const draft of drafts) {
    const { symbol, name } = symbolOf(draft, lastBfo);
    if (seen.has(`${draft.exchSeg}:${symbol}`)) continue;
    seen.add(`${draft.exchSeg}:${symbol}`);
    const range = draft.kind === 'index' ? `${draft.exchSeg}:index` : draft.exchSeg;
    let token =
      PINNED[`${draft.exchange}:${draft.base}`] ??
      (draft.kind === 'index' ? indexNames(draft.exchange, draft.base, draft.longName).token : undefined);
    if (token === undefined) {
      let n = next.get(range) ?? FIRST_TOKEN[range] ?? 1;
      while (pinned.has(String(n))) n += 1;
      next.set(range, n + 1);
      token = String(n);
    }
    rows.push({
      scrip: {
        token,
        symbol,
        name,
        expiry: draft.expiry ? angelExpiry(draft.expiry) : '',
        strike: strikeColumn(draft.kind, draft.exchSeg, draft.strike),
        lotsize: String(draft.lotSize),
        instrumenttype: draft.instrumentType,
        exch_seg: draft.exchSeg,
        tick_size: tickColumn(draft.kind, draft.tickSize),
      },
      kind: draft.kind,
      strike: draft.strike,
      tickSize: draft.tickSize,
      lotSize: draft.lotSize,
      price: draft.price,
      sandbox: draft.sandbox,
    });
  }
  return new AngelMaster(rows);
}

/** A full-size master: Angel's real file has well over 10⁵ rows (§2.5). */
export const DEFAULT_MASTER_SIZE = 105_000;

/** Bounded: a full-size master keeps 100k rows and their JSON bytes in memory. */
const masters = new SharedBuilds<AngelMaster>(2);

/** The master for a trading day, seed and size, built once per process. */
export function angelMaster(options: AngelMasterOptions): AngelMaster {
  const key = `${istDate(options.asOf)}|${options.seed}|${options.size}`;
  return masters.get(key, () => buildAngelMaster(options));
}

/**
 * The bytes of a full-size `OpenAPIScripMaster.json` (the default trading day, seed and size unless
 * told), for benchmarks and parser tests that want Angel's file without starting a simulator.
 */
export function scripMasterBytes(options: Partial<AngelMasterOptions> = {}): Buffer {
  return angelMaster({
    asOf: options.asOf ?? DEFAULT_SANDBOX_START,
    seed: options.seed ?? 42,
    size: options.size ?? DEFAULT_MASTER_SIZE,
  }).json();
}
