import { InstrumentIndex, isOpenAlgoError, ManualClock, totpCode } from '@openalgo/core';
import { orderRequest, RecordingLogger } from '@openalgo/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createAngelAuth } from '../../src/auth.js';
import {
  API_KEY,
  angelAdapter,
  angelError,
  CLIENT_CODE,
  drive,
  FEED_TOKEN,
  JWT,
  mockAngel,
  NOW,
  ok,
  REFRESH_TOKEN,
  ROWS,
  SECURE,
  testConfig,
  testSession,
} from './helpers.js';

const PIN = '8642';
const TOTP_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const NEW_JWT = 'eyJnew.JWTafterRELOGIN.zz99';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

describe('secrets never reach a log line or an error', () => {
  it('login, TOTP re-login, trading calls and failures that echo what they were sent', async () => {
    const clock = new ManualClock(NOW);
    const code = totpCode(TOTP_SECRET, NOW);
    const SECRETS = [API_KEY, JWT, REFRESH_TOKEN, FEED_TOKEN, PIN, TOTP_SECRET, code, NEW_JWT];
    const echo = (text: string) => text; // Angel sometimes echoes what it was sent.
    const { agent } = mockAngel({
      'POST /rest/auth/angelbroking/user/v1/loginByPassword': [
        angelError('AB1050', echo(`Invalid totp ${code} for pin ${PIN}`)),
        ok({ jwtToken: JWT, refreshToken: REFRESH_TOKEN, feedToken: FEED_TOKEN }),
        ok({ jwtToken: NEW_JWT, refreshToken: 'r2', feedToken: 'f2' }),
      ],
      'POST /rest/auth/angelbroking/jwt/v1/generateTokens': angelError(
        'AB8051',
        echo(`Refresh token ${REFRESH_TOKEN} expired`),
      ),
      [`GET ${SECURE}/order/v1/getOrderBook`]: {
        status: 200,
        body: {
          success: false,
          errorCode: 'AG8001',
          message: echo(`Invalid Token ${JWT} key ${API_KEY}`),
          data: '',
        },
      },
      [`POST ${SECURE}/order/v1/placeOrder`]: angelError(
        'AB4008',
        echo(`bad ordertag; X-PrivateKey ${API_KEY}`),
      ),
      [`GET ${SECURE}/portfolio/v1/getHolding`]: {
        status: 403,
        body: echo(`exceeding access rate for ${JWT}`),
      },
    });
    closers.push(() => agent.close());
    const logger = new RecordingLogger();
    const config = testConfig();
    const auth = createAngelAuth(config, { http: { dispatcher: agent }, clock, logger });
    const errors: unknown[] = [];
    const params = { clientCode: CLIENT_CODE, pin: PIN, totpSecret: TOTP_SECRET };

    errors.push(await auth.completeLogin(params).catch((e: unknown) => e));
    const session = await auth.completeLogin(params);
    expect(session.loginSecrets).toEqual({ pin: PIN, totpSecret: TOTP_SECRET });
    const renewed = await auth.refresh?.(session);
    expect(renewed?.accessToken).toBe(NEW_JWT);

    const adapter = angelAdapter({
      config,
      session: testSession(),
      instruments: InstrumentIndex.fromRows(ROWS),
      http: { dispatcher: agent },
      clock,
      logger,
    });
    errors.push(await adapter.getOrders().catch((e: unknown) => e));
    errors.push(
      await adapter
        .placeOrder(orderRequest({ priceType: 'LIMIT', price: 1, clientOrderId: 'oa1' }))
        .catch((e: unknown) => e),
    );
    errors.push(
      await drive(
        adapter.getHoldings().catch((e: unknown) => e),
        clock,
        1_000,
      ),
    );

    expect(errors).toHaveLength(4);
    for (const err of errors) {
      expect(isOpenAlgoError(err)).toBe(true);
      const text = isOpenAlgoError(err) ? `${err.message}\n${JSON.stringify(err.toJSON())}` : String(err);
      expect(SECRETS.filter((s) => text.includes(s))).toEqual([]);
    }
    expect(logger.records.length).toBeGreaterThan(5);
    const logged = JSON.stringify(logger.records);
    expect(SECRETS.filter((s) => logged.includes(s))).toEqual([]);
    // The client code is not a secret; it is what makes the logs useful.
    expect(logged).toContain(CLIENT_CODE);
  });
});
