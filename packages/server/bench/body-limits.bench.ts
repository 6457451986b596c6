import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, test } from 'vitest';
import { type LatencyStats, recordResult, sampleLatency, summarise } from '../../core/bench/harness.js';
import { MAX_BODY_BYTES, MAX_BODY_DEPTH } from '../src/api/body-parser.js';
import { API_KEY } from '../test/api/support/accounts.js';
import { type FakeHarness, fakeHarness } from '../test/api/support/harness.js';
import { BASKET_LEGS, largestLegalBasket } from '../test/api/support/large-bodies.js';

/**
 * The worst an accepted body can cost: bodies just inside the limits (MAX_BODY_BYTES, depth
 * MAX_BODY_DEPTH) shaped to be expensive for JSON.parse and validation, each sent unauthenticated
 * to basketorder (validation runs before the key is looked up, so anyone can send these). Each
 * request runs synchronously from parse to answer, so its time is how long it holds the event loop.
 * The baseline is a ping on the same app in the same run; the bound is about 50 ms.
 */

const BAD_KEY = 'f'.repeat(64);

/** Fills `[prefix … suffix]` with `unit` up to just under the size limit. */
function fill(prefix: string, unit: string, suffix: string): string {
  const room = MAX_BODY_BYTES - prefix.length - suffix.length - 16;
  const n = Math.floor(room / (unit.length + 1));
  return `${prefix}${Array.from({ length: n }, () => unit).join(',')}${suffix}`;
}

/** An object with as many distinct keys as fit: every key is a new hidden-class transition. */
function manyKeys(): string {
  const first = `"apikey":"${BAD_KEY}"`;
  const parts = [first];
  let size = 16 + first.length;
  for (let i = 0; size < MAX_BODY_BYTES - 32; i++) {
    const part = `"k${i.toString(36)}":${i}`;
    parts.push(part);
    size += part.length + 1;
  }
  return `{${parts.join(',')}}`;
}

function worstBodies(): Record<string, string> {
  const nest = `${'['.repeat(MAX_BODY_DEPTH - 2)}${']'.repeat(MAX_BODY_DEPTH - 2)}`;
  return {
    largest_legal_basket: largestLegalBasket({ apikey: BAD_KEY }),
    largest_legal_basket_pretty: largestLegalBasket({ apikey: BAD_KEY, indent: 8 }),
    array_of_numbers: fill(`{"apikey":"${BAD_KEY}","orders":[`, '1', ']}'),
    array_of_empty_objects: fill(`{"apikey":"${BAD_KEY}","orders":[`, '{}', ']}'),
    array_of_nests_at_max_depth: fill(`{"apikey":"${BAD_KEY}","orders":[`, nest, ']}'),
    object_of_many_keys: manyKeys(),
    one_long_string: `{"apikey":"${BAD_KEY}","strategy":"${'s'.repeat(MAX_BODY_BYTES - 200)}"}`,
    escaped_string: `{"apikey":"${BAD_KEY}","strategy":"${'\\u0041'.repeat(Math.floor((MAX_BODY_BYTES - 200) / 6))}"}`,
  };
}

let h: FakeHarness;
beforeAll(async () => {
  h = await fakeHarness();
});
afterAll(async () => h?.app.close());

async function timed(
  app: FastifyInstance,
  url: string,
  payload: string,
  count: number,
  expect: (status: number) => boolean = (status) => status !== 413,
): Promise<LatencyStats> {
  const send = async () => {
    const headers = { 'content-type': 'text/plain' };
    const response = await app.inject({ method: 'POST', url, payload, headers });
    // An over-limit body would measure the refusal, not the parse.
    if (!expect(response.statusCode)) throw new Error(`${url}: unexpected ${response.statusCode}`);
  };
  await sampleLatency(send, 3);
  return summarise(await sampleLatency(send, count));
}

test('server.body.worst-accepted', async () => {
  const ping = JSON.stringify({ apikey: API_KEY });
  const baseline = await timed(h.app, '/api/v1/ping', ping, 500);
  const extra: Record<string, number | string> = {
    max_body_bytes: MAX_BODY_BYTES,
    max_depth: MAX_BODY_DEPTH,
    basket_legs: BASKET_LEGS,
  };
  let worst = 0;
  let worstName = '';
  for (const [name, payload] of Object.entries(worstBodies())) {
    const stats = await timed(h.app, '/api/v1/basketorder', payload, 15);
    const ms = stats.p50 / 1e6;
    extra[`${name}_p50_ms`] = Math.round(ms * 100) / 100;
    extra[`${name}_p99_ms`] = Math.round(stats.p99 / 1e4) / 100;
    extra[`${name}_bytes`] = payload.length;
    if (ms > worst) {
      worst = ms;
      worstName = name;
    }
  }
  extra.worst_case = worstName;
  // The attack (before: ~400 ms of blocked loop): refused now, by size or by depth.
  const attack = (await timed(h.app, '/api/v1/basketorder', '['.repeat(1 << 20), 15, (s) => s === 413)).p50;
  extra.attack_1mb_nested_refused_p50_ms = Math.round(attack / 1e4) / 100;
  const deep = (
    await timed(h.app, '/api/v1/basketorder', '['.repeat(MAX_BODY_BYTES - 1), 15, (s) => s === 400)
  ).p50;
  extra.attack_512k_nested_refused_p50_ms = Math.round(deep / 1e4) / 100;
  const baselineMs = baseline.p50 / 1e6;
  recordResult('server.body.worst-accepted', {
    value: worst,
    unit: 'ms',
    baseline: baselineMs,
    ratio: worst / baselineMs,
    target: { value: 'p50 < 50 ms (one request never holds the event loop longer)' },
    extra,
  });
});
