import { onlyLoopback } from '@openalgo/testkit/oracle';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fyersClient, rejectionOf } from './fyers-sdk.js';
import { fyersError, jwtClaims, type SdkSession, startSdkSession } from './sdk-session.js';

onlyLoopback({ beforeAll, afterAll });

let s: SdkSession;
beforeEach(async () => {
  s = await startSdkSession();
});
afterEach(() => s.close());

/** −16 on `/api/v3` and `/data/history`, −15 on the other `/data` routes (brokers.md §3.6). */
const API_AUTH = fyersError(-16, 'Could not authenticate the user');
const DATA_AUTH = fyersError(-15, 'Please provide valid token');

describe('login: generateAuthCode, the form, generate_access_token', () => {
  it('gets a JWT access token carrying hsm_key and a future exp, and a refresh token', async () => {
    const reply = await s.login();
    expect(reply).toMatchObject({ s: 'ok', code: 200 });
    const claims = jwtClaims(s.accessToken);
    expect(claims.hsm_key).toEqual(expect.any(String));
    expect(Number(claims.exp) * 1000).toBeGreaterThan(s.clock.now());
    expect(s.refreshToken).not.toBe('');
    // Later calls carry `APPID:token`, no scheme word (§3.2).
    expect(s.client.AccessToken).toBe(`${s.appId}:${s.accessToken}`);
  });

  it('serves the SDK’s login URL as it builds it: redirect_uri unencoded, response_type=code', () => {
    const url = new URL(s.client.generateAuthCode({ state: 'xyz' }));
    expect(`${url.origin}${url.pathname}`).toBe(`${s.sim.apiUrl}/generate-authcode`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: s.appId,
      redirect_uri: s.sim.credentials.redirectUrl,
      response_type: 'code',
      state: 'xyz',
    });
  });

  it('answers a used or unknown auth code with −437; the SDK resolves with the error body', async () => {
    const code = await s.authCode();
    const exchange = () =>
      s.client.generate_access_token({ client_id: s.appId, secret_key: s.secretKey, auth_code: code });
    expect(await exchange()).toMatchObject({ s: 'ok' });
    expect(await exchange()).toEqual(fyersError(-437, 'invalid auth code'));
    expect(
      await s.client.generate_access_token({
        client_id: s.appId,
        secret_key: s.secretKey,
        auth_code: 'not-a-code',
      }),
    ).toEqual(fyersError(-437, 'invalid auth code'));
  });

  it('refuses an appIdHash made with the wrong secret with −371 (official error CSV)', async () => {
    const reply = await s.client.generate_access_token({
      client_id: s.appId,
      secret_key: 'not-the-secret',
      auth_code: await s.authCode(),
    });
    expect(reply).toEqual({ s: 'error', code: -371, message: expect.any(String) });
  });
});

describe('profile and funds', () => {
  it('get_profile: the logged-in user', async () => {
    const reply = await s.client.get_profile();
    expect(reply).toMatchObject({ s: 'ok', code: 200, data: { fy_id: 'XS00042' } });
  });

  it('get_funds: fund_limit rows with Fyers’ titles and both amounts', async () => {
    const reply = await s.client.get_funds();
    expect(reply).toMatchObject({ s: 'ok', code: 200 });
    const rows = reply.fund_limit as Array<Record<string, unknown>>;
    const titles = rows.map((row) => row.title);
    expect(titles).toEqual(expect.arrayContaining(['Total Balance', 'Clear Balance', 'Available Balance']));
    for (const row of rows) {
      expect(row).toEqual(
        expect.objectContaining({
          id: expect.any(Number),
          equityAmount: expect.any(Number),
          commodityAmount: expect.any(Number),
        }),
      );
    }
  });
});

describe('an expired or revoked token', () => {
  it('rejects with the body alone (the SDK hides the HTTP status): −16 on /api/v3 and history, −15 on quotes', async () => {
    await s.sim.backdoor.expireSession();
    expect(await rejectionOf(s.client.get_profile())).toEqual(API_AUTH);
    expect(await rejectionOf(s.client.get_funds())).toEqual(API_AUTH);
    expect(await rejectionOf(s.client.getQuotes(['NSE:SBIN-EQ']))).toEqual(DATA_AUTH);
    expect(
      await rejectionOf(
        s.client.getHistory({
          symbol: 'NSE:SBIN-EQ',
          resolution: 'D',
          date_format: '1',
          range_from: '2026-01-01',
          range_to: '2026-01-02',
          cont_flag: '1',
        }),
      ),
    ).toEqual(API_AUTH);
    // A new login works again.
    await s.login();
    expect(await s.client.get_profile()).toMatchObject({ s: 'ok' });
  });

  it('dies at the JWT exp on the simulator’s clock', async () => {
    const exp = Number(jwtClaims(s.accessToken).exp) * 1000;
    await s.clock.advance(exp - s.clock.now() - 60_000);
    expect(await s.client.get_funds()).toMatchObject({ s: 'ok' });
    await s.clock.advance(60_000);
    expect(await rejectionOf(s.client.get_funds())).toEqual(API_AUTH);
  });

  it('logout_user ends the session; a client without a token is refused the same way', async () => {
    expect(await s.client.logout_user()).toMatchObject({ s: 'ok' });
    expect(await rejectionOf(s.client.get_profile())).toEqual(API_AUTH);
    // Logging out a dead token is worded differently (§3.2).
    expect(await rejectionOf(s.client.logout_user())).toEqual(fyersError(-16, 'Token is Invalid or Expired'));
    const anonymous = fyersClient(s.sdk, s.appId);
    expect(await rejectionOf(anonymous.get_holdings())).toEqual(API_AUTH);
  });

  it('get_orders never settles on an HTTP error: its .catch neither resolves nor rejects (SDK defect)', async () => {
    await s.sim.backdoor.expireSession();
    let settled = false;
    let watcher = -1;
    const refused = new Promise<number>((resolve) => {
      watcher = s.sdk.axiosInstance.interceptors.response.use(
        undefined,
        (error: { response?: { status: number } }) => {
          resolve(error.response?.status ?? 0);
          return Promise.reject(error);
        },
      );
    });
    void s.client.get_orders().finally(() => {
      settled = true;
    });
    // The refusal reached the SDK (an HTTP error status); after its handlers ran, nothing settled.
    expect(await refused).toBeGreaterThanOrEqual(400);
    await new Promise((resolve) => setImmediate(resolve));
    s.sdk.axiosInstance.interceptors.response.eject(watcher);
    expect(settled).toBe(false);
  });
});
