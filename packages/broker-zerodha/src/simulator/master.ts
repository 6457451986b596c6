import { type Instrument, istDate } from '@openalgo/core';
import { generateUniverse } from '@openalgo/sandbox';
import { generateMasterUniverse, SharedBuilds } from '@openalgo/testkit/simulator';
import {
  expiryDayKey,
  expiryMonthKey,
  instrumentTokenOf,
  isoExpiry,
  kiteDerivativeSymbol,
  SEGMENT_CODES,
} from './kite-symbols.js';
import { masterCsv } from './master-csv.js';
import { type DraftRow, draftFromFiller, draftFromSandbox } from './master-rows.js';

/** One row of the simulator's instrument master, in Kite's terms. */
export interface KiteInstrument {
  instrumentToken: number;
  exchangeToken: number;
  tradingsymbol: string;
  name: string;
  lastPrice: number;
  /** `YYYY-MM-DD` or ''. */
  expiry: string;
  strike: number;
  tickSize: number;
  lotSize: number;
  instrumentType: 'EQ' | 'FUT' | 'CE' | 'PE';
  segment: string;
  exchange: string;
  /** The sandbox instrument behind a priced, tradable row; undefined on filler rows. */
  sandbox: Instrument | undefined;
}

export interface KiteMasterOptions {
  /** The trading day the master is for (epoch ms). */
  asOf: number;
  seed: number;
  /** Rows in the master (sandbox rows included). */
  size: number;
}

/**
 * First exchange token per segment: distinct ranges make tokens look like Kite's (NSE cash in the
 * thousands, F&O in the tens of thousands) and keep every instrument token below 2³² for the ticker.
 */
const FIRST_EXCHANGE_TOKEN: Readonly<Record<DraftRow['code'], number>> = {
  NSE: 1_000,
  NFO: 35_000,
  CDS: 2_000,
  BSE: 500_000,
  BFO: 800_000,
  BCD: 3_000,
  MCX: 200_000,
  INDICES: 1_001,
};

/** Immutable once built; shared by every simulator in the process that asks for the same master. */
export class KiteMaster {
  readonly rows: readonly KiteInstrument[];
  private readonly byKey = new Map<string, KiteInstrument>();
  private readonly byToken = new Map<number, KiteInstrument>();
  private readonly bySandbox = new Map<string, KiteInstrument>();
  private readonly csvCache = new Map<string, Buffer>();

  constructor(rows: readonly KiteInstrument[]) {
    this.rows = rows;
    for (const row of rows) {
      this.byKey.set(`${row.exchange}:${row.tradingsymbol}`, row);
      this.byToken.set(row.instrumentToken, row);
      if (row.sandbox) this.bySandbox.set(`${row.sandbox.exchange}:${row.sandbox.symbol}`, row);
    }
  }

  /** By Kite's `EXCH:tradingsymbol`. */
  get(exchange: string, tradingsymbol: string): KiteInstrument | undefined {
    return this.byKey.get(`${exchange}:${tradingsymbol}`);
  }

  getByToken(instrumentToken: number): KiteInstrument | undefined {
    return this.byToken.get(instrumentToken);
  }

  /** The row of a sandbox (OpenAlgo) instrument. */
  forSandbox(exchange: string, symbol: string): KiteInstrument | undefined {
    return this.bySandbox.get(`${exchange}:${symbol}`);
  }

  /** The sandbox universe, in master order. */
  sandboxRows(): Instrument[] {
    return [...this.bySandbox.values()].map((row) => row.sandbox as Instrument);
  }

  /** The CSV bytes of the whole master or of one exchange, built once and kept. */
  csv(exchange?: string): Buffer {
    const key = exchange ?? '*';
    let bytes = this.csvCache.get(key);
    if (!bytes) {
      bytes = masterCsv(
        exchange === undefined ? this.rows : this.rows.filter((r) => r.exchange === exchange),
      );
      this.csvCache.set(key, bytes);
    }
    return bytes;
  }
}

/** Which underlying a derivative belongs to, for the monthly/weekly decision. */
function chainKey(row: DraftRow): string {
  return `${row.exchange}:${row.base}`;
}

/** For every option chain, the last expiry listed in each month (those use the monthly form). */
function lastExpiryPerMonth(rows: readonly DraftRow[]): Map<string, Map<number, number>> {
  const chains = new Map<string, Map<number, number>>();
  for (const row of rows) {
    if (row.kind !== 'option' || !row.expiry) continue;
    const key = chainKey(row);
    let months = chains.get(key);
    if (!months) {
      months = new Map();
      chains.set(key, months);
    }
    const month = expiryMonthKey(row.expiry);
    const day = expiryDayKey(row.expiry);
    if ((months.get(month) ?? 0) < day) months.set(month, day);
  }
  return chains;
}

function tradingsymbolOf(row: DraftRow, chains: Map<string, Map<number, number>>): string {
  if (row.kind === 'equity' || row.kind === 'index' || !row.expiry) return row.base;
  if (row.kind === 'future') {
    return kiteDerivativeSymbol({ underlying: row.base, expiry: row.expiry, type: 'FUT', monthly: true });
  }
  const last = chains.get(chainKey(row))?.get(expiryMonthKey(row.expiry));
  return kiteDerivativeSymbol({
    underlying: row.base,
    expiry: row.expiry,
    type: row.optionType ?? 'CE',
    strike: row.strike,
    monthly: last === expiryDayKey(row.expiry),
  });
}

function instrumentType(row: DraftRow): KiteInstrument['instrumentType'] {
  if (row.kind === 'future') return 'FUT';
  if (row.kind === 'option') return row.optionType ?? 'CE';
  // Kite lists index feeds as EQ in the INDICES segment.
  return 'EQ';
}

/** The sandbox universe first, then filler rows that neither duplicate nor mix with it. */
function draftRows(options: KiteMasterOptions): DraftRow[] {
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

/** Builds the master: tokens per segment, Kite tradingsymbols, sandbox mapping. */
export function buildKiteMaster(options: KiteMasterOptions): KiteMaster {
  const drafts = draftRows(options);
  const chains = lastExpiryPerMonth(drafts);
  const nextToken = new Map<DraftRow['code'], number>();
  const seen = new Set<string>();
  const rows: KiteInstrument[] = [];
  for (const draft of drafts) {
    const tradingsymbol = tradingsymbolOf(draft, chains);
    const key = `${draft.exchange}:${tradingsymbol}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const exchangeToken = nextToken.get(draft.code) ?? FIRST_EXCHANGE_TOKEN[draft.code];
    nextToken.set(draft.code, exchangeToken + 1);
    rows.push({
      instrumentToken: instrumentTokenOf(exchangeToken, SEGMENT_CODES[draft.code]),
      exchangeToken,
      tradingsymbol,
      name: draft.name,
      lastPrice: draft.lastPrice,
      expiry: draft.expiry ? isoExpiry(draft.expiry) : '',
      strike: draft.strike,
      tickSize: draft.tickSize,
      lotSize: draft.lotSize,
      instrumentType: instrumentType(draft),
      segment: draft.segment,
      exchange: draft.exchange,
      sandbox: draft.sandbox,
    });
  }
  return new KiteMaster(rows);
}

/** Bounded: a full-size master keeps 100k rows and their CSV bytes in memory. */
const masters = new SharedBuilds<KiteMaster>(2);

/**
 * The master for a trading day, seed and size, built once per process: a harness that starts a
 * simulator per check pays for the 100k-row master (and its CSV bytes) only once.
 */
export function kiteMaster(options: KiteMasterOptions): KiteMaster {
  const key = `${istDate(options.asOf)}|${options.seed}|${options.size}`;
  return masters.get(key, () => buildKiteMaster(options));
}
