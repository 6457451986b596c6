import { ManualClock } from '@openalgo/core';
import { DEFAULT_SANDBOX_START } from '@openalgo/sandbox';
import { type Connect, KiteConnect } from 'kiteconnect';
import { createKiteSimulator, type KiteSimulator, loginWithForm } from '../../src/simulator/index.js';
import { TEST_MASTER_SIZE } from '../simulator/support.js';

/** What a Kite user holds: the app's key and secret, and the official client logged in. */
export interface SdkSession {
  sim: KiteSimulator;
  clock: ManualClock;
  kc: Connect;
  apiKey: string;
  apiSecret: string;
  /** The access token of the latest login (the ticker authenticates with it). */
  readonly accessToken: string;
  /** Logs in again through the login form (a new access token on `kc`). */
  login(): Promise<Awaited<ReturnType<Connect['generateSession']>>>;
  close(): Promise<void>;
}

/**
 * The SDK's login URL moved onto the simulator. KiteConnect 5.3.0 ignores its `login_uri` option
 * (`getLoginURL()` always starts with `https://kite.zerodha.com/connect/login`), so a user of the
 * simulator keeps the SDK's query (`api_key`, `v=3`) and swaps the origin, as done here.
 */
export function loginUrlOnSimulator(kc: Connect, sim: KiteSimulator): string {
  const sdkUrl = new URL(kc.getLoginURL());
  return `${sim.loginUrl}${sdkUrl.search}`;
}

/** A simulator on a ManualClock (Monday 5 Jan 2026, 09:30 IST) and the SDK, logged in as a user would. */
export async function startSdkSession(): Promise<SdkSession> {
  const clock = new ManualClock(DEFAULT_SANDBOX_START);
  const apiKey = 'sdkkey';
  const apiSecret = 'sdksecret';
  const sim = await createKiteSimulator({
    clock,
    masterSize: TEST_MASTER_SIZE,
    apiKey,
    apiSecret,
    userId: 'ZS0042',
    password: 'sdkpass',
  });
  // `root` is the only REST host the SDK uses; the default would be https://api.kite.trade.
  const kc = new KiteConnect({ api_key: apiKey, root: sim.apiUrl });
  const login = async () => {
    const redirect = await loginWithForm(loginUrlOnSimulator(kc, sim), sim.credentials);
    if (redirect.status !== 'success' || !redirect.request_token) {
      throw new Error(`login redirect without a request token: ${JSON.stringify(redirect)}`);
    }
    const session = await kc.generateSession(redirect.request_token, apiSecret);
    accessToken = session.access_token;
    return session;
  };
  let accessToken = '';
  await login();
  return {
    sim,
    clock,
    kc,
    apiKey,
    apiSecret,
    get accessToken() {
      return accessToken;
    },
    login,
    close: () => sim.close(),
  };
}

/** Kite's error envelope, as the SDK rejects with it (the response body itself). */
export interface KiteSdkError {
  status?: string;
  error_type: string;
  message: string;
  data?: unknown;
}

/** The rejection of `promise` (fails the test if it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<KiteSdkError> {
  try {
    await promise;
  } catch (error) {
    return error as KiteSdkError;
  }
  throw new Error('expected the SDK call to fail, it succeeded');
}

/** The form fields of the last request the simulator received on `method path`. */
export function lastForm(sim: KiteSimulator, method: string, path: string | RegExp): Record<string, string> {
  const hits = sim.backdoor
    .requests()
    .filter((r) => r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path)));
  const last = hits.at(-1);
  if (!last) throw new Error(`the simulator received no ${method} ${String(path)}`);
  return last.body as Record<string, string>;
}
