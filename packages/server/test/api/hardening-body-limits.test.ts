import { afterEach, describe, expect, test } from 'vitest';
import { MAX_BODY_BYTES, MAX_BODY_DEPTH, nestsDeeperThan, parseJsonBody } from '../../src/api/body-parser.js';
import { API_KEY } from './support/accounts.js';
import { json } from './support/app.js';
import { type FakeHarness, fakeHarness } from './support/harness.js';
import { BASKET_LEGS, largestLegalBasket } from './support/large-bodies.js';

/** Bodies are bounded in size and nesting before JSON.parse runs: one request cannot stall the loop. */

let h: FakeHarness | undefined;
afterEach(async () => {
  await h?.app.close();
  h = undefined;
});

function post(payload: string) {
  if (!h) throw new Error('no app');
  return h.app.inject({
    method: 'POST',
    url: '/api/v1/basketorder',
    payload,
    headers: { 'content-type': 'text/plain' },
  });
}

describe('nesting depth is checked by a scan before parsing', () => {
  test('counts brackets outside strings only, escapes included', () => {
    expect(nestsDeeperThan('[[[]]]', 3)).toBe(false);
    expect(nestsDeeperThan('[[[[]]]]', 3)).toBe(true);
    expect(nestsDeeperThan('{"a":"[[[[[[[[","b":{"c":[1]}}', 3)).toBe(false);
    expect(nestsDeeperThan('{"a":"\\"[[[[","b":[[[1]]]}', 3)).toBe(true);
    expect(nestsDeeperThan('{"a":"\\\\","b":[[[[1]]]]}', 4)).toBe(true);
  });

  test(`a body nested deeper than ${MAX_BODY_DEPTH} is 400 naming body, without reaching JSON.parse`, async () => {
    h = await fakeHarness();
    const deep = `${'['.repeat(MAX_BODY_DEPTH + 1)}${']'.repeat(MAX_BODY_DEPTH + 1)}`;
    const response = await post(`{"apikey":"${API_KEY}","orders":${deep}}`);
    expect(response.statusCode).toBe(400);
    expect(json(response)).toMatchObject({ status: 'error', code: 'INVALID_REQUEST', field: 'body' });
    expect(String(json(response).message)).toMatch(/^body: nests objects or arrays deeper than 32 levels/);
  });

  test('the attack body (a megabyte of brackets) is refused by size, the unterminated deep one by depth', async () => {
    h = await fakeHarness();
    const huge = await post('['.repeat(1024 * 1024));
    expect(huge.statusCode).toBe(413);
    expect(json(huge)).toMatchObject({ status: 'error', code: 'INVALID_REQUEST', field: 'body' });
    const deepButSmall = await post('['.repeat(100_000));
    expect(deepButSmall.statusCode).toBe(400);
    expect(json(deepButSmall).field).toBe('body');
    expect(String(json(deepButSmall).message)).toMatch(/deeper than/);
  });

  test(`exactly ${MAX_BODY_DEPTH} levels still parses`, () => {
    const text = `${'['.repeat(MAX_BODY_DEPTH)}${']'.repeat(MAX_BODY_DEPTH)}`;
    expect(() => parseJsonBody({} as never, text)).not.toThrow();
  });
});

describe('size', () => {
  test(`a body over ${MAX_BODY_BYTES} bytes is 413 naming body, never echoing it`, async () => {
    h = await fakeHarness();
    const padding = 'k'.repeat(MAX_BODY_BYTES);
    const response = await post(`{"apikey":"${API_KEY}","strategy":"${padding}","orders":[]}`);
    expect(response.statusCode).toBe(413);
    const body = json(response);
    expect(body).toMatchObject({ status: 'error', code: 'INVALID_REQUEST', field: 'body' });
    expect(String(body.message)).toMatch(/^body: is larger than/);
    expect(response.body).not.toContain(API_KEY);
    expect(response.body).not.toContain('kkkk');
  });

  test('the largest legal basket, pretty-printed, fits with room to spare and parses', () => {
    const compact = largestLegalBasket();
    const pretty = largestLegalBasket({ indent: 2 });
    // The limit's documented headroom: at least twice the compact worst case.
    expect(compact.length * 2).toBeLessThanOrEqual(MAX_BODY_BYTES);
    expect(pretty.length).toBeLessThan(MAX_BODY_BYTES);
    const parsed = parseJsonBody({} as never, pretty) as { orders: unknown[] };
    expect(parsed.orders).toHaveLength(BASKET_LEGS);
  });

  test(`a ${BASKET_LEGS}-leg basket goes through the API end to end`, async () => {
    h = await fakeHarness();
    const legs = Array.from({ length: BASKET_LEGS }, (_, i) => ({
      exchange: 'NSE',
      symbol: 'SBIN',
      action: i % 2 === 0 ? 'BUY' : 'SELL',
      quantity: 1,
      product: 'MIS',
    }));
    const payload = JSON.stringify({ apikey: API_KEY, strategy: 'S'.repeat(100), orders: legs }, null, 8);
    const response = await post(payload);
    expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
    expect((json(response).results as unknown[]).length).toBe(BASKET_LEGS);
  });
});
