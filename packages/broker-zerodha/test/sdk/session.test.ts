import { createHash } from 'node:crypto';
import { LOOPBACK_REFUSED, onlyLoopback } from '@openalgo/testkit/oracle';
import { KiteConnect } from 'kiteconnect';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TOKEN_ERROR_MESSAGE } from '../../src/simulator/index.js';
import {
  lastForm,
  loginUrlOnSimulator,
  rejectionOf,
  type SdkSession,
  startSdkSession,
} from './sdk-session.js';

const guard = onlyLoopback({ beforeAll, afterAll });
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

let s: SdkSession;
beforeEach(async () => {
  s = await startSdkSession();
});
afterEach(() => s.close());

const TOKEN_EXCEPTION = {
  status: 'error',
  error_type: 'TokenException',
  message: TOKEN_ERROR_MESSAGE,
  data: null,
};

describe('login through the form, then generateSession', () => {
  it('exchanges the redirect’s request_token with the SDK’s checksum and keeps the access token', async () => {
    s.sim.backdoor.clearRequests();
    const session = await s.login();
    expect(session).toMatchObject({ user_id: 'ZS0042', api_key: 'sdkkey', broker: 'ZERODHA' });
    expect(session.access_token).toMatch(/^[A-Za-z0-9]{32}$/);
    // The SDK turns login_time into a Date: the simulator's `YYYY-MM-DD HH:MM:SS` parses.
    expect(session.login_time).toBeInstanceOf(Date);
    expect(Number.isNaN((session.login_time as unknown as Date).getTime())).toBe(false);
    const form = lastForm(s.sim, 'POST', '/session/token');
    expect(form.checksum).toBe(sha256(`sdkkey${form.request_token}sdksecret`));
    const [exchange] = s.sim.backdoor.requests().filter((r) => r.path === '/session/token');
    expect(exchange?.headers['x-kite-version']).toBe('3');
    expect(exchange?.headers['user-agent']).toBe('kiteconnectjs/5.3.0');
    // Later calls carry `token api_key:access_token`.
    await s.kc.getProfile();
    const profile = s.sim.backdoor.requests().at(-1);
    expect(profile?.headers.authorization).toBe(`token sdkkey:${session.access_token}`);
  });

  it('gets the login form from the SDK’s login URL moved onto the simulator (it ignores login_uri)', async () => {
    const kc = new KiteConnect({ api_key: 'sdkkey', login_uri: s.sim.loginUrl, root: s.sim.apiUrl });
    expect(kc.getLoginURL()).toBe('https://kite.zerodha.com/connect/login?api_key=sdkkey&v=3');
    expect(loginUrlOnSimulator(kc, s.sim)).toBe(`${s.sim.loginUrl}?api_key=sdkkey&v=3`);
  });

  it('refuses a request token twice, and a checksum made with the wrong secret, as TokenException', async () => {
    const { loginWithForm } = await import('../../src/simulator/index.js');
    const redirect = await loginWithForm(loginUrlOnSimulator(s.kc, s.sim), s.sim.credentials);
    const token = redirect.request_token as string;
    expect(await rejectionOf(s.kc.generateSession(token, 'not-the-secret'))).toEqual({
      ...TOKEN_EXCEPTION,
      message: 'Invalid checksum',
    });
    await s.kc.generateSession(token, s.apiSecret);
    expect(await rejectionOf(s.kc.generateSession(token, s.apiSecret))).toEqual({
      ...TOKEN_EXCEPTION,
      message: 'Token is invalid or has expired.',
    });
  });

  it('answers getProfile with the logged-in user', async () => {
    const profile = await s.kc.getProfile();
    expect(profile).toMatchObject({
      user_id: 'ZS0042',
      user_type: 'individual',
      broker: 'ZERODHA',
      products: expect.arrayContaining(['CNC', 'NRML', 'MIS']),
      order_types: ['MARKET', 'LIMIT', 'SL', 'SL-M'],
    });
  });
});

describe('token errors and the session-expiry hook', () => {
  it('rejects with Kite’s TokenException envelope and calls the hook once per refused call', async () => {
    let expired = 0;
    s.kc.setSessionExpiryHook(() => {
      expired += 1;
    });
    s.sim.backdoor.expireSession();
    expect(await rejectionOf(s.kc.getOrders())).toEqual(TOKEN_EXCEPTION);
    expect(await rejectionOf(s.kc.getPositions())).toEqual(TOKEN_EXCEPTION);
    expect(expired).toBe(2);
    // A new login works; other errors never call the hook.
    await s.login();
    expect(await s.kc.getOrders()).toEqual([]);
    await rejectionOf(s.kc.getOrderHistory('999'));
    expect(expired).toBe(2);
  });

  it('sees the token die at 06:00 IST the next morning, on the simulator’s clock', async () => {
    let expired = 0;
    s.kc.setSessionExpiryHook(() => {
      expired += 1;
    });
    // 09:30 IST Monday → 05:59 IST Tuesday.
    await s.clock.advance((20 * 60 + 29) * 60_000);
    expect(await s.kc.getMargins('equity')).toMatchObject({ enabled: true });
    await s.clock.advance(60_000);
    expect(await rejectionOf(s.kc.getMargins())).toEqual(TOKEN_EXCEPTION);
    expect(expired).toBe(1);
  });

  it('logs out with invalidateAccessToken: true, then the token is refused', async () => {
    expect(await s.kc.invalidateAccessToken()).toBe(true);
    expect(await rejectionOf(s.kc.getProfile())).toEqual(TOKEN_EXCEPTION);
  });

  it('sends nothing without an access token but an error from Kite (no Authorization header)', async () => {
    const anonymous = new KiteConnect({ api_key: 'sdkkey', root: s.sim.apiUrl });
    expect(await rejectionOf(anonymous.getProfile())).toEqual(TOKEN_EXCEPTION);
    expect(s.sim.backdoor.requests().at(-1)?.headers.authorization).toBeUndefined();
  });
});

describe('the loopback guard', () => {
  it('refuses the SDK’s default root (https://api.kite.trade) before it leaves the machine', async () => {
    const offline = new KiteConnect({ api_key: 'sdkkey', access_token: 'x' });
    const error = await rejectionOf(offline.getProfile());
    expect(error).toMatchObject({ error_type: 'NetworkException' });
    expect(error.message).toContain(LOOPBACK_REFUSED);
    expect(guard().takeRefused()).toEqual(['api.kite.trade:443']);
  });
});
