import { ManualClock, totpCode } from '@openalgo/core';
import { DEFAULT_SANDBOX_START } from '@openalgo/sandbox';
import { request } from 'undici';
import {
  type AngelSimulator,
  type AngelSimulatorOptions,
  createAngelSimulator,
  SECURE_PREFIX,
} from '../../src/simulator/index.js';

/** Small masters keep these tests quick; the full size has its own test. */
export const TEST_MASTER_SIZE = 3_000;

export const CREDENTIALS = {
  apiKey: 'simkey01',
  clientCode: 'S123456',
  pin: '1234',
  totpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
} as const;

/** The six `X-` headers the JS SDK sends (its public IP is the literal `null`, §2.2). */
export const SDK_HEADERS: Readonly<Record<string, string>> = {
  'x-usertype': 'USER',
  'x-sourceid': 'WEB',
  'x-clientlocalip': '127.0.0.1',
  'x-clientpublicip': 'null',
  'x-macaddress': '00:00:00:00:00:00',
  'x-privatekey': CREDENTIALS.apiKey,
};

export interface Call {
  method?: 'GET' | 'POST';
  /** Sent as JSON; GETs may carry one too (`{}` or `null`, as the SDK does). */
  json?: unknown;
  headers?: Record<string, string>;
  /** Leave out `Authorization`. */
  anonymous?: boolean;
  /** Replace the six `X-` headers. */
  xHeaders?: Record<string, string>;
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  body: Record<string, unknown>;
}

export interface TestSimulator {
  sim: AngelSimulator;
  clock: ManualClock;
  jwt: string;
  call(path: string, call?: Call): Promise<Answer>;
  /** `data` of a secure route's success answer (`SECURE_PREFIX` + path); fails the test otherwise. */
  data<T = unknown>(path: string, call?: Call): Promise<T>;
  /** A fresh login through the API (a current TOTP code); later calls use its jwt. */
  login(): Promise<Record<string, string>>;
  totp(offsetMs?: number): string;
  close(): Promise<void>;
}

/** A simulator on a ManualClock (Monday 5 Jan 2026, 09:30 IST) with a session already open. */
export async function startSimulator(options: AngelSimulatorOptions = {}): Promise<TestSimulator> {
  const clock = new ManualClock(DEFAULT_SANDBOX_START);
  const sim = await createAngelSimulator({ clock, masterSize: TEST_MASTER_SIZE, ...CREDENTIALS, ...options });
  const test: TestSimulator = {
    sim,
    clock,
    jwt: sim.backdoor.issueSession().jwtToken,
    async call(path, c = {}) {
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        accept: 'application/json',
        ...(c.xHeaders ?? SDK_HEADERS),
        ...(c.anonymous ? {} : { authorization: `Bearer ${test.jwt}` }),
        ...c.headers,
      };
      const res = await request(new URL(path, sim.apiUrl), {
        method: c.method ?? 'POST',
        headers,
        ...(c.json === undefined ? {} : { body: JSON.stringify(c.json) }),
      });
      const text = await res.body.text();
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(text) as Record<string, unknown>;
      } catch {
        // The rate-limit answer is plain text.
      }
      return { status: res.statusCode, headers: res.headers, text, body };
    },
    async data<T>(path: string, c?: Call): Promise<T> {
      const answer = await test.call(`${SECURE_PREFIX}${path}`, c);
      if (answer.status !== 200 || (answer.body.status !== true && answer.body.success !== true)) {
        throw new Error(`${path} answered ${answer.status}: ${answer.text.slice(0, 300)}`);
      }
      return answer.body.data as T;
    },
    async login() {
      const answer = await test.call('/rest/auth/angelbroking/user/v1/loginByPassword', {
        anonymous: true,
        json: { clientcode: CREDENTIALS.clientCode, password: CREDENTIALS.pin, totp: test.totp() },
      });
      const data = answer.body.data as Record<string, string>;
      test.jwt = data.jwtToken as string;
      return data;
    },
    totp: (offsetMs = 0) => totpCode(CREDENTIALS.totpSecret, clock.now() + offsetMs),
    close: () => sim.close(),
  };
  return test;
}

/** A placeOrder body as the docs and OpenAlgo send it (numbers as strings), for SBIN-EQ. */
export function orderBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    variety: 'NORMAL',
    tradingsymbol: 'SBIN-EQ',
    symboltoken: '3045',
    transactiontype: 'BUY',
    exchange: 'NSE',
    ordertype: 'MARKET',
    producttype: 'INTRADAY',
    duration: 'DAY',
    price: '0',
    squareoff: '0',
    stoploss: '0',
    quantity: '1',
    ...overrides,
  };
}
