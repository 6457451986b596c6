import { createRequire } from 'node:module';
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
import { type AngelAdapterOptions, createAngelAdapter } from '../../src/adapter.js';
import { type AngelConfig, AngelConfigSchema } from '../../src/config.js';
import angel from '../../src/index.js';
import { AngelSymbols } from '../../src/symbols.js';

/** The official SDK's own mock requests and responses (`test/api_config.js`), read as data. */
const require = createRequire(import.meta.url);
export const SDK_MOCKS = require('smartapi-javascript/test/api_config.js') as {
  request: Record<string, unknown>;
  response: Record<string, { data: unknown } & Record<string, unknown>>;
};

/** The `data` of one of the SDK's mock responses. */
export function sdkData<T = unknown>(name: string): T {
  const response = SDK_MOCKS.response[name];
  if (!response) throw new Error(`the SDK has no mock response "${name}"`);
  return response.data as T;
}

/** The first row of an SDK mock response whose `data` is a list. */
export function sdkRow(name: string): Record<string, unknown> {
  const [first] = sdkData<Record<string, unknown>[]>(name);
  if (!first) throw new Error(`the SDK mock "${name}" has no rows`);
  return first;
}

export const API_KEY = 'angelKEYx9';
export const CLIENT_CODE = 'A123456';
export const JWT = 'eyJhbGciOiJIUzUxMiJ9.jwtPAYLOAD.sig4711';
export const REFRESH_TOKEN = 'eyJhbGciOiJIUzUxMiJ9.refreshPAYLOAD.sig0815';
export const FEED_TOKEN = 'eyJhbGciOiJIUzUxMiJ9.feedPAYLOAD.sig2222';
export const ORIGIN = 'https://apiconnect.angelone.in';
export const SECURE = '/rest/secure/angelbroking';

/** Monday 5 Jan 2026, 10:15 IST. */
export const NOW = Date.UTC(2026, 0, 5, 4, 45);
/** Midnight IST at the end of that day. */
export const MIDNIGHT_IST = Date.UTC(2026, 0, 5, 18, 30);

export function testConfig(overrides: Partial<Record<string, unknown>> = {}): AngelConfig {
  return AngelConfigSchema.parse({ apiKey: API_KEY, ...overrides });
}

export function testSession(overrides: Partial<Session> = {}): Session {
  return {
    broker: 'angel',
    userId: CLIENT_CODE,
    accessToken: JWT,
    refreshToken: REFRESH_TOKEN,
    feedToken: FEED_TOKEN,
    expiresAt: MIDNIGHT_IST,
    ...overrides,
  };
}

export function row(
  partial: Partial<Instrument> & Pick<Instrument, 'symbol' | 'exchange' | 'token'>,
): Instrument {
  return {
    brsymbol: partial.symbol,
    brexchange: partial.exchange,
    name: '',
    expiry: '',
    strike: 0,
    lotSize: 1,
    tickSize: 0.05,
    instrumentType: '',
    ...partial,
  };
}

/** A small master in OpenAlgo terms, spelled as Angel's master spells it (§2.5, §2.8). */
export const ROWS: Instrument[] = [
  row({ symbol: 'SBIN', exchange: 'NSE', brsymbol: 'SBIN-EQ', token: '3045', name: 'SBIN' }),
  row({ symbol: 'RELIANCE', exchange: 'NSE', brsymbol: 'RELIANCE-EQ', token: '2885' }),
  row({ symbol: 'ITC', exchange: 'NSE', brsymbol: 'ITC-EQ', token: '1660' }),
  row({ symbol: 'TATASTEEL', exchange: 'NSE', brsymbol: 'TATASTEEL-EQ', token: '3499' }),
  row({ symbol: 'M&M', exchange: 'NSE', brsymbol: 'M&M-EQ', token: '2031' }),
  row({ symbol: 'SBIN', exchange: 'BSE', brsymbol: 'SBIN', token: '500112' }),
  row({
    symbol: 'NIFTY',
    exchange: 'NSE_INDEX',
    brsymbol: 'Nifty 50',
    brexchange: 'NSE',
    token: '99926000',
    name: 'NIFTY',
    instrumentType: 'AMXIDX',
  }),
  row({
    symbol: 'NIFTY26DEC2424000CE',
    exchange: 'NFO',
    token: '58662',
    name: 'NIFTY',
    expiry: '26-DEC-24',
    strike: 24000,
    lotSize: 75,
    instrumentType: 'CE',
  }),
  row({
    symbol: 'CRUDEOIL19JAN26FUT',
    exchange: 'MCX',
    brsymbol: 'CRUDEOIL19JAN26FUT',
    token: '440211',
    name: 'CRUDEOIL',
    expiry: '19-JAN-26',
    instrumentType: 'FUT',
  }),
  row({
    symbol: 'SENSEX08JAN2682000PE',
    exchange: 'BFO',
    brsymbol: 'SENSEX2610882000PE',
    token: '1130567',
    name: 'SENSEX',
    expiry: '08-JAN-26',
    strike: 82000,
    lotSize: 20,
    instrumentType: 'PE',
  }),
];

export function testIndex(rows: readonly Instrument[] = ROWS): InstrumentIndex {
  return InstrumentIndex.fromRows(rows, { label: 'angel test master' });
}

export function testSymbols(logger: Logger = new RecordingLogger()): AngelSymbols {
  return new AngelSymbols(testIndex(), logger);
}

export interface Reply {
  status: number;
  /** Objects are sent as JSON, strings as they are. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface SeenRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | undefined;
}

export type Route = Reply | Reply[] | ((req: SeenRequest) => Reply);

/** Angel's success envelope (§2.3). */
export function ok(data: unknown): Reply {
  return { status: 200, body: { status: true, message: 'SUCCESS', errorcode: '', data } };
}

/** An application error: HTTP 200, `status:false` and an `errorcode` (§2.3). */
export function angelError(errorcode: string, message: string): Reply {
  return { status: 200, body: { status: false, message, errorcode, data: null } };
}

/** The gateway's token error: HTTP 200, camelCase `errorCode`, `success:false` (§2.3). */
export const INVALID_TOKEN: Reply = {
  status: 200,
  body: { success: false, message: 'Invalid Token', errorCode: 'AG8001', data: '' },
};

/** The rate limit: HTTP 403 with a plain-text body (§2.6). */
export const RATE_LIMIT: Reply = {
  status: 403,
  body: 'Access denied because of exceeding access rate',
  headers: { 'content-type': 'text/plain' },
};

/**
 * A MockAgent SmartAPI: routes by `METHOD /path`, records every request exactly as undici sent it. An
 * array route answers its replies in turn (the last one repeats). Unrouted calls get HTTP 404.
 */
export function mockAngel(routes: Record<string, Route>, origins: readonly string[] = [ORIGIN]) {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const seen: SeenRequest[] = [];
  const queues = new Map<string, Reply[]>();
  for (const origin of origins) {
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
        if (route === undefined) reply = { status: 404, body: `no route for ${key}` };
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
  }
  return { agent, seen };
}

/** The adapter as the plugin serves it: behind core's contract boundary. */
export function angelAdapter(
  context: AdapterContext<AngelConfig>,
  options?: AngelAdapterOptions,
): BrokerAdapter {
  return guardAdapter(createAngelAdapter(context, options), {
    manifest: angel.manifest,
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
}

export function makeAdapter(
  routes: Record<string, Route>,
  options: {
    config?: AngelConfig;
    session?: Session;
    origins?: readonly string[];
    rows?: readonly Instrument[];
  } = {},
): TestAdapter {
  const config = options.config ?? testConfig();
  const { agent, seen } = mockAngel(routes, options.origins ?? [new URL(config.baseUrls.api).origin]);
  const clock = new ManualClock(NOW);
  const logger = new RecordingLogger();
  const adapter = angelAdapter({
    config,
    session: options.session ?? testSession(),
    instruments: testIndex(options.rows),
    http: { dispatcher: agent },
    clock,
    logger,
  });
  return { adapter, agent, seen, clock, logger };
}

/** Settles a promise whose progress needs the manual clock to move (rate-limit waits, retry backoff). */
export async function drive<T>(promise: Promise<T>, clock: ManualClock, stepMs = 100): Promise<T> {
  let settled = false;
  const tracked = promise.finally(() => {
    settled = true;
  });
  tracked.catch(() => {});
  for (let i = 0; i < 10_000 && !settled; i++) await clock.advance(stepMs);
  return tracked;
}

/** The JSON body of a recorded request. */
export function jsonBody(req: SeenRequest | undefined): unknown {
  return req?.body === undefined ? undefined : JSON.parse(req.body);
}

/** Resolves to the error a promise rejects with (fails the test when it resolves). */
export async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  );
}
