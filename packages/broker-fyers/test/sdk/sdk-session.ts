import { ManualClock } from '@openalgo/core';
import { DEFAULT_SANDBOX_START } from '@openalgo/sandbox';
import { createFyersSimulator, type FyersSimulator, loginWithForm } from '../../src/simulator/index.js';
import { type FyersModel, type FyersReply, type FyersSdk, fyersClient, loadFyersSdk } from './fyers-sdk.js';

/** What a Fyers user holds: the app's id and secret, and the official client logged in. */
export interface SdkSession {
  sim: FyersSimulator;
  clock: ManualClock;
  sdk: FyersSdk;
  client: FyersModel;
  appId: string;
  secretKey: string;
  /** Tokens of the latest login. */
  readonly accessToken: string;
  readonly refreshToken: string;
  /** A fresh auth code from the simulator's login form, through the SDK's own login URL. */
  authCode(state?: string): Promise<string>;
  /** Logs in again (a new access token on `client`); the SDK's reply. */
  login(): Promise<FyersReply>;
  close(): Promise<void>;
}

/** An NSE future the simulator trades (a NIFTY one when there is), with its lot size. */
export function nearFuture(sim: FyersSimulator): { ticker: string; lot: number } {
  const futures = sim.master.rows.filter(
    (row) => row.sandbox && row.ticker.startsWith('NSE:') && row.ticker.endsWith('FUT'),
  );
  const row = futures.find((r) => r.ticker.startsWith('NSE:NIFTY')) ?? futures[0];
  if (!row) throw new Error('the simulator trades no NSE future');
  return { ticker: row.ticker, lot: row.lotSize };
}

/** A small master: the suite needs a few instruments, not the full-size CSVs. */
const SDK_MASTER_SIZE = 2_000;

/**
 * A simulator on a ManualClock (Monday 5 Jan 2026, 09:30 IST) and the SDK logged in as a user
 * would: `generateAuthCode()` (its URL starts at `Config.SYNC_API`, so it already points at the
 * simulator's login page), the login form, then `generate_access_token`. With `streams`, the
 * process's one data socket is pointed at this simulator (call it once per file, before any other).
 */
export async function startSdkSession(options: { streams?: boolean } = {}): Promise<SdkSession> {
  const clock = new ManualClock(DEFAULT_SANDBOX_START);
  const appId = 'SDKAPP0001-100';
  const secretKey = 'SDKSECRET42';
  const sim = await createFyersSimulator({
    clock,
    masterSize: SDK_MASTER_SIZE,
    appId,
    secretKey,
    userId: 'XS00042',
    password: 'sdkpass',
    pin: '4321',
  });
  const sdk = loadFyersSdk({
    api: sim.apiUrl,
    data: sim.dataUrl,
    orderSocket: sim.orderWsUrl,
    ...(options.streams ? { dataSocket: sim.dataWsUrl } : {}),
  });
  const client = fyersClient(sdk, appId);
  client.setRedirectUrl(sim.credentials.redirectUrl);
  let accessToken = '';
  let refreshToken = '';
  const authCode = async (state = 'sdkstate') => {
    const redirect = await loginWithForm(client.generateAuthCode({ state }), sim.credentials);
    if (!redirect.auth_code || redirect.state !== state) {
      throw new Error(
        `login redirect without an auth code or state: ${JSON.stringify(Object.keys(redirect))}`,
      );
    }
    return redirect.auth_code;
  };
  const login = async () => {
    const reply = await client.generate_access_token({
      client_id: appId,
      secret_key: secretKey,
      auth_code: await authCode(),
    });
    if (reply.s !== 'ok') throw new Error(`token exchange failed: ${reply.code} ${reply.message}`);
    accessToken = String(reply.access_token);
    refreshToken = String(reply.refresh_token ?? '');
    client.setAccessToken(accessToken);
    return reply;
  };
  await login();
  return {
    sim,
    clock,
    sdk,
    client,
    appId,
    secretKey,
    get accessToken() {
      return accessToken;
    },
    get refreshToken() {
      return refreshToken;
    },
    authCode,
    login,
    close: () => sim.close(),
  };
}

/** The claims of a JWT (unchecked), as the SDK's data socket reads them. */
export function jwtClaims(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** Fyers' error envelope (§3.3), exactly. */
export function fyersError(code: number, message: string): { s: 'error'; code: number; message: string } {
  return { s: 'error', code, message };
}
