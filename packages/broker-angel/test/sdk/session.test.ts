import { totpCode } from '@openalgo/core';
import { onlyLoopback } from '@openalgo/testkit/oracle';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAngelSimulator, SECURE_PREFIX } from '../../src/simulator/index.js';
import { STUB_LOCAL_IP, STUB_MAC } from './official-sdk.js';
import { dataOf, SDK_MASTER_SIZE, type SdkSession, startSdkSession } from './sdk-session.js';

onlyLoopback({ beforeAll, afterAll });

let s: SdkSession;
beforeEach(async () => {
  s = await startSdkSession();
});
afterEach(() => s.close());

/** Angel's gateway answer to a bad or expired JWT, on HTTP 200 (§2.3, §2.10). */
const INVALID_TOKEN = { success: false, message: 'Invalid Token', errorCode: 'AG8001', data: '' };
const JWT_SHAPE = /^eyJ[\w-]+\.[\w-]+\.[\w-]+$/;
const STEP_MS = 30_000;

describe('login with a TOTP code (loginByPassword)', () => {
  it('answers jwt, refresh and feed tokens; the SDK keeps the jwt for later calls', async () => {
    expect(s.tokens.jwtToken).toMatch(JWT_SHAPE);
    expect(s.tokens.refreshToken).toMatch(JWT_SHAPE);
    expect(s.tokens.feedToken).toMatch(JWT_SHAPE);
    expect(s.client.access_token).toBe(s.tokens.jwtToken);
    expect(s.client.refresh_token).toBe(s.tokens.refreshToken);
  });

  it('accepts the SDK’s headers as sent: six X- headers, X-ClientPublicIP the literal "null", a body on GETs', async () => {
    s.sim.backdoor.clearRequests();
    await dataOf(s.client.getProfile());
    const [request] = s.sim.backdoor.requests();
    expect(request?.headers).toMatchObject({
      'x-usertype': 'USER',
      'x-sourceid': 'WEB',
      'x-clientlocalip': STUB_LOCAL_IP,
      'x-clientpublicip': 'null',
      'x-macaddress': STUB_MAC,
      'x-privatekey': 'sdkapikey',
      'content-type': 'application/json',
      authorization: `Bearer ${s.tokens.jwtToken}`,
    });
    expect([request?.method, request?.rawBody]).toEqual(['GET', '{}']);
  });

  it('accepts the previous 30-s step’s code (±1 step) and refuses an older one, a wrong PIN and a wrong client', async () => {
    const fresh = s.newClient();
    const now = s.clock.now();
    expect(
      await fresh.generateSession(s.clientCode, s.pin, totpCode(s.totpSecret, now - STEP_MS)),
    ).toMatchObject({
      status: true,
    });
    expect(
      await fresh.generateSession(s.clientCode, s.pin, totpCode(s.totpSecret, now - 3 * STEP_MS)),
    ).toEqual({
      status: false,
      message: 'Invalid totp',
      errorcode: 'AB1050',
      data: null,
    });
    const code = totpCode(s.totpSecret, now);
    const wrongLogin = {
      status: false,
      message: 'Invalid Email Or Password',
      errorcode: 'AB1000',
      data: null,
    };
    expect(await fresh.generateSession(s.clientCode, '9999', code)).toEqual(wrongLogin);
    expect(await fresh.generateSession('S000000', s.pin, code)).toEqual(wrongLogin);
  });

  it('answers getProfile with the logged-in client', async () => {
    const profile = await dataOf(s.client.getProfile());
    expect(Object.keys(profile)).toEqual(
      expect.arrayContaining([
        'clientcode',
        'name',
        'email',
        'mobileno',
        'exchanges',
        'products',
        'lastlogintime',
        'brokerid',
      ]),
    );
    expect(profile).toMatchObject({
      clientcode: s.clientCode,
      name: expect.any(String),
      exchanges: expect.arrayContaining(['NSE', 'BSE', 'NFO', 'MCX']),
      products: expect.arrayContaining(['DELIVERY', 'INTRADAY', 'CARRYFORWARD']),
    });
  });
});

describe('generateTokens (the SDK’s generateToken)', () => {
  it('buys a new jwt with the refresh token; the SDK switches to it and it works', async () => {
    const before = s.tokens;
    const data = await dataOf(s.client.generateToken(before.refreshToken));
    expect(data.jwtToken).toMatch(JWT_SHAPE);
    expect(data.jwtToken).not.toBe(before.jwtToken);
    expect(s.client.access_token).toBe(data.jwtToken);
    s.sim.backdoor.clearRequests();
    expect((await dataOf(s.client.getRMS())).net).toEqual(expect.any(String));
    expect(s.sim.backdoor.requests()[0]?.headers.authorization).toBe(`Bearer ${data.jwtToken}`);
  });

  it('refuses an unknown refresh token with AB8050', async () => {
    expect(await s.client.generateToken('eyJnot.a.refresh')).toEqual({
      status: false,
      message: 'Invalid Refresh Token',
      errorcode: 'AB8050',
      data: null,
    });
  });
});

describe('token errors and the SDK’s session-expiry hook', () => {
  it('an expired session: AG8001 on HTTP 200 reaches the hook once per refused call, other errors never', async () => {
    let expired = 0;
    s.client.setSessionExpiryHook(() => {
      expired += 1;
    });
    s.sim.backdoor.expireSession();
    expect(await s.client.getRMS()).toEqual(INVALID_TOKEN);
    expect(await s.client.getOrderBook()).toEqual(INVALID_TOKEN);
    expect(expired).toBe(2);
    const [last] = s.sim.backdoor.requests().slice(-1);
    expect(last?.path).toBe(`${SECURE_PREFIX}/order/v1/getOrderBook`);
    // A new login works; an application error does not call the hook.
    await s.login();
    expect(await s.client.generateToken('eyJnot.a.refresh')).toMatchObject({ errorcode: 'AB8050' });
    expect(expired).toBe(2);
  });

  it('sees the session end at midnight IST on the simulator’s clock', async () => {
    let expired = 0;
    s.client.setSessionExpiryHook(() => {
      expired += 1;
    });
    // 09:30 IST Monday → 23:59 IST, still valid; 00:00 IST Tuesday, refused.
    await s.clock.advance((14 * 60 + 29) * 60_000);
    await dataOf(s.client.getRMS());
    await s.clock.advance(60_000);
    expect(await s.client.getRMS()).toEqual(INVALID_TOKEN);
    expect(expired).toBe(1);
  });

  it('refuses a call without a jwt as AG8003 (not a session expiry: the hook stays quiet)', async () => {
    let expired = 0;
    const anonymous = s.newClient();
    anonymous.setSessionExpiryHook(() => {
      expired += 1;
    });
    expect(await anonymous.getRMS()).toEqual({
      success: false,
      message: 'Token missing',
      errorCode: 'AG8003',
      data: '',
    });
    expect(s.sim.backdoor.requests().at(-1)?.headers.authorization).toBeUndefined();
    expect(expired).toBe(0);
  });
});

describe('logout', () => {
  it('ends the jwt at once: the next call is AG8001', async () => {
    const reply = await s.client.logout(s.clientCode);
    expect(reply).toMatchObject({ status: true, message: 'SUCCESS', errorcode: '' });
    expect(await s.client.getProfile()).toEqual(INVALID_TOKEN);
  });

  it('without a client code the SDK answers by itself and sends nothing', async () => {
    s.sim.backdoor.clearRequests();
    expect(s.client.logout(null)).toEqual({ status: 500, message: 'Client Code is required.' });
    expect(s.sim.backdoor.requests()).toEqual([]);
  });
});

describe('rate limits', () => {
  it('the SDK sees Angel’s plain-text 403 only as {status: 403, message: "Forbidden"} (§2.3, §2.6)', async () => {
    const limited = await createAngelSimulator({
      clock: s.clock,
      masterSize: SDK_MASTER_SIZE,
      apiKey: 'sdkapikey',
      clientCode: s.clientCode,
      pin: s.pin,
      totpSecret: s.totpSecret,
      rateLimits: true,
    });
    try {
      const client = new s.sdk.SmartAPI({ api_key: 'sdkapikey', root: limited.apiUrl });
      const code = totpCode(s.totpSecret, s.clock.now());
      // loginByPassword: 1 request per second (§2.7); the clock does not move between the two.
      expect(await client.generateSession(s.clientCode, s.pin, code)).toMatchObject({ status: true });
      expect(await client.generateSession(s.clientCode, s.pin, code)).toEqual({
        status: 403,
        message: 'Forbidden',
      });
      const refused = limited.backdoor.requests().at(-1);
      expect(refused?.path).toBe('/rest/auth/angelbroking/user/v1/loginByPassword');
    } finally {
      await limited.close();
    }
  });
});
