import { ManualClock } from '@openalgo/core';
import { afterEach, describe, expect, it } from 'vitest';
import { BadKeyThrottle, DEFAULT_BAD_KEY_THROTTLE } from '../../src/auth/bad-key-throttle.js';
import { API_KEY, EXPIRED_KEY } from '../api/support/accounts.js';
import { json } from '../api/support/app.js';
import { type FakeHarness, fakeHarness } from '../api/support/harness.js';

const LIMIT = DEFAULT_BAD_KEY_THROTTLE.limit;
const WINDOW = DEFAULT_BAD_KEY_THROTTLE.windowMs;
const WRONG = 'd'.repeat(64);

let h: FakeHarness;
afterEach(async () => h?.app.close());

function ping(apikey: string, ip: string) {
  return h.app.inject({ method: 'POST', url: '/api/v1/ping', payload: { apikey }, remoteAddress: ip });
}

describe('invalid API keys are throttled per client address', () => {
  it(`after ${LIMIT} invalid keys an address gets 429 with Retry-After, without a key lookup`, async () => {
    h = await fakeHarness({ api: { rateLimits: {} } });
    for (let i = 0; i < LIMIT; i++) expect((await ping(WRONG, '10.9.0.1')).statusCode).toBe(403);
    const lookups = h.resolver.resolveCount;

    const refused = await ping(WRONG, '10.9.0.1');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe(String(WINDOW / 1000));
    expect(json(refused)).toMatchObject({
      status: 'error',
      code: 'RATE_LIMITED',
      retry_after: WINDOW / 1000,
    });
    expect(String(json(refused).message)).toMatch(/Too many invalid API keys/);
    // Even a valid key from that address waits: the address is not looked up at all.
    expect((await ping(API_KEY, '10.9.0.1')).statusCode).toBe(429);
    expect(h.resolver.resolveCount).toBe(lookups);

    // Other addresses, with valid keys or a few wrong ones, are unaffected.
    expect((await ping(API_KEY, '10.9.0.2')).statusCode).toBe(200);
    expect((await ping(WRONG, '10.9.0.3')).statusCode).toBe(403);

    // Retry-After counts down on the clock, and the window's end lets the address in again.
    await h.clock.advance(WINDOW - 1500);
    expect((await ping(API_KEY, '10.9.0.1')).headers['retry-after']).toBe('2');
    await h.clock.advance(1500);
    expect((await ping(API_KEY, '10.9.0.1')).statusCode).toBe(200);
    expect((await ping(WRONG, '10.9.0.1')).statusCode).toBe(403);
  });

  it('an expired session is not an invalid key and is never throttled', async () => {
    h = await fakeHarness({ api: { rateLimits: {} } });
    for (let i = 0; i < LIMIT + 3; i++) expect((await ping(EXPIRED_KEY, '10.9.0.4')).statusCode).toBe(401);
  });
});

describe('BadKeyThrottle memory', () => {
  it('tracks at most maxAddresses: expired windows are swept, then the oldest is forgotten', async () => {
    const clock = new ManualClock(0);
    const throttle = new BadKeyThrottle(clock, { limit: 2, windowMs: 1000, maxAddresses: 3 });
    for (const ip of ['a', 'b', 'c']) throttle.recordInvalid(ip);
    throttle.recordInvalid('a');
    expect(throttle.waitFor('a')).toBe(1000);
    throttle.recordInvalid('d');
    expect(throttle.size).toBe(3);
    // 'a' was the oldest window and made room for 'd'.
    expect(throttle.waitFor('a')).toBe(0);
    await clock.advance(1000);
    throttle.recordInvalid('e');
    expect(throttle.size).toBe(1);
  });
});
