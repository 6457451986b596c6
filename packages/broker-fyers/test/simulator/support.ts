import { createHash } from 'node:crypto';
import { ManualClock } from '@openalgo/core';
import { DEFAULT_SANDBOX_START } from '@openalgo/sandbox';
import { request } from 'undici';
import { loginWithForm } from '../../src/simulator/browser-login.js';
import {
  createFyersSimulator,
  type FyersSimulator,
  type FyersSimulatorOptions,
} from '../../src/simulator/fyers-simulator.js';

/** A small master keeps these tests fast; the full-size master has its own test. */
export const TEST_MASTER_SIZE = 6_000;

export interface Started {
  sim: FyersSimulator;
  clock: ManualClock;
  origin: string;
}

/** A simulator on a ManualClock at the sandbox's default start (Monday 09:30 IST). */
export async function startSimulator(options: FyersSimulatorOptions = {}): Promise<Started> {
  const clock = new ManualClock(DEFAULT_SANDBOX_START);
  const sim = await createFyersSimulator({
    clock,
    masterSize: TEST_MASTER_SIZE,
    appId: 'TESTAPP001-100',
    secretKey: 'SECRETKEY1',
    pin: '4321',
    ...options,
  });
  return { sim, clock, origin: `http://127.0.0.1:${sim.port}` };
}

export function appIdHash(sim: FyersSimulator): string {
  const { appId, secretKey } = sim.credentials;
  return createHash('sha256').update(`${appId}:${secretKey}`).digest('hex');
}

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
  text: string;
}

/** One request to the simulator; a JSON object body is sent as JSON. */
export async function call(
  origin: string,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string>; raw?: string } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined = options.raw;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await request(`${origin}${path}`, {
    method: method as 'GET',
    headers,
    ...(body === undefined ? {} : { body }),
  });
  const text = await res.body.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // HTML, CSV or a deliberately cut body: the text is there.
  }
  return { status: res.statusCode, headers: res.headers, body: parsed, text };
}

/** The login URL the adapter would open, for this simulator. */
export function loginUrl(sim: FyersSimulator, state = 'st4te'): string {
  const url = new URL(sim.loginUrl);
  url.searchParams.set('client_id', sim.credentials.appId);
  url.searchParams.set('redirect_uri', sim.redirectUrl);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('state', state);
  return url.toString();
}

/** Login form → auth code → validate-authcode; answers the tokens and the Authorization header. */
export async function login(
  started: Started,
): Promise<{ accessToken: string; refreshToken: string; auth: Record<string, string> }> {
  const { sim, origin } = started;
  const redirect = await loginWithForm(loginUrl(sim), sim.credentials);
  const reply = await call(origin, 'POST', '/api/v3/validate-authcode', {
    body: { grant_type: 'authorization_code', appIdHash: appIdHash(sim), code: redirect.auth_code },
  });
  const accessToken = String(reply.body.access_token);
  return {
    accessToken,
    refreshToken: String(reply.body.refresh_token),
    auth: { authorization: `${sim.credentials.appId}:${accessToken}` },
  };
}

/** The claims of a JWT, decoded as the SDKs do (no signature check). */
export function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}
