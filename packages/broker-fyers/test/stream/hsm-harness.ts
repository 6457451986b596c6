import {
  type Instrument,
  InstrumentIndex,
  ManualClock,
  type MarketStream,
  type OrderStream,
  type StreamStatus,
  type Tick,
} from '@openalgo/core';
import { RecordingLogger } from '@openalgo/core/testing';
import type { MarketSnapshot } from '@openalgo/sandbox';
import { afterEach, beforeEach } from 'vitest';
import {
  attachHsmSocket,
  type HsmFeedInstrument,
  type HsmSocketServer,
} from '../../src/simulator/hsm/hsm-server.js';
import { createFyersMarketStream } from '../../src/stream/market-stream.js';
import type { FyersStreamOptions } from '../../src/stream/options.js';

export const APP_ID = 'TESTAPP-100';
export const HSM_KEY = 'testhsmkey0123';
export const START = Date.UTC(2026, 11, 3, 4, 0, 0);

/** A JWT shaped like Fyers' access token (§3.2): the payload carries `hsm_key` and `exp`. */
export function accessToken(
  claims: Record<string, unknown> = { hsm_key: HSM_KEY, exp: START / 1000 + 86_400 },
): string {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJl`;
}

const row = (
  r: Partial<Instrument> & Pick<Instrument, 'symbol' | 'exchange' | 'brsymbol' | 'token'>,
): Instrument => ({
  brexchange: r.exchange,
  name: r.symbol,
  expiry: '',
  strike: 0,
  lotSize: 1,
  tickSize: 0.05,
  instrumentType: 'EQ',
  ...r,
});

export const SBIN = { symbol: 'SBIN', exchange: 'NSE' as const };
export const NIFTY = { symbol: 'NIFTY', exchange: 'NSE_INDEX' as const };
/**
 * A stock listed with the Nifty index's very fyToken and exchange token (26000): only the topic kind
 * (`sf|` vs `if|`) tells their feeds apart, so index and stock must not mix (#1093).
 */
export const ZEN = { symbol: 'ZEN', exchange: 'NSE' as const };
export const USDINR = { symbol: 'USDINR29DEC26FUT', exchange: 'CDS' as const };

export const ROWS: Instrument[] = [
  row({ ...SBIN, brsymbol: 'NSE:SBIN-EQ', token: '10100000003045' }),
  row({
    ...NIFTY,
    brsymbol: 'NSE:NIFTY50-INDEX',
    token: '101000000026000',
    name: 'Nifty 50',
    instrumentType: 'INDEX',
  }),
  row({ ...ZEN, brsymbol: 'NSE:ZEN-EQ', token: '101000000026000' }),
  row({
    ...USDINR,
    brsymbol: 'NSE:USDINR26DECFUT',
    token: '101226122912345',
    instrumentType: 'FUT',
    expiry: '29-DEC-26',
    tickSize: 0.0025,
  }),
];

/** The simulator side of the test: topics the HSM server knows, written out (not derived from the client). */
const FEEDS: Record<string, HsmFeedInstrument> = {
  'sf|nse_cm|3045': {
    fyToken: '10100000003045',
    ticker: 'NSE:SBIN-EQ',
    segment: 'nse_cm',
    exchangeToken: '3045',
    index: false,
    precision: 2,
  },
  'if|nse_cm|Nifty 50': {
    fyToken: '101000000026000',
    ticker: 'NSE:NIFTY50-INDEX',
    segment: 'nse_cm',
    exchangeToken: 'Nifty 50',
    index: true,
    precision: 2,
  },
  'sf|nse_cm|26000': {
    fyToken: '101000000026000',
    ticker: 'NSE:ZEN-EQ',
    segment: 'nse_cm',
    exchangeToken: '26000',
    index: false,
    precision: 2,
  },
  'sf|cde_fo|12345': {
    fyToken: '101226122912345',
    ticker: 'NSE:USDINR26DECFUT',
    segment: 'cde_fo',
    exchangeToken: '12345',
    index: false,
    precision: 4,
  },
};

export function snapshot(ltp: number, over: Partial<MarketSnapshot> = {}): MarketSnapshot {
  const level = (price: number, i: number) => ({ price, quantity: 100 * (i + 1), orders: i + 1 });
  return {
    symbol: 'X',
    exchange: 'NSE',
    ltp,
    bid: ltp - 0.05,
    ask: ltp + 0.05,
    bids: [0, 1, 2, 3, 4].map((i) => level(Math.round((ltp - 0.05 * (i + 1)) * 100) / 100, i)),
    asks: [0, 1, 2, 3, 4].map((i) => level(Math.round((ltp + 0.05 * (i + 1)) * 100) / 100, i)),
    open: ltp - 2,
    high: ltp + 3,
    low: ltp - 4,
    prevClose: ltp - 1,
    volume: 12345,
    oi: 0,
    lastQuantity: 5,
    timestamp: START,
    ...over,
  };
}

/** A market the test moves by hand, by ticker: `set` pushes to watchers like the sandbox market does. */
export class TestMarket {
  private readonly quotes = new Map<string, MarketSnapshot>();
  private readonly listeners = new Map<string, Set<(s: MarketSnapshot) => void>>();

  set(ticker: string, s: MarketSnapshot): void {
    this.quotes.set(ticker, s);
    for (const listener of this.listeners.get(ticker) ?? []) listener(s);
  }

  get(ticker: string): MarketSnapshot | undefined {
    return this.quotes.get(ticker);
  }

  watch(ticker: string, listener: (s: MarketSnapshot) => void): () => void {
    const set = this.listeners.get(ticker) ?? new Set();
    this.listeners.set(ticker, set);
    set.add(listener);
    return () => set.delete(listener);
  }

  watchers(ticker: string): number {
    return this.listeners.get(ticker)?.size ?? 0;
  }
}

export interface HsmHarness {
  server: HsmSocketServer;
  market: TestMarket;
  clock: ManualClock;
  logger: RecordingLogger;
  /** Flip to false to act as the daily token rollover. */
  keyValid: boolean;
  stream(options?: Partial<FyersStreamOptions>): MarketStream;
}

export function useHsmHarness(ackCount = 1): HsmHarness {
  const h = { keyValid: true } as HsmHarness;
  const cleanups: (() => Promise<void>)[] = [];
  beforeEach(async () => {
    h.keyValid = true;
    h.market = new TestMarket();
    for (const feed of Object.values(FEEDS))
      h.market.set(feed.ticker, snapshot(feed.precision === 4 ? 84.2525 : 600));
    h.clock = new ManualClock(START);
    h.logger = new RecordingLogger();
    h.server = await attachHsmSocket({
      path: '/hsm/v1-5/prod',
      isValidHsmKey: (key) => h.keyValid && key === HSM_KEY,
      resolveTopic: (kind, segment, key) => FEEDS[`${kind === 'dp' ? 'sf' : kind}|${segment}|${key}`],
      snapshot: (i) => h.market.get(i.ticker),
      watch: (i, listener) => h.market.watch(i.ticker, listener),
      ackCount,
      logger: h.logger,
    });
    h.stream = (options = {}) => {
      const stream = createFyersMarketStream({
        url: h.server.url,
        clientId: APP_ID,
        apiKey: APP_ID,
        accessToken: accessToken(),
        instruments: InstrumentIndex.fromRows(ROWS),
        clock: h.clock,
        logger: h.logger,
        reconnect: { initialMs: 1000, maxMs: 8000, maxAttempts: 5 },
        stallMs: 5000,
        ...options,
      });
      cleanups.push(() => stream.close());
      return stream;
    };
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await h.server.close();
  });
  return h;
}

/** Waits (on events, polled between I/O turns) until `check` holds. */
export async function until(check: () => boolean, what = 'condition'): Promise<void> {
  for (let i = 0; i < 5000; i++) {
    if (check()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`never reached: ${what}`);
}

export function statusReached(
  stream: MarketStream | OrderStream,
  state: StreamStatus['state'],
): Promise<StreamStatus> {
  return new Promise((resolve) => {
    const off = stream.onStatus((status) => {
      if (status.state === state) {
        off();
        resolve(status);
      }
    });
  });
}

export function collectTicks(stream: MarketStream): Tick[] {
  const ticks: Tick[] = [];
  stream.onTick((tick) => ticks.push(tick));
  return ticks;
}
