import { InstrumentIndex, isOpenAlgoError, ManualClock } from '@openalgo/core';
import { orderRequest, RecordingLogger } from '@openalgo/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createZerodhaAuth, kiteChecksum } from '../src/auth.js';
import {
  ACCESS_TOKEN,
  API_SECRET,
  fixture,
  kiteError,
  mockKite,
  ok,
  ROWS,
  testConfig,
  testSession,
  zerodhaAdapter,
} from './helpers.js';
import { TickerServer } from './ticker-server.js';

const REQUEST_TOKEN = 'reqTOKENabc123xyz';
const SECRETS = [
  API_SECRET,
  ACCESS_TOKEN,
  REQUEST_TOKEN,
  kiteChecksum('kitefront', REQUEST_TOKEN, API_SECRET),
  'newACCESSfromlogin',
];

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

function leaks(text: string): string[] {
  return SECRETS.filter((secret) => text.includes(secret));
}

function errorText(err: unknown): string {
  if (!isOpenAlgoError(err)) return String(err);
  return `${err.message}\n${JSON.stringify(err.toJSON())}`;
}

describe('secrets never reach a log line or an error', () => {
  it('login, trading calls, failures and the stream', async () => {
    const echo = (text: string) => text; // Kite sometimes echoes what it was sent.
    const { agent } = mockKite({
      'POST /session/token': [
        kiteError(403, 'TokenException', echo(`Token ${REQUEST_TOKEN} is invalid or has expired.`)),
        ok({
          ...fixture<{ data: object }>('generate_session.json').data,
          access_token: 'newACCESSfromlogin',
        }),
      ],
      'GET /orders': kiteError(
        403,
        'TokenException',
        echo(`Incorrect api_key or access_token ${ACCESS_TOKEN}`),
      ),
      'POST /orders/regular': kiteError(
        400,
        'InputException',
        echo(`Invalid tag; token kitefront:${ACCESS_TOKEN}`),
      ),
      'GET /user/margins': { status: 200, body: fixture('margins.json') },
      'DELETE /session/token': ok(true),
    });
    closers.push(() => agent.close());
    const logger = new RecordingLogger();
    const clock = new ManualClock();
    const config = testConfig();
    const auth = createZerodhaAuth(config, { http: { dispatcher: agent }, clock, logger });
    const errors: unknown[] = [];

    errors.push(await auth.completeLogin({ request_token: REQUEST_TOKEN }).catch((e: unknown) => e));
    const session = await auth.completeLogin({ request_token: REQUEST_TOKEN });
    expect(session.accessToken).toBe('newACCESSfromlogin');

    const adapter = zerodhaAdapter({
      config,
      session: testSession(),
      instruments: InstrumentIndex.fromRows(ROWS),
      http: { dispatcher: agent },
      clock,
      logger,
    });
    errors.push(await adapter.getOrders().catch((e: unknown) => e));
    errors.push(await adapter.placeOrder(orderRequest({ clientOrderId: 'oa1' })).catch((e: unknown) => e));
    await adapter.getFunds();
    await auth.logout(testSession());

    // The stream's URL carries the access token; a rejected handshake must not log it.
    const ticker = await TickerServer.start({ rejectWith: 403 });
    closers.push(() => ticker.close());
    const streaming = zerodhaAdapter({
      config: testConfig({ baseUrls: { ws: ticker.url } }),
      session: testSession(),
      instruments: InstrumentIndex.fromRows(ROWS),
      http: { dispatcher: agent },
      clock,
      logger,
    });
    const stream = streaming.marketStream?.();
    const closed = new Promise<void>((resolve) => stream?.onStatus((s) => s.state === 'closed' && resolve()));
    await stream?.subscribe([{ symbol: 'SBIN', exchange: 'NSE' }], 'ltp');
    await closed;
    await streaming.close?.();
    await adapter.close?.();

    expect(errors.map((e) => (isOpenAlgoError(e) ? e.code : String(e)))).toEqual([
      'AUTH_FAILED',
      'SESSION_EXPIRED',
      'INVALID_REQUEST',
    ]);
    for (const err of errors) expect(leaks(errorText(err))).toEqual([]);
    // The requests were logged (so the check below inspects real lines) …
    expect(logger.records.filter((e) => e.msg === 'http request').length).toBeGreaterThanOrEqual(6);
    // … and no line carries a secret.
    for (const entry of logger.records) expect(leaks(JSON.stringify(entry))).toEqual([]);
  });
});
