import { ManualClock } from '@openalgo/core';
import { afterEach, describe, expect, it } from 'vitest';
import { BadKeyThrottle, DEFAULT_BAD_KEY_THROTTLE } from '../../src/auth/bad-key-throttle.js';
import { type FakeHarness, fakeHarness } from '../api/support/harness.js';
import { API_KEY, OTHER_KEY, startFeed } from './setup.js';

const LIMIT = DEFAULT_BAD_KEY_THROTTLE.limit;
const WINDOW = DEFAULT_BAD_KEY_THROTTLE.windowMs;
/** The TCP peer the feed (on 127.0.0.1) sees for a test client. */
const LOOPBACK = '127.0.0.1';

let api: FakeHarness | undefined;
afterEach(async () => {
  await api?.app.close();
  api = undefined;
});

describe('invalid API keys over the feed are throttled per client address', () => {
  it(`after ${LIMIT} invalid keys the address is refused without a key lookup until the window ends`, async () => {
    const f = await startFeed();
    const guesser = await f.connect();
    for (let i = 0; i < LIMIT; i++) {
      expect(await guesser.authenticate(OTHER_KEY)).toMatchObject({ code: 'AUTHENTICATION_ERROR' });
    }
    const lookups = f.resolver.lookups;
    const refused = await guesser.authenticate(OTHER_KEY);
    expect(refused).toEqual({
      type: 'auth',
      status: 'error',
      code: 'AUTHENTICATION_ERROR',
      message: `Too many invalid API keys from this address; try again in ${WINDOW / 1000} s`,
    });
    // The address is refused, not the socket: a new connection with a valid key waits too.
    const other = await f.connect();
    expect(await other.authenticate(API_KEY)).toMatchObject({
      status: 'error',
      code: 'AUTHENTICATION_ERROR',
    });
    expect(f.resolver.lookups).toBe(lookups);
    expect(f.feed.stats().authenticatedClients).toBe(0);
    expect(JSON.stringify(f.logger.records)).not.toContain(OTHER_KEY);

    // (Waiting out the window also outlasts the auth timeout, which closes these two sockets.)
    await f.clock.advance(WINDOW);
    const later = await f.connect();
    expect(await later.authenticate(API_KEY)).toMatchObject({ status: 'success' });
  });

  it('a valid key and a session problem are never counted', async () => {
    const f = await startFeed();
    f.resolver.failures.set(OTHER_KEY, { ok: false, reason: 'no_session', message: 'log in first' });
    const client = await f.connect();
    for (let i = 0; i < LIMIT + 2; i++) {
      expect(await client.authenticate(OTHER_KEY)).toMatchObject({ code: 'BROKER_ERROR' });
      expect(await client.authenticate(API_KEY)).toMatchObject({ status: 'success' });
    }
  });

  it('shares one budget with the REST API when given its throttle', async () => {
    const clock = new ManualClock();
    const badKeys = new BadKeyThrottle(clock);
    api = await fakeHarness({ api: { clock, badKeys } });
    const f = await startFeed({ clock, badKeys });
    for (let i = 0; i < LIMIT; i++) {
      const answer = await api.app.inject({
        method: 'POST',
        url: '/api/v1/ping',
        payload: { apikey: OTHER_KEY },
        remoteAddress: LOOPBACK,
      });
      expect(answer.statusCode).toBe(403);
    }
    const client = await f.connect();
    expect(await client.authenticate(API_KEY)).toMatchObject({
      status: 'error',
      message: expect.stringMatching(/Too many invalid API keys/),
    });
    expect(f.resolver.lookups).toBe(0);
  });
});
