import { randomTotpSecret, totpCode } from '@openalgo/core';
import { useNock } from '@openalgo/testkit/oracle';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { authRequests, NOW, testSession } from './adapter-side.js';
import { ALWAYS, expectEquivalent } from './intended-differences.js';
import { TOKENS } from './replies.js';
import { CLIENT_CODE, JWT, ok, REFRESH_TOKEN, sdkClient, sdkRequests } from './sdk-side.js';

useNock({ beforeAll, afterEach, afterAll });

const LOGIN = 'POST /rest/auth/angelbroking/user/v1/loginByPassword';
const REFRESH = 'POST /rest/auth/angelbroking/jwt/v1/generateTokens';
const LOGOUT = 'POST /rest/secure/angelbroking/user/v1/logout';

describe('session calls', () => {
  it('login: loginByPassword with client code, PIN and TOTP code, the six X- headers, no Authorization', async () => {
    const sdk = await sdkRequests(
      TOKENS,
      (client) => client.generateSession(CLIENT_CODE, '4321', '123456'),
      sdkClient({ loggedIn: false }),
    );
    const ours = await authRequests({ [LOGIN]: TOKENS }, (auth) =>
      auth.completeLogin({ clientCode: CLIENT_CODE, pin: '4321', totp: '123456' }),
    );
    expect(sdk[0]?.headers.authorization).toBeUndefined();
    expectEquivalent(sdk[0], ours[0], ALWAYS);
  });

  it('refresh: generateTokens with the refresh token, under the current JWT', async () => {
    const sdk = await sdkRequests(TOKENS, (client) => client.generateToken(REFRESH_TOKEN));
    const ours = await authRequests({ [REFRESH]: TOKENS }, async (auth) => {
      await auth.refresh?.(testSession());
    });
    expect(sdk[0]?.headers.authorization).toBe(`Bearer ${JWT}`);
    expectEquivalent(sdk[0], ours[0], ALWAYS);
  });

  it('re-login with the stored TOTP secret: the code the user’s authenticator would show now', async () => {
    const secret = randomTotpSecret();
    const sdk = await sdkRequests(
      TOKENS,
      (client) => client.generateSession(CLIENT_CODE, '4321', totpCode(secret, NOW)),
      sdkClient({ loggedIn: false }),
    );
    const ours = await authRequests({ [LOGIN]: TOKENS }, async (auth) => {
      // No refresh token left: the opted-in secrets log in again (§2.2, the daily re-login).
      await auth.refresh?.(
        testSession({ refreshToken: undefined, loginSecrets: { pin: '4321', totpSecret: secret } }),
      );
    });
    expectEquivalent(sdk[0], ours[0], ALWAYS);
  });

  it('logout: POST logout with the client code', async () => {
    const reply = ok(null);
    const sdk = await sdkRequests(reply, (client) => client.logout(CLIENT_CODE));
    const ours = await authRequests({ [LOGOUT]: reply }, (auth) => auth.logout(testSession()));
    expectEquivalent(sdk[0], ours[0], ALWAYS);
  });
});
