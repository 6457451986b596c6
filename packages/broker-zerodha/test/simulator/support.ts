import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ManualClock } from '@openalgo/core';
import { DEFAULT_SANDBOX_START } from '@openalgo/sandbox';
import { request } from 'undici';
import {
  createKiteSimulator,
  type KiteSimulator,
  type KiteSimulatorOptions,
} from '../../src/simulator/index.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'simulator');

/** A kite-mocks file copied into test/fixtures/simulator/. */
export function mock<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as T;
}

export function mockText(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

/** The `data` of a kite-mocks success envelope. */
export function mockData<T = unknown>(name: string): T {
  return mock<{ data: T }>(name).data;
}

export function keysOf(value: unknown): string[] {
  return Object.keys(value as Record<string, unknown>).sort();
}

/**
 * Small masters keep these tests quick; the full size has its own test. Above the sandbox universe's
 * ~3,100 rows, so the master also holds unpriced filler rows.
 */
export const TEST_MASTER_SIZE = 4_000;

export interface Call {
  method?: string;
  form?: Record<string, string | number>;
  json?: unknown;
  query?: Record<string, string | string[]>;
  headers?: Record<string, string>;
  /** Leave out the Kite auth headers. */
  anonymous?: boolean;
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  body: unknown;
}

export interface TestSimulator {
  sim: KiteSimulator;
  clock: ManualClock;
  readonly accessToken: string;
  /** A new session (the old token may have expired at 06:00 IST); later calls use it. */
  relogin(): void;
  call(path: string, call?: Call): Promise<Answer>;
  /** `data` of a success answer; fails the test on anything else. */
  data<T = unknown>(path: string, call?: Call): Promise<T>;
  close(): Promise<void>;
}

/** A simulator on a ManualClock (Monday 5 Jan 2026, 09:30 IST) with a session already open. */
export async function startSimulator(options: KiteSimulatorOptions = {}): Promise<TestSimulator> {
  const clock = new ManualClock(DEFAULT_SANDBOX_START);
  const sim = await createKiteSimulator({
    clock,
    masterSize: TEST_MASTER_SIZE,
    apiKey: 'testkey',
    apiSecret: 'testsecret',
    userId: 'ZT0001',
    password: 'pass123',
    ...options,
  });
  let accessToken = sim.backdoor.issueSession().accessToken;
  const call = async (path: string, c: Call = {}): Promise<Answer> => {
    const url = new URL(path, sim.apiUrl);
    for (const [name, value] of Object.entries(c.query ?? {})) {
      for (const v of Array.isArray(value) ? value : [value]) url.searchParams.append(name, v);
    }
    const headers: Record<string, string> = c.anonymous
      ? {}
      : { 'x-kite-version': '3', authorization: `token testkey:${accessToken}` };
    let body: string | undefined;
    if (c.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(
        Object.entries(c.form).map(([k, v]): [string, string] => [k, String(v)]),
      ).toString();
    } else if (c.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(c.json);
    }
    const res = await request(url, {
      method: (c.method ?? 'GET') as 'GET',
      headers: { ...headers, ...c.headers },
      ...(body === undefined ? {} : { body }),
    });
    const text = await res.body.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // CSV and HTML stay text.
    }
    return { status: res.statusCode, headers: res.headers, text, body: parsed };
  };
  return {
    sim,
    clock,
    get accessToken() {
      return accessToken;
    },
    relogin() {
      accessToken = sim.backdoor.issueSession().accessToken;
    },
    call,
    async data<T>(path: string, c?: Call): Promise<T> {
      const answer = await call(path, c);
      const body = answer.body as { status?: string; data?: T };
      if (answer.status !== 200 || body.status !== 'success') {
        throw new Error(
          `${c?.method ?? 'GET'} ${path} answered ${answer.status}: ${answer.text.slice(0, 300)}`,
        );
      }
      return body.data as T;
    },
    close: () => sim.close(),
  };
}

/** A form for `POST /orders/regular` (a MARKET order with Kite's automatic market protection, as Kite requires). */
export function orderForm(overrides: Record<string, string | number> = {}): Record<string, string | number> {
  return {
    tradingsymbol: 'SBIN',
    exchange: 'NSE',
    transaction_type: 'BUY',
    order_type: 'MARKET',
    quantity: 1,
    product: 'MIS',
    validity: 'DAY',
    market_protection: -1,
    tag: 'test1',
    ...overrides,
  };
}
