import { createHash } from 'node:crypto';
import { ManualClock } from '@openalgo/core';
import { RecordingLogger } from '@openalgo/core/testing';
import { useNock, type WireRequest } from '@openalgo/testkit/oracle';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import fyers from '../../src/index.js';
import { ALWAYS, differences, expectEquivalent } from './intended-differences.js';
import {
  APP_ID,
  authRequests,
  ok,
  REDIRECT_URL,
  REFRESH_TOKEN,
  SECRET_KEY,
  sdkFyers,
  sdkRequests,
  testConfig,
  testSession,
} from './sides.js';

useNock({ beforeAll, afterEach, afterAll });

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** What validate-authcode answers: a JWT carrying the client id, `hsm_key` and `exp` (§3.2). */
const ISSUED = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url({
  fy_id: 'XE00042',
  hsm_key: 'eqvhsmkey',
  exp: Math.floor(Date.UTC(2026, 0, 5, 21, 30) / 1000),
})}.c2ln`;
const TOKENS = ok({ access_token: ISSUED, refresh_token: REFRESH_TOKEN });
/** `sha256(app_id:secret)`, computed here as every SDK does, not taken from the adapter. */
const APP_ID_HASH = createHash('sha256').update(`${APP_ID}:${SECRET_KEY}`).digest('hex');

function ourLoginUrl(state: string): string {
  const auth = fyers.auth(testConfig(), {
    http: {},
    clock: new ManualClock(0),
    logger: new RecordingLogger(),
  });
  const url = auth.loginUrl?.(state);
  if (!url) throw new Error('the Fyers plugin has no login URL');
  return url;
}

describe('session calls', () => {
  it('login URL: generate-authcode with client_id, redirect_uri, response_type and state', () => {
    const client = sdkFyers({});
    client.setRedirectUrl(REDIRECT_URL);
    const asUrl = (url: string): WireRequest => {
      const parsed = new URL(url);
      return { method: 'GET', path: `${parsed.pathname}${parsed.search}`, headers: {}, body: undefined };
    };
    const sdk = asUrl(client.generateAuthCode({ state: 'csrf42' }));
    const ours = asUrl(ourLoginUrl('csrf42'));
    // The SDK pastes redirect_uri in unencoded and we encode it (src/auth.ts); decoded, the two agree.
    expect(differences(sdk, ours)).toEqual([]);
    expect(ours.path).toContain(`redirect_uri=${encodeURIComponent(REDIRECT_URL)}`);
  });

  it('token exchange: POST /validate-authcode with grant_type, code and appIdHash, no Authorization', async () => {
    const sdk = await sdkRequests(
      TOKENS,
      (client) =>
        client.generate_access_token({
          client_id: APP_ID,
          secret_key: SECRET_KEY,
          auth_code: 'authcode.jwt.x',
        }),
      sdkFyers({}),
    );
    const ours = await authRequests(TOKENS, (auth) =>
      auth.completeLogin({ auth_code: 'authcode.jwt.x', state: 'csrf42' }),
    );
    // The client id travels in the token's claims, so no profile call follows.
    expect(ours).toHaveLength(1);
    expectEquivalent(sdk[0], ours[0], ['userAgent']);
  });

  it('logout: POST /logout with the session’s Authorization and no body', async () => {
    const reply = ok({ message: 'User logged out successfully' });
    const sdk = await sdkRequests(reply, (client) => client.logout_user());
    const ours = await authRequests(reply, (auth) => auth.logout(testSession()));
    expect(sdk[0]?.body).toBeUndefined();
    expectEquivalent(sdk[0], ours[0], [...ALWAYS, 'bodilessFormType']);
  });

  it('refresh: no JS SDK call exists, so our request is held to the Go SDK’s body (brokers.md §3.2)', async () => {
    const reply = ok({ access_token: ISSUED });
    const [ours] = await authRequests(reply, (auth) => auth.refresh?.(testSession()) ?? Promise.resolve());
    expect(ours?.method).toBe('POST');
    expect(ours?.path).toBe('/api/v3/validate-refresh-token');
    expect(ours?.headers.authorization).toBeUndefined();
    expect(JSON.parse(ours?.body ?? 'null')).toEqual({
      grant_type: 'refresh_token',
      appIdHash: APP_ID_HASH,
      refresh_token: REFRESH_TOKEN,
      pin: '4321',
    });
  });
});
