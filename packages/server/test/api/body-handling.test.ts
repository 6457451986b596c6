import Fastify from 'fastify';
import { afterEach, describe, expect, test } from 'vitest';
import type { AccountResolver } from '../../src/accounts/types.js';
import { apiRoutes } from '../../src/api/index.js';
import { API_KEY } from './support/accounts.js';
import { buildApiApp, json } from './support/app.js';
import { type FakeHarness, fakeHarness } from './support/harness.js';

/** Whatever the transport delivers, the answer is OpenAlgo's envelope and never a 500. */

let h: FakeHarness;
afterEach(async () => h.app.close());

const PING = JSON.stringify({ apikey: API_KEY });

async function raw(payload: string | undefined, contentType?: string, url = '/api/v1/ping') {
  return h.app.inject({
    method: 'POST',
    url,
    ...(payload === undefined ? {} : { payload }),
    headers: contentType === undefined ? {} : { 'content-type': contentType },
  });
}

describe('bodies', () => {
  test.each([
    ['application/json'],
    ['application/json; charset=utf-8'],
    ['text/plain'],
    ['text/plain; charset=utf-8'],
    ['application/octet-stream'],
  ])('a JSON body sent as %s is read as JSON (webhooks send text/plain)', async (contentType) => {
    h = await fakeHarness();
    const response = await raw(PING, contentType);
    expect(response.statusCode, response.body).toBe(200);
    expect(json(response).status).toBe('success');
  });

  test('a JSON body without any Content-Type is read as JSON', async () => {
    h = await fakeHarness();
    const response = await h.app.inject({ method: 'POST', url: '/api/v1/ping', payload: Buffer.from(PING) });
    expect(response.statusCode, response.body).toBe(200);
  });

  test.each([
    ['{"apikey":', 'application/json'],
    ['apikey=abc&x=1', 'application/x-www-form-urlencoded'],
    ['not json at all', 'text/plain'],
    ['{"apikey": "c0ffee", ]', undefined],
  ])('malformed %j (%s) is 400 naming the body', async (payload, contentType) => {
    h = await fakeHarness();
    const response = await raw(payload, contentType);
    expect(response.statusCode).toBe(400);
    const body = json(response);
    expect(body).toMatchObject({ status: 'error', code: 'INVALID_REQUEST', field: 'body' });
    expect(String(body.message)).toMatch(/^body: is not valid JSON/);
  });

  test('a parse error never echoes the body (it may hold the key)', async () => {
    h = await fakeHarness();
    const response = await raw(`{"apikey":"${API_KEY}", oops}`, 'application/json');
    expect(response.statusCode).toBe(400);
    expect(response.body).not.toContain(API_KEY);
  });

  test.each([
    ['[]', 'an array'],
    ['42', 'a number'],
    ['"apikey"', 'a string'],
    ['null', 'null'],
    ['true', 'a boolean'],
  ])('a non-object body %s (%s) is 400 "body: must be a JSON object"', async (payload) => {
    h = await fakeHarness();
    const response = await raw(payload, 'application/json');
    expect(response.statusCode).toBe(400);
    expect(json(response)).toEqual({
      status: 'error',
      message: 'body: must be a JSON object',
      code: 'INVALID_REQUEST',
      field: 'body',
    });
  });

  test('an empty body is 400 naming the body, with or without a JSON content type', async () => {
    h = await fakeHarness();
    for (const contentType of ['application/json', undefined]) {
      const response = await raw('', contentType);
      expect(response.statusCode).toBe(400);
      expect(json(response)).toMatchObject({ field: 'body', code: 'INVALID_REQUEST' });
    }
  });

  test('a body over the limit is 413 in the envelope', async () => {
    h = await fakeHarness();
    const response = await raw(`{"apikey":"${'a'.repeat(1_100_000)}"}`, 'application/json');
    expect(response.statusCode).toBe(413);
    expect(json(response)).toMatchObject({ status: 'error', code: 'INVALID_REQUEST', field: 'body' });
  });

  test('a malformed Content-Type is 415 in the envelope', async () => {
    h = await fakeHarness();
    const response = await raw(PING, 'application/');
    expect(response.statusCode).toBe(415);
    expect(json(response)).toMatchObject({ status: 'error', field: 'body' });
  });

  test('__proto__ in a body is refused, not merged', async () => {
    h = await fakeHarness();
    const response = await raw(`{"apikey":"${API_KEY}","__proto__":{"polluted":true}}`, 'application/json');
    expect(response.statusCode).toBe(400);
    expect(json(response).message).toBe('body: must not contain __proto__ or constructor.prototype');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('unknown fields are ignored, as OpenAlgo clients send extras', async () => {
    h = await fakeHarness();
    const response = await h.send('ping', { apikey: API_KEY, strategy: 'x', note: { deep: [1, 2] } });
    expect(response.statusCode).toBe(200);
  });
});

describe('routes', () => {
  test('an unknown path under /api/v1 is 404 in the envelope', async () => {
    h = await fakeHarness();
    const response = await raw(PING, 'application/json', '/api/v1/placeordr');
    expect(response.statusCode).toBe(404);
    expect(json(response)).toMatchObject({ status: 'error', code: 'NOT_FOUND' });
  });

  test('the wrong method is 405 with Allow', async () => {
    h = await fakeHarness();
    const get = await h.app.inject({ method: 'GET', url: '/api/v1/placeorder/' });
    expect(get.statusCode).toBe(405);
    expect(get.headers.allow).toBe('POST');
    expect(json(get)).toMatchObject({ status: 'error', code: 'METHOD_NOT_ALLOWED' });
    const post = await h.app.inject({ method: 'POST', url: '/api/v1/instruments', payload: {} });
    expect(post.statusCode).toBe(405);
    expect(post.headers.allow).toBe('GET');
  });

  test('trailing slashes work even on an app that does not ignore them', async () => {
    h = await fakeHarness();
    const app = Fastify({ logger: false });
    await app.register(apiRoutes, { prefix: '/api/v1', resolver: h.resolver, rateLimits: false });
    try {
      for (const url of ['/api/v1/ping', '/api/v1/ping/']) {
        const response = await app.inject({ method: 'POST', url, payload: { apikey: API_KEY } });
        expect(response.statusCode, url).toBe(200);
      }
      const get = await app.inject({ method: 'GET', url: `/api/v1/instruments/?apikey=${API_KEY}` });
      expect(get.statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  test('analyzer/toggle works with a trailing slash too', async () => {
    h = await fakeHarness();
    const response = await h.send('analyzer/toggle', { apikey: API_KEY, mode: true }, { slash: true });
    expect(response.statusCode).toBe(200);
  });
});

describe('unexpected failures', () => {
  test('a resolver that throws is answered 502, never 500', async () => {
    h = await fakeHarness();
    const broken: AccountResolver = {
      resolveApiKey: async () => {
        throw new Error('database is locked');
      },
    };
    const app = await buildApiApp(broken);
    try {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/ping',
        payload: { apikey: API_KEY },
      });
      expect(response.statusCode).toBe(502);
      expect(json(response)).toMatchObject({ status: 'error', code: 'BROKER_ERROR' });
      expect(response.body).not.toContain('database is locked');
    } finally {
      await app.close();
    }
  });

  test('a thrown non-Error value is answered 502 too', async () => {
    h = await fakeHarness();
    h.adapter.failAlways('getFunds', 'a bare string');
    const response = await h.send('funds', { apikey: API_KEY });
    expect(response.statusCode).toBe(502);
    expect(json(response)).toMatchObject({ code: 'BROKER_ERROR' });
  });
});
