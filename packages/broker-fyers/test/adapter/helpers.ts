import {
  type AdapterContext,
  type BrokerAdapter,
  guardAdapter,
  type Instrument,
  InstrumentIndex,
  isOpenAlgoError,
  type Logger,
  ManualClock,
  type OpenAlgoError,
  type Session,
} from '@openalgo/core';
import { RecordingLogger } from '@openalgo/core/testing';
import { MockAgent } from 'undici';
import { createFyersAdapter, type FyersAdapterOptions } from '../../src/adapter.js';
import { type FyersConfig, FyersConfigSchema } from '../../src/config.js';
import fyers from '../../src/index.js';
import { FyersSymbols } from '../../src/symbols.js';

export const APP_ID = 'TESTAPP1XY-100';
export const SECRET_KEY = 'S3CRETKEY9';
export const REDIRECT_URL = 'https://app.example/auth/fyers/callback';
export const ORIGIN = 'https://api-t1.fyers.in';
export const API = '/api/v3';
export const DATA = '/data';

/** An unsigned JWT with the given claims (Fyers' signature is never checked client-side). */
export function jwt(claims: Record<string, unknown>): string {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJlLW5vdC1jaGVja2Vk`;
}

/** 2026-01-05 15:00 IST, well before the token's expiry. */
export const NOW_MS = Date.UTC(2026, 0, 5, 9, 30);
export const EXPIRES_AT_S = Math.floor(Date.UTC(2026, 0, 5, 21, 30) / 1000);
export const ACCESS_TOKEN = jwt({ fy_id: 'XY01234', hsm_key: 'hsmkey0123456789abcdef', exp: EXPIRES_AT_S });
export const AUTH_HEADER = `${APP_ID}:${ACCESS_TOKEN}`;

export function testConfig(overrides: Partial<Record<string, unknown>> = {}): FyersConfig {
  return FyersConfigSchema.parse({
    appId: APP_ID,
    secretKey: SECRET_KEY,
    redirectUrl: REDIRECT_URL,
    ...overrides,
  });
}

export function testSession(overrides: Partial<Session> = {}): Session {
  return {
    broker: 'fyers',
    userId: 'XY01234',
    accessToken: ACCESS_TOKEN,
    refreshToken: jwt({ sub: 'refresh_token', exp: EXPIRES_AT_S + 15 * 86_400 }),
    expiresAt: EXPIRES_AT_S * 1000,
    ...overrides,
  };
}

function row(partial: Partial<Instrument> & Pick<Instrument, 'symbol' | 'exchange' | 'token' | 'brsymbol'>) {
  return {
    brexchange: partial.exchange,
    name: '',
    expiry: '',
    strike: 0,
    lotSize: 1,
    tickSize: 0.05,
    instrumentType: 'EQ',
    ...partial,
  } satisfies Instrument;
}

/** A small master in Fyers' terms: brsymbol is the full ticker, token the fyToken (brokers.md §0, §3.5). */
export const ROWS: Instrument[] = [
  row({ symbol: 'SBIN', exchange: 'NSE', brsymbol: 'NSE:SBIN-EQ', token: '10100000003045', name: 'SBI' }),
  row({ symbol: 'TCS', exchange: 'NSE', brsymbol: 'NSE:TCS-EQ', token: '10100000011536' }),
  row({ symbol: 'M&M', exchange: 'NSE', brsymbol: 'NSE:M&M-EQ', token: '10100000002031' }),
  row({ symbol: 'RELIANCE', exchange: 'BSE', brsymbol: 'BSE:RELIANCE-A', token: '12100000500325' }),
  row({
    symbol: 'NIFTY',
    exchange: 'NSE_INDEX',
    brsymbol: 'NSE:NIFTY50-INDEX',
    token: '101000000026000',
    instrumentType: 'INDEX',
  }),
  row({
    symbol: 'NIFTY19DEC2424000CE',
    exchange: 'NFO',
    brsymbol: 'NSE:NIFTY24D1924000CE',
    token: '101124121935086',
    name: 'NIFTY',
    expiry: '19-DEC-24',
    strike: 24000,
    lotSize: 75,
    instrumentType: 'CE',
  }),
  row({
    symbol: 'NIFTY26DEC2424000CE',
    exchange: 'NFO',
    brsymbol: 'NSE:NIFTY24DEC24000CE',
    token: '101124122635100',
    name: 'NIFTY',
    expiry: '26-DEC-24',
    strike: 24000,
    lotSize: 75,
    instrumentType: 'CE',
  }),
  row({
    symbol: 'NIFTY26DEC24FUT',
    exchange: 'NFO',
    brsymbol: 'NSE:NIFTY24DECFUT',
    token: '101124122635001',
    name: 'NIFTY',
    expiry: '26-DEC-24',
    lotSize: 75,
    instrumentType: 'FUT',
  }),
  row({
    symbol: 'USDINR27DEC24FUT',
    exchange: 'CDS',
    brsymbol: 'NSE:USDINR24DECFUT',
    token: '101224122711111',
    name: 'USDINR',
    expiry: '27-DEC-24',
    lotSize: 1,
    tickSize: 0.0025,
    instrumentType: 'FUT',
  }),
  row({
    symbol: 'CRUDEOIL19DEC24FUT',
    exchange: 'MCX',
    brsymbol: 'MCX:CRUDEOIL24DECFUT',
    token: '1120241219430106',
    name: 'CRUDEOIL',
    expiry: '19-DEC-24',
    lotSize: 100,
    tickSize: 1,
    instrumentType: 'FUT',
  }),
];

export function testIndex(rows: readonly Instrument[] = ROWS): InstrumentIndex {
  return InstrumentIndex.fromRows(rows, { label: 'fyers test master' });
}

export function testSymbols(logger: Logger = new RecordingLogger()): FyersSymbols {
  return new FyersSymbols(testIndex(), logger);
}

export interface Reply {
  status: number;
  /** Objects are sent as JSON, strings as they are. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface SeenRequest {
  method: string;
  origin: string;
  /** Path including the query string, as sent. */
  path: string;
  headers: Record<string, string>;
  body: string | undefined;
}

type Route = Reply | Reply[] | ((req: SeenRequest) => Reply);

export function ok(payload: Record<string, unknown> = {}): Reply {
  return { status: 200, body: { s: 'ok', code: 200, message: '', ...payload } };
}

export function fyersError(status: number, code: number, message: string): Reply {
  return { status, body: { s: 'error', code, message } };
}

/**
 * A MockAgent Fyers: routes by `METHOD /path` (query ignored for routing) on each origin, records every
 * request exactly as undici sent it. An array route answers its replies in turn (the last one repeats).
 */
export function mockFyers(routes: Record<string, Route>, origins: readonly string[] = [ORIGIN]) {
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
          origin,
          path: opts.path,
          headers: { ...(opts.headers as Record<string, string> | undefined) },
          body: typeof opts.body === 'string' ? opts.body : undefined,
        };
        seen.push(req);
        const key = `${opts.method} ${opts.path.split('?')[0]}`;
        const route = routes[key];
        let reply: Reply;
        if (route === undefined) reply = fyersError(404, -96, `no route for ${key}`);
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

export function fyersAdapter(
  context: AdapterContext<FyersConfig>,
  options?: FyersAdapterOptions,
): BrokerAdapter {
  return guardAdapter(createFyersAdapter(context, options), {
    manifest: fyers.manifest,
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
    config?: FyersConfig;
    maxRateLimitWaitMs?: number;
    origins?: string[];
    rows?: readonly Instrument[];
  } = {},
): TestAdapter {
  const config = options.config ?? testConfig();
  const { agent, seen } = mockFyers(routes, options.origins ?? [ORIGIN]);
  const clock = new ManualClock(NOW_MS);
  const logger = new RecordingLogger();
  const adapter = fyersAdapter({
    config,
    session: testSession(),
    instruments: testIndex(options.rows),
    http: {
      dispatcher: agent,
      ...(options.maxRateLimitWaitMs === undefined ? {} : { maxRateLimitWaitMs: options.maxRateLimitWaitMs }),
    },
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

/** The OpenAlgoError a promise rejects with (fails the test if it resolves or throws something else). */
export async function failure(promise: Promise<unknown>): Promise<OpenAlgoError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isOpenAlgoError(err)) throw new Error(`expected an OpenAlgoError, got ${String(err)}`);
  return err;
}

export function jsonBody(req: SeenRequest | undefined): unknown {
  return req?.body === undefined ? undefined : JSON.parse(req.body);
}
