import { type CapabilityName, ERROR_CODES, type ErrorCode, errorForCode } from '@openalgo/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ErrorEnvelopeSchema } from '../../src/api/errors.js';
import { API_ENDPOINTS } from '../../src/api/index.js';
import { API_KEY, EXPIRED_KEY, UNKNOWN_KEY } from './support/accounts.js';
import { json } from './support/app.js';
import { ENDPOINT_CASES, withField } from './support/cases.js';
import { type FakeHarness, fakeHarness } from './support/harness.js';

/**
 * Every endpoint, the same checks: success, trailing slash, bad/expired/missing key, each missing
 * required field, each bad value, every broker error code, an unexpected exception, and every
 * capability it needs switched off. Statuses are written out here, not imported, so a change in
 * the mapping shows up as a failure.
 */
const EXPECTED_STATUS: Record<ErrorCode, number> = {
  INVALID_REQUEST: 400,
  INVALID_ORDER: 400,
  INSUFFICIENT_FUNDS: 400,
  SYMBOL_NOT_FOUND: 404,
  ORDER_NOT_FOUND: 404,
  NOT_SUPPORTED: 501,
  AUTH_FAILED: 401,
  SESSION_EXPIRED: 401,
  PERMISSION_DENIED: 403,
  RATE_LIMITED: 429,
  NETWORK: 503,
  TIMEOUT: 503,
  BROKER_UNAVAILABLE: 503,
  ORDER_STATE_UNKNOWN: 502,
  BROKER_ERROR: 502,
};
/** Failures after which a placed order may exist: core looks it up instead of reporting them. */
const AMBIGUOUS: ReadonlySet<ErrorCode> = new Set([
  'TIMEOUT',
  'ORDER_STATE_UNKNOWN',
  'BROKER_UNAVAILABLE',
  'NETWORK',
]);

// One app for the whole file, reset before each test: building an app per test would dominate the run.
let shared: FakeHarness;
beforeAll(async () => {
  shared = await fakeHarness();
});
afterAll(async () => shared.app.close());

async function harness(without?: CapabilityName): Promise<FakeHarness> {
  shared.reset();
  if (without) shared.adapter.setCapabilities({ [without]: false });
  return shared;
}

/**
 * A 200 body is exactly what the OpenAPI document publishes for the endpoint: it parses with the
 * published schema, and parsing keeps every key (zod drops undeclared ones, so any would show).
 */
function expectPublished(path: string, body: Record<string, unknown>): void {
  // A path parameter (`/ticker/:symbol`) matches any one segment.
  const matches = (pattern: string) => new RegExp(`^${pattern.replace(/:\w+/g, '[^/]+')}$`).test(`/${path}`);
  const endpoint = API_ENDPOINTS.find((e) => matches(e.path));
  if (!endpoint) throw new Error(`no endpoint /${path}`);
  const parsed = endpoint.response.safeParse(body);
  expect(parsed.error?.issues ?? [], JSON.stringify(body).slice(0, 300)).toEqual([]);
  expect(parsed.data).toEqual(body);
}

function expectErrorEnvelope(body: Record<string, unknown>): void {
  expect(ErrorEnvelopeSchema.safeParse(body).error?.issues ?? []).toEqual([]);
  expect(body.status).toBe('error');
  expect(typeof body.message).toBe('string');
  expect(typeof body.code).toBe('string');
}

describe.each(ENDPOINT_CASES)('$method /api/v1/$path', (c) => {
  const send = (x: FakeHarness, body: unknown, slash = false) =>
    x.send(c.path, body, { method: c.method, slash });

  test('a valid request succeeds with the published response', async () => {
    const x = await harness();
    const response = await send(x, c.body);
    expect(response.statusCode, response.body).toBe(200);
    expect(json(response).status).toBe('success');
    expectPublished(c.path, json(response));
  });

  test('in analyzer mode the answer is still the published one', async () => {
    const x = await harness();
    x.account.analyzeMode = true;
    const response = await send(x, c.body);
    expect(response.statusCode, response.body).toBe(200);
    expectPublished(c.path, json(response));
  });

  test('a trailing slash is accepted', async () => {
    const x = await harness();
    const response = await send(x, c.body, true);
    expect(response.statusCode, response.body).toBe(200);
    expect(json(response).status).toBe('success');
  });

  test('an unknown key is 403 "Invalid openalgo apikey"', async () => {
    const x = await harness();
    const response = await send(x, { ...c.body, apikey: UNKNOWN_KEY });
    expect(response.statusCode).toBe(403);
    expect(json(response)).toEqual({
      status: 'error',
      message: 'Invalid openalgo apikey',
      code: 'INVALID_API_KEY',
    });
    expect(x.adapter.calls).toEqual([]);
  });

  test('a key whose broker session expired is 401 SESSION_EXPIRED', async () => {
    const x = await harness();
    const response = await send(x, { ...c.body, apikey: EXPIRED_KEY });
    expect(response.statusCode).toBe(401);
    expect(json(response)).toMatchObject({ status: 'error', code: 'SESSION_EXPIRED' });
    expect(x.adapter.calls).toEqual([]);
  });

  test(`a missing key is ${c.method === 'GET' ? '401' : '400 naming apikey'}`, async () => {
    const x = await harness();
    const response = await send(x, withField(c.body, 'apikey', undefined));
    const body = json(response);
    expect(response.statusCode).toBe(c.method === 'GET' ? 401 : 400);
    expectErrorEnvelope(body);
    expect(body.field).toBe('apikey');
    expect(body.message).toContain('apikey');
    expect(JSON.stringify(body)).not.toContain(API_KEY);
  });

  test.each(c.required)('missing %s is 400 naming it', async (field) => {
    const x = await harness();
    const response = await send(x, withField(c.body, field, undefined));
    const body = json(response);
    expect(response.statusCode, response.body).toBe(400);
    expect(body).toMatchObject({ status: 'error', code: 'INVALID_REQUEST', field });
    expect(body.message).toContain(`${field}: is required`);
    expect(x.adapter.calls).toEqual([]);
  });

  test.each(c.invalid)('%s = %j is 400 naming the field', async (field, value, names) => {
    const x = await harness();
    const response = await send(x, withField(c.body, field, value));
    const body = json(response);
    expect(response.statusCode, response.body).toBe(400);
    expectErrorEnvelope(body);
    expect(body.field).toBe(names ?? field);
    expect(body.message).toContain(names ?? field);
    // Nothing reached the broker's write methods.
    expect(x.adapter.calls.filter((call) => /^(place|modify|cancel)/.test(call.method))).toEqual([]);
  });

  const failure = c.failure;
  if (failure) {
    test.each(ERROR_CODES)(`a broker ${failure.method} failing with %s is mapped`, async (code) => {
      const x = await harness();
      const retryAfterMs = code === 'RATE_LIMITED' ? 2500 : undefined;
      x.adapter.failAlways(
        failure.method,
        errorForCode(code, `fake broker says ${code}`, {
          broker: 'fakebroker',
          ...(retryAfterMs ? { retryAfterMs } : {}),
        }),
      );
      const response = await send(x, c.body);
      const body = json(response);
      if (failure.kind === 'batch') {
        expect(response.statusCode).toBe(200);
        expectPublished(c.path, body);
        expect(body.status).toBe('error');
        const results = body.results as Array<Record<string, unknown>>;
        expect(results.length).toBeGreaterThan(0);
        for (const r of results) {
          expect(r.status).toBe('error');
          expect(r.code).toBe(AMBIGUOUS.has(code) ? 'ORDER_STATE_UNKNOWN' : code);
          if (AMBIGUOUS.has(code)) expect(r.client_order_id).toMatch(/^COID\d+$/);
        }
        return;
      }
      const placedAmbiguously = failure.kind === 'placement' && AMBIGUOUS.has(code);
      const expectedCode = placedAmbiguously ? 'ORDER_STATE_UNKNOWN' : code;
      expect(response.statusCode, response.body).toBe(EXPECTED_STATUS[expectedCode]);
      expectErrorEnvelope(body);
      expect(body.code).toBe(expectedCode);
      if (!placedAmbiguously) expect(body.message).toContain(`fake broker says ${code}`);
      if (code === 'RATE_LIMITED') {
        expect(body.retry_after).toBe(3);
        expect(response.headers['retry-after']).toBe('3');
      }
      if (failure.kind === 'placement' && EXPECTED_STATUS[expectedCode] >= 500) {
        expect(body.client_order_id).toBe('COID1');
      } else {
        expect(body).not.toHaveProperty('client_order_id');
      }
    });

    test('an unexpected exception in the adapter is 502 BROKER_ERROR (or reconciled), never 500', async () => {
      const x = await harness();
      x.adapter.failAlways(failure.method, new TypeError('secret-token-abc123 is not a function'));
      const response = await send(x, c.body);
      const body = json(response);
      expect(JSON.stringify(body)).not.toContain('secret-token-abc123');
      if (failure.kind === 'batch') {
        expect(response.statusCode).toBe(200);
        expect((body.results as Array<Record<string, unknown>>)[0]?.code).toBe('ORDER_STATE_UNKNOWN');
      } else if (failure.kind === 'placement') {
        expect(response.statusCode).toBe(502);
        expect(body).toMatchObject({ code: 'ORDER_STATE_UNKNOWN', client_order_id: 'COID1' });
      } else {
        expect(response.statusCode).toBe(502);
        expect(body).toMatchObject({ status: 'error', code: 'BROKER_ERROR' });
        expect(body.message).toContain('TypeError');
      }
    });
  }

  test.each(c.capabilities)('a broker without %s answers 501 naming it', async (capability) => {
    const x = await harness(capability);
    const response = await send(x, c.body);
    const body = json(response);
    expect(response.statusCode).toBe(501);
    expect(body).toMatchObject({ status: 'error', code: 'NOT_SUPPORTED' });
    expect(body.message).toContain(capability);
    expect(x.adapter.calls).toEqual([]);
  });
});
