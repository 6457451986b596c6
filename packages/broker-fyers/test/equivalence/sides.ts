import {
  type BrokerAdapter,
  type BrokerAuth,
  type Instrument,
  InstrumentIndex,
  ManualClock,
  type Session,
} from '@openalgo/core';
import { RecordingLogger } from '@openalgo/core/testing';
import nock from 'nock';
import { MockAgent } from 'undici';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { type FyersConfig, FyersConfigSchema } from '../../src/config.js';
import fyers from '../../src/index.js';
import { type FyersModel, fyersClient, loadFyersSdk } from '../sdk/fyers-sdk.js';
import type { WireRequest } from './wire.js';

/** A root nothing listens on: nock answers before a socket opens, and a miss fails to connect. */
export const SDK_ROOT = 'http://127.0.0.1:1';
/** Our adapter keeps its real Fyers hosts; MockAgent answers for them (nothing leaves the process). */
const FYERS_ORIGIN = 'https://api-t1.fyers.in';

export const APP_ID = 'EQVAPP1234-100';
export const SECRET_KEY = 'eqv-secret-9x';
export const REDIRECT_URL = 'https://127.0.0.1:5000/fyers/callback';
/** Any JWT-shaped value: neither side decodes it on a REST call. */
export const ACCESS_TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJoc21fa2V5IjoiZXF2In0.c2ln';
export const REFRESH_TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJyZWZyZXNoIjoxfQ.cmVm';

const sdk = loadFyersSdk({ api: `${SDK_ROOT}/api/v3`, data: `${SDK_ROOT}/data` });

/** The official client as a Fyers user builds it, logged in (or not, for the token exchange). */
export function sdkFyers(options: { accessToken?: string } = { accessToken: ACCESS_TOKEN }): FyersModel {
  return fyersClient(sdk, APP_ID, options.accessToken);
}

export interface Reply {
  status: number;
  body: unknown;
}

/** Fyers' success envelope around `payload` (§3.3). */
export function ok(payload: Record<string, unknown> = {}): Reply {
  return { status: 200, body: { s: 'ok', code: 200, message: '', ...payload } };
}

/**
 * nock for one test file: no request may leave the machine (only loopback is allowed, and nothing
 * listens on the fake root's port), and no interceptor outlives its test.
 */
export function useNock(): void {
  beforeAll(() => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
  });
  afterEach(() => {
    nock.cleanAll();
  });
  afterAll(() => {
    nock.enableNetConnect();
  });
}

const METHODS = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'] as const;

/**
 * Runs `call` with every request to the fake root answered by `reply`, and returns each request
 * exactly as the SDK wrote it, body as the raw string. Its interceptors end with it.
 */
export async function sdkRequests(
  reply: Reply,
  call: (client: FyersModel) => Promise<unknown>,
  client: FyersModel = sdkFyers(),
): Promise<WireRequest[]> {
  const seen: WireRequest[] = [];
  for (const method of METHODS) {
    const scope = nock(SDK_ROOT)
      .persist()
      .intercept(() => true, method)
      .reply(reply.status, JSON.stringify(reply.body), { 'content-type': 'application/json' });
    scope.on('request', (req: WireRequest, _interceptor: unknown, body: string) => {
      seen.push({ method: req.method, path: req.path, headers: { ...req.headers }, body: body || undefined });
    });
  }
  try {
    await call(client);
  } finally {
    nock.cleanAll();
  }
  return seen;
}

export function testConfig(): FyersConfig {
  return FyersConfigSchema.parse({ appId: APP_ID, secretKey: SECRET_KEY, redirectUrl: REDIRECT_URL });
}

export function testSession(overrides: Partial<Session> = {}): Session {
  return {
    broker: 'fyers',
    userId: 'XE00042',
    accessToken: ACCESS_TOKEN,
    refreshToken: REFRESH_TOKEN,
    expiresAt: Date.UTC(2026, 0, 6, 0, 30),
    loginSecrets: { pin: '4321' },
    ...overrides,
  };
}

/** One reply for every request, or a reply per `METHOD /path` (query left out). */
export type Replies = Reply | ((route: string) => Reply);

/** A MockAgent Fyers answering every request from `replies`, and what it received, exactly as undici sent it. */
function mockFyers(replies: Replies): { agent: MockAgent; seen: WireRequest[] } {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const seen: WireRequest[] = [];
  agent
    .get(FYERS_ORIGIN)
    .intercept({ path: () => true, method: () => true })
    .reply((opts: { method: string; path: string; headers?: unknown; body?: unknown }) => {
      seen.push({
        method: opts.method,
        path: opts.path,
        headers: { ...(opts.headers as Record<string, string> | undefined) },
        body: typeof opts.body === 'string' ? opts.body : undefined,
      });
      const reply =
        typeof replies === 'function' ? replies(`${opts.method} ${opts.path.split('?')[0]}`) : replies;
      return {
        statusCode: reply.status,
        data: JSON.stringify(reply.body),
        responseOptions: { headers: { 'content-type': 'application/json' } },
      };
    })
    .persist();
  return { agent, seen };
}

/**
 * Runs `call` on our adapter as the plugin serves it (`fyers.create`, behind core's contract
 * boundary), every request answered by `reply` on undici's MockAgent, and returns what it sent.
 * The replies are Fyers' own shapes, so an adapter that cannot read one fails the case too.
 */
export async function adapterRequests(
  reply: Replies,
  call: (adapter: BrokerAdapter) => Promise<unknown>,
  rows: readonly Instrument[],
): Promise<WireRequest[]> {
  const { agent, seen } = mockFyers(reply);
  const adapter = await fyers.create({
    config: testConfig(),
    session: testSession(),
    instruments: InstrumentIndex.fromRows(rows, { label: 'fyers equivalence master' }),
    http: { dispatcher: agent },
    clock: new ManualClock(Date.UTC(2026, 0, 5, 4, 0)),
    logger: new RecordingLogger(),
  });
  try {
    await call(adapter);
  } finally {
    await adapter.close();
    await agent.close();
  }
  return seen;
}

/** Our login calls run outside the adapter (there is no session yet), on the plugin's auth. */
export async function authRequests(
  reply: Replies,
  call: (auth: BrokerAuth) => Promise<unknown>,
): Promise<WireRequest[]> {
  const { agent, seen } = mockFyers(reply);
  const auth = fyers.auth(testConfig(), {
    http: { dispatcher: agent },
    clock: new ManualClock(Date.UTC(2026, 0, 5, 4, 0)),
    logger: new RecordingLogger(),
  });
  try {
    await call(auth);
  } finally {
    await agent.close();
  }
  return seen;
}
