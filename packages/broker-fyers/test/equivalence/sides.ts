import {
  type BrokerAdapter,
  type BrokerAuth,
  type Instrument,
  InstrumentIndex,
  ManualClock,
  type Session,
} from '@openalgo/core';
import { RecordingLogger } from '@openalgo/core/testing';
import {
  recordingMockAgent,
  recordSdkRequests,
  UNREACHABLE_ROOT,
  type WireRequest,
} from '@openalgo/testkit/oracle';
import { type FyersConfig, FyersConfigSchema } from '../../src/config.js';
import fyers from '../../src/index.js';
import { type FyersModel, fyersClient, loadFyersSdk } from '../sdk/fyers-sdk.js';

/** A root nothing listens on: nock answers before a socket opens, and a miss fails to connect. */
export const SDK_ROOT = UNREACHABLE_ROOT;
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
 * Runs `call` with every request to the fake root answered by `reply`, and returns each request
 * exactly as the SDK wrote it (testkit's nock recorder). Its interceptors end with it.
 */
export function sdkRequests(
  reply: Reply,
  call: (client: FyersModel) => Promise<unknown>,
  client: FyersModel = sdkFyers(),
): Promise<WireRequest[]> {
  return recordSdkRequests({ root: SDK_ROOT, reply, call: () => call(client) });
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
function mockFyers(replies: Replies) {
  return recordingMockAgent({
    origins: [FYERS_ORIGIN],
    answer: (req) => {
      const reply =
        typeof replies === 'function' ? replies(`${req.method} ${req.path.split('?')[0]}`) : replies;
      return { ...reply, headers: { 'content-type': 'application/json' } };
    },
  });
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
