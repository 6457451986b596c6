import fc from 'fast-check';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { API_ENDPOINTS } from '../../src/api/index.js';
import { API_KEY, OTHER_KEY, type SandboxAccount, sandboxAccount, TestResolver } from './support/accounts.js';
import { buildApiApp } from './support/app.js';
import { queryArbitrary, requestArbitrary } from './support/request-arbitraries.js';

/**
 * Random and mutated requests against every endpoint of an app backed by the real sandbox broker:
 * valid bodies with fields deleted, retyped, huge, negative, unicode or nested; random JSON; bodies
 * that are not JSON at all, under assorted Content-Types. Whatever arrives, the answer is a JSON
 * envelope, never a 5xx, and every 400 names a field of the request (or the body).
 * Seeded, so a failure reproduces; 420 runs per endpoint × 27 endpoints > 10,000 requests.
 */
const SEED = 20_260_105;
const RUNS_PER_ENDPOINT = 420;

let app: FastifyInstance;
let sandbox: SandboxAccount;
let restingOrderId = '';

beforeAll(async () => {
  sandbox = await sandboxAccount();
  // OTHER_KEY is bound to the same account, so mutations that swap keys still resolve sometimes.
  const resolver = new TestResolver().add(API_KEY, sandbox.account).add(OTHER_KEY, sandbox.account);
  // Rate limits off: the ManualClock never moves, so buckets would never refill.
  app = await buildApiApp(resolver, { clock: sandbox.clock, rateLimits: false });
  const placed = await app.inject({
    method: 'POST',
    url: '/api/v1/placeorder',
    payload: {
      apikey: API_KEY,
      strategy: 'prop',
      symbol: 'SBIN',
      exchange: 'NSE',
      action: 'BUY',
      quantity: 1,
      pricetype: 'LIMIT',
      price: 500,
    },
  });
  restingOrderId = String(JSON.parse(placed.body).orderid);
});
afterAll(async () => {
  await app.close();
  await sandbox.close();
});

/** Every property name anywhere in the endpoint's request schema: what a 400 may name. */
function fieldNames(schema: z.ZodType): Set<string> {
  const names = new Set<string>(['body']);
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const entry of node) walk(entry);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    if (typeof record.properties === 'object' && record.properties !== null) {
      for (const name of Object.keys(record.properties)) names.add(name);
    }
    for (const value of Object.values(record)) walk(value);
  };
  walk(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }));
  return names;
}

const ORDER = {
  strategy: 'prop',
  exchange: 'NSE',
  symbol: 'SBIN',
  action: 'BUY',
  quantity: 1,
  product: 'MIS',
};

/** A valid value for each path parameter (`/ticker/:symbol`). */
const PATH_SAMPLES: Record<string, string> = { symbol: 'NSE:SBIN' };

/** A SINGLE BUY-on-dip GTT on SBIN. */
const GTT = {
  strategy: 'prop',
  trigger_type: 'SINGLE',
  exchange: 'NSE',
  symbol: 'SBIN',
  action: 'BUY',
  product: 'CNC',
  quantity: 1,
  price: 500,
  triggerprice_sl: 499,
};

/** The sandbox's NIFTY weekly of 13 JAN 26, for the options order routes. */
const OPTION = { strategy: 'prop', underlying: 'NIFTY', exchange: 'NSE_INDEX', expiry_date: '13JAN26' };

function validBody(path: string): Record<string, unknown> {
  const key = { apikey: API_KEY };
  const ref = { symbol: 'SBIN', exchange: 'NSE' };
  const bodies: Record<string, Record<string, unknown>> = {
    placeorder: { ...key, ...ORDER, pricetype: 'MARKET' },
    placesmartorder: { ...key, ...ORDER, position_size: 2 },
    modifyorder: {
      ...key,
      ...ORDER,
      orderid: restingOrderId,
      pricetype: 'LIMIT',
      price: 505,
      disclosed_quantity: 0,
      trigger_price: 0,
    },
    cancelorder: { ...key, strategy: 'prop', orderid: restingOrderId },
    cancelallorder: { ...key, strategy: 'prop' },
    closeposition: { ...key, strategy: 'prop' },
    basketorder: {
      ...key,
      strategy: 'prop',
      orders: [
        { ...ref, action: 'BUY', quantity: 1 },
        { symbol: 'INFY', exchange: 'NSE', action: 'SELL', quantity: 1, pricetype: 'LIMIT', price: 2000 },
      ],
    },
    splitorder: { ...key, ...ORDER, quantity: 7, splitsize: 3 },
    orderstatus: { ...key, strategy: 'prop', orderid: restingOrderId },
    openposition: { ...key, strategy: 'prop', ...ref, product: 'MIS' },
    margin: {
      ...key,
      positions: [{ ...ref, action: 'BUY', quantity: '1', product: 'MIS', pricetype: 'MARKET' }],
    },
    // GTTs: the first GTT a fuzzed placegttorder places is G26010500000001, which modify and cancel name.
    placegttorder: { ...key, ...GTT },
    modifygttorder: { ...key, ...GTT, trigger_id: 'G26010500000001', triggerprice_sl: 480, price: 481 },
    cancelgttorder: { ...key, strategy: 'prop', trigger_id: 'G26010500000001' },
    gttorderbook: { ...key, status: 'all' },
    optionsorder: { ...key, ...OPTION, offset: 'ITM1', option_type: 'PE', action: 'BUY', quantity: 65 },
    optionsmultiorder: {
      ...key,
      ...OPTION,
      legs: [
        { offset: 'OTM2', option_type: 'CE', action: 'BUY', quantity: 65 },
        { offset: 'ATM', option_type: 'CE', action: 'SELL', quantity: 130, splitsize: 65 },
      ],
    },
    quotes: { ...key, ...ref },
    multiquotes: { ...key, symbols: [ref, { symbol: 'NOPE', exchange: 'NSE' }] },
    depth: { ...key, ...ref },
    history: { ...key, ...ref, interval: '5m', start_date: '2026-01-01', end_date: '2026-01-05' },
    symbol: { ...key, ...ref },
    search: { ...key, query: 'SBI', exchange: 'NSE' },
    expiry: { ...key, symbol: 'NIFTY', exchange: 'NFO', instrumenttype: 'options' },
    instruments: { ...key, exchange: 'NSE_INDEX', format: 'csv' },
    'analyzer/toggle': { ...key, mode: false },
    'ticker/:symbol': { ...key, interval: 'D', from: '2026-01-01', to: '2026-01-05', format: 'txt' },
  };
  return bodies[path] ?? { ...key };
}

function checkAnswer(response: LightMyRequestResponse, names: Set<string>, what: string): void {
  const context = `${what} → ${response.statusCode} ${response.body.slice(0, 300)}`;
  expect(response.statusCode, context).toBeLessThan(500);
  const contentType = String(response.headers['content-type'] ?? '');
  // Downloads: the instruments CSV and the ticker's AmiQuote text.
  if (response.statusCode === 200 && /^text\/(csv|plain)/.test(contentType)) return;
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(response.body) as Record<string, unknown>;
  } catch {
    throw new Error(`not JSON: ${context}`);
  }
  expect(typeof body, context).toBe('object');
  expect(['success', 'partial', 'error'], context).toContain(body.status);
  if (response.statusCode >= 400) {
    expect(body.status, context).toBe('error');
    expect(typeof body.message, context).toBe('string');
    expect(typeof body.code, context).toBe('string');
    if (typeof body.field === 'string') expect(body.message, context).toContain(body.field);
  }
  if (response.statusCode === 400) {
    const message = String(body.message);
    expect(
      [...names].some((name) => message.includes(name)),
      `400 names no field: ${context}`,
    ).toBe(true);
  }
  expect(response.body, context).not.toContain(API_KEY);
}

describe('no input produces a 5xx', () => {
  for (const endpoint of API_ENDPOINTS) {
    const path = endpoint.path.slice(1);
    const names = fieldNames(endpoint.request);
    test(`${endpoint.method} /api/v1/${path}`, async () => {
      if (endpoint.method === 'GET') {
        await fc.assert(
          fc.asyncProperty(
            queryArbitrary(validBody(path) as Record<string, string>, names),
            async (query) => {
              const url = `/api/v1/${path.replace(/:(\w+)/g, (_, name: string) => PATH_SAMPLES[name] ?? name)}`;
              const response = await app.inject({ method: 'GET', url, query });
              checkAnswer(response, names, `GET ${JSON.stringify(query).slice(0, 200)}`);
            },
          ),
          { seed: SEED, numRuns: RUNS_PER_ENDPOINT },
        );
        return;
      }
      await fc.assert(
        fc.asyncProperty(requestArbitrary(validBody(path), names), async ({ payload, contentType }) => {
          const response = await app.inject({
            method: 'POST',
            url: `/api/v1/${path}`,
            ...(payload === undefined ? {} : { payload }),
            headers: contentType === undefined ? {} : { 'content-type': contentType },
          });
          checkAnswer(response, names, `POST ${contentType} ${String(payload).slice(0, 200)}`);
        }),
        { seed: SEED, numRuns: RUNS_PER_ENDPOINT },
      );
    }, 120_000);
  }
});
