import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type AdapterContext,
  type BrokerAdapter,
  guardAdapter,
  type Instrument,
  InstrumentIndex,
  type Logger,
  ManualClock,
  type Session,
} from '@openalgo/core';
import { RecordingLogger } from '@openalgo/core/testing';
import { MockAgent } from 'undici';
import { createZerodhaAdapter, type ZerodhaAdapterOptions } from '../src/adapter.js';
import { type ZerodhaConfig, ZerodhaConfigSchema } from '../src/config.js';
import zerodha from '../src/index.js';
import { KiteSymbols } from '../src/instruments/symbols.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

export function fixtureText(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

export function fixture<T = unknown>(name: string): T {
  return JSON.parse(fixtureText(name)) as T;
}

/** The `data` of a Kite success envelope fixture. */
export function fixtureData<T = unknown>(name: string): T {
  return fixture<{ data: T }>(name).data;
}

export const API_KEY = 'kitefront';
export const API_SECRET = 's3cr3tvalue';
export const ACCESS_TOKEN = 'accessTOKEN9f8e7d6c5b4a';
export const ORIGIN = 'https://api.kite.trade';

export function testConfig(overrides: Partial<Record<string, unknown>> = {}): ZerodhaConfig {
  return ZerodhaConfigSchema.parse({ apiKey: API_KEY, apiSecret: API_SECRET, ...overrides });
}

export function testSession(overrides: Partial<Session> = {}): Session {
  return {
    broker: 'zerodha',
    userId: 'XX0000',
    accessToken: ACCESS_TOKEN,
    expiresAt: Date.UTC(2026, 0, 6, 0, 30),
    ...overrides,
  };
}

function row(partial: Partial<Instrument> & Pick<Instrument, 'symbol' | 'exchange' | 'token'>): Instrument {
  return {
    brsymbol: partial.symbol,
    brexchange: partial.exchange,
    name: '',
    expiry: '',
    strike: 0,
    lotSize: 1,
    tickSize: 0.05,
    instrumentType: 'EQ',
    ...partial,
  };
}

/** A small master; tokens are Kite's (instrument_token::::exchange_token, instrument = exchange×256+segment). */
export const ROWS: Instrument[] = [
  row({ symbol: 'SBIN', exchange: 'NSE', token: '779521::::3045', name: 'STATE BANK OF INDIA' }),
  row({ symbol: 'INFY', exchange: 'NSE', token: '408065::::1594', name: 'INFOSYS' }),
  row({ symbol: 'IOC', exchange: 'NSE', token: '415745::::1624' }),
  row({ symbol: 'AARON', exchange: 'NSE', token: '263681::::1030' }),
  row({ symbol: 'SBIN', exchange: 'BSE', token: '128028676::::500112' }),
  row({ symbol: 'M&M', exchange: 'NSE', token: '519937::::2031' }),
  row({
    symbol: 'NIFTY',
    exchange: 'NSE_INDEX',
    brsymbol: 'NIFTY 50',
    brexchange: 'NSE',
    token: '256265::::1001',
    name: 'NIFTY 50',
  }),
  row({
    symbol: 'SENSEX',
    exchange: 'BSE_INDEX',
    brsymbol: 'SENSEX',
    brexchange: 'BSE',
    token: '265::::1',
    name: 'SENSEX',
  }),
  row({
    symbol: 'GIFTNIFTY',
    exchange: 'GLOBAL_INDEX',
    brsymbol: 'GIFT NIFTY',
    brexchange: 'NSEIX',
    token: '291849::::1140',
  }),
  row({
    symbol: 'USDINR29JUN21FUT',
    exchange: 'CDS',
    brsymbol: 'USDINR21JUNFUT',
    token: '412675::::1612',
    name: 'USDINR',
    expiry: '29-JUN-21',
    instrumentType: 'FUT',
  }),
  row({
    symbol: 'GOLDPETAL30JUN21FUT',
    exchange: 'MCX',
    brsymbol: 'GOLDPETAL21JUNFUT',
    token: '58424839::::228222',
    name: 'GOLDPETAL',
    expiry: '30-JUN-21',
    instrumentType: 'FUT',
  }),
  row({
    symbol: 'NIFTY07AUG2524400CE',
    exchange: 'NFO',
    brsymbol: 'NIFTY2580724400CE',
    token: '10189826::::39804',
    name: 'NIFTY',
    expiry: '07-AUG-25',
    strike: 24400,
    lotSize: 75,
    instrumentType: 'CE',
  }),
];

export function testIndex(rows: readonly Instrument[] = ROWS): InstrumentIndex {
  return InstrumentIndex.fromRows(rows, { label: 'zerodha test master' });
}

export function testSymbols(logger: Logger = new RecordingLogger()): KiteSymbols {
  return new KiteSymbols(testIndex(), logger);
}

export interface Reply {
  status: number;
  /** Objects are sent as JSON, strings as they are. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface SeenRequest {
  method: string;
  /** Path including the query string, as sent. */
  path: string;
  headers: Record<string, string>;
  body: string | undefined;
}

type Route = Reply | Reply[] | ((req: SeenRequest) => Reply);

export function ok(data: unknown): Reply {
  return { status: 200, body: { status: 'success', data } };
}

export function kiteError(status: number, errorType: string | undefined, message: string): Reply {
  return {
    status,
    body: { status: 'error', message, ...(errorType ? { error_type: errorType } : {}), data: null },
  };
}

/**
 * A MockAgent Kite: routes by `METHOD /path` (query ignored for routing), records every request
 * exactly as undici sent it. An array route answers its replies in turn (the last one repeats).
 */
export function mockKite(routes: Record<string, Route>, origin = ORIGIN) {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const seen: SeenRequest[] = [];
  const queues = new Map<string, Reply[]>();
  agent
    .get(origin)
    .intercept({ path: () => true, method: () => true })
    .reply((opts: { method: string; path: string; headers?: unknown; body?: unknown }) => {
      const req: SeenRequest = {
        method: opts.method,
        path: opts.path,
        headers: { ...(opts.headers as Record<string, string> | undefined) },
        body: typeof opts.body === 'string' ? opts.body : undefined,
      };
      seen.push(req);
      const key = `${opts.method} ${opts.path.split('?')[0]}`;
      const route = routes[key];
      let reply: Reply;
      if (route === undefined) reply = kiteError(404, 'GeneralException', `no route for ${key}`);
      else if (typeof route === 'function') reply = route(req);
      else if (Array.isArray(route)) {
        const queue = queues.get(key) ?? [...route];
        queues.set(key, queue);
        reply = (queue.length > 1 ? queue.shift() : queue[0]) as Reply;
      } else reply = route;
      const data = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? null);
      return { statusCode: reply.status, data, responseOptions: { headers: reply.headers ?? {} } };
    })
    .persist();
  return { agent, seen };
}

/**
 * The adapter as the plugin serves it: behind core's contract boundary, which parses inputs, refuses
 * an expired session and names the broker on errors. Tests pass `ZerodhaAdapterOptions` (a socket
 * factory), which the plugin's `create` does not take.
 */
export function zerodhaAdapter(
  context: AdapterContext<ZerodhaConfig>,
  options?: ZerodhaAdapterOptions,
): BrokerAdapter {
  return guardAdapter(createZerodhaAdapter(context, options), {
    manifest: zerodha.manifest,
    session: context.session,
    clock: context.clock,
  });
}

export interface TestAdapter {
  adapter: BrokerAdapter;
  agent: MockAgent;
  seen: SeenRequest[];
  clock: ManualClock;
  logger: RecordingLogger;
  index: InstrumentIndex;
}

export function makeAdapter(
  routes: Record<string, Route>,
  options: { config?: ZerodhaConfig; adapter?: ZerodhaAdapterOptions; maxRateLimitWaitMs?: number } = {},
): TestAdapter {
  const config = options.config ?? testConfig();
  const { agent, seen } = mockKite(routes, new URL(config.baseUrls.api).origin);
  const clock = new ManualClock();
  const logger = new RecordingLogger();
  const index = testIndex();
  const adapter = zerodhaAdapter(
    {
      config,
      session: testSession(),
      instruments: index,
      http: {
        dispatcher: agent,
        ...(options.maxRateLimitWaitMs === undefined
          ? {}
          : { maxRateLimitWaitMs: options.maxRateLimitWaitMs }),
      },
      clock,
      logger,
    },
    options.adapter,
  );
  return { adapter, agent, seen, clock, logger, index };
}

/** Settles a promise whose progress needs the manual clock to move (rate-limit waits). */
export async function drive<T>(promise: Promise<T>, clock: ManualClock, stepMs = 100): Promise<T> {
  let settled = false;
  const tracked = promise.finally(() => {
    settled = true;
  });
  tracked.catch(() => {});
  for (let i = 0; i < 10_000 && !settled; i++) await clock.advance(stepMs);
  return tracked;
}

/** The form fields of a recorded request body, as an ordered list of pairs. */
export function formPairs(req: SeenRequest | undefined): Array<[string, string]> {
  return [...new URLSearchParams(req?.body ?? '').entries()];
}
