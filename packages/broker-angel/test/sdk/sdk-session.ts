import { ManualClock, randomTotpSecret, totpCode } from '@openalgo/core';
import { DEFAULT_SANDBOX_START } from '@openalgo/sandbox';
import { expect } from 'vitest';
import { type AngelSimulator, createAngelSimulator } from '../../src/simulator/index.js';
import { type OfficialSdk, officialSdk } from './official-sdk.js';
import type { SdkEnvelope, SmartApi } from './sdk-types.js';

/** Small enough to build fast, large enough to list futures and options of every segment. */
export const SDK_MASTER_SIZE = 3_000;

/** What an Angel user holds: the app's API key, the client code, PIN and authenticator secret. */
export interface SdkSession {
  sim: AngelSimulator;
  clock: ManualClock;
  sdk: OfficialSdk;
  /** The official client, logged in. */
  client: SmartApi;
  clientCode: string;
  pin: string;
  totpSecret: string;
  /** The tokens of the latest login or refresh. */
  readonly tokens: { jwtToken: string; refreshToken: string; feedToken: string };
  /** Logs in again with the code the authenticator shows now (new tokens on `client`). */
  login(): Promise<SdkEnvelope>;
  /** A second official client on the same simulator, not logged in. */
  newClient(): SmartApi;
  close(): Promise<void>;
}

/** A simulator on a ManualClock (Monday 5 Jan 2026, 09:30 IST) and the SDK, logged in as a user would. */
export async function startSdkSession(): Promise<SdkSession> {
  const clock = new ManualClock(DEFAULT_SANDBOX_START);
  const totpSecret = randomTotpSecret();
  const credentials = { apiKey: 'sdkapikey', clientCode: 'S654321', pin: '4321', totpSecret };
  const sim = await createAngelSimulator({ clock, masterSize: SDK_MASTER_SIZE, ...credentials });
  const sdk = officialSdk();
  // `root` replaces https://apiconnect.angelone.in, the only REST host the SDK uses (§2.11).
  const newClient = () => new sdk.SmartAPI({ api_key: credentials.apiKey, root: sim.apiUrl });
  const client = newClient();
  let tokens = { jwtToken: '', refreshToken: '', feedToken: '' };
  const login = async () => {
    const reply = await client.generateSession(
      credentials.clientCode,
      credentials.pin,
      totpCode(totpSecret, clock.now()),
    );
    expect(reply).toMatchObject({ status: true, message: 'SUCCESS', errorcode: '' });
    tokens = reply.data;
    return reply;
  };
  await login();
  return {
    sim,
    clock,
    sdk,
    client,
    clientCode: credentials.clientCode,
    pin: credentials.pin,
    totpSecret,
    get tokens() {
      return tokens;
    },
    login,
    newClient,
    close: () => sim.close(),
  };
}

/** Angel's success envelope (§2.3), its `data` returned. */
// biome-ignore lint/suspicious/noExplicitAny: the SDK hands back whatever JSON the simulator sent.
export async function dataOf(reply: Promise<SdkEnvelope> | SdkEnvelope): Promise<any> {
  const body = await reply;
  expect(body).toMatchObject({ status: true, message: 'SUCCESS', errorcode: '' });
  return body.data;
}

/** The body of the last request the simulator received on `method path`. */
export function lastBody(sim: AngelSimulator, method: string, path: string | RegExp): unknown {
  const hits = sim.backdoor
    .requests()
    .filter((r) => r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path)));
  const last = hits.at(-1);
  if (!last) throw new Error(`the simulator received no ${method} ${String(path)}`);
  return last.body;
}
