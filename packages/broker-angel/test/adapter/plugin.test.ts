import {
  CAPABILITY_NAMES,
  GTT_METHODS,
  isOpenAlgoError,
  ManualClock,
  parseOrThrow,
  supports,
} from '@openalgo/core';
import { RecordingLogger } from '@openalgo/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { AngelConfigSchema } from '../../src/config.js';
import angel from '../../src/index.js';
import { ANGEL_RATE_LIMITS } from '../../src/manifest.js';
import {
  API_KEY,
  failure,
  MIDNIGHT_IST,
  mockAngel,
  NOW,
  ok,
  SECURE,
  testIndex,
  testSession,
} from './helpers.js';

const agents: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const a of agents.splice(0)) await a.close();
});

describe('the plugin', () => {
  it('declares every capability, the credentials form and Angel’s rate windows (§2.7)', () => {
    const { manifest } = angel;
    expect(manifest.id).toBe('angel');
    expect(manifest.auth).toBe('credentials');
    // Every capability but GTT, which Angel's adapter does not offer yet.
    const gtt: readonly string[] = GTT_METHODS;
    for (const name of CAPABILITY_NAMES) expect(supports(manifest, name)).toBe(!gtt.includes(name));
    expect(manifest.credentials.map((c) => [c.name, c.secret, c.perLogin, c.required])).toEqual([
      ['apiKey', true, false, true],
      ['clientCode', false, false, true],
      ['pin', true, true, true],
      ['totp', true, true, true],
      ['totpSecret', true, true, false],
    ]);
    expect(manifest.rateLimits.orders).toEqual({ perSecond: 9, perMinute: 500, perHour: 1000 });
    expect(manifest.rateLimits.candles).toEqual({ perSecond: 3, perMinute: 180, perHour: 5000 });
    expect(manifest.rateLimits.quotes).toEqual({ perSecond: 10, perMinute: 500, perHour: 5000 });
    expect(Object.keys(manifest.rateLimits)).toEqual(Object.keys(ANGEL_RATE_LIMITS));
    expect(Object.values(manifest.orderRules).every((declared) => declared === false)).toBe(true);
    expect(manifest.intervals).toMatchObject({ '1m': 'ONE_MINUTE', '1h': 'ONE_HOUR', D: 'ONE_DAY' });
  });

  it('configuration: defaults are Angel’s URLs; bad input names the field', () => {
    const config = AngelConfigSchema.parse({ apiKey: API_KEY });
    expect(config.baseUrls).toEqual({
      api: 'https://apiconnect.angelone.in',
      stream: 'wss://smartapisocket.angelone.in/smart-stream',
      orderStream: 'wss://tns.angelone.in/smart-order-update',
      instruments: 'https://margincalculator.angelbroking.com/OpenAPI_File/files/OpenAPIScripMaster.json',
    });
    expect(config.stream.stallMs).toBe(20_000);
    expect(() => parseOrThrow(AngelConfigSchema, {}, 'angel config')).toThrow(/apiKey/);
    expect(() =>
      parseOrThrow(AngelConfigSchema, { apiKey: 'k', baseUrls: { stream: 'http://x' } }, 'angel config'),
    ).toThrow(/baseUrls\.stream/);
    expect(() => parseOrThrow(AngelConfigSchema, { apiKey: 'k', apiSecret: 'x' }, 'angel config')).toThrow(
      /apiSecret/,
    );
  });

  it('create → a guarded adapter: an expired session is refused before anything is sent', async () => {
    const { agent, seen } = mockAngel({ [`GET ${SECURE}/order/v1/getOrderBook`]: ok(null) });
    agents.push(agent);
    const context = {
      config: AngelConfigSchema.parse({ apiKey: API_KEY }),
      instruments: testIndex(),
      http: { dispatcher: agent },
      logger: new RecordingLogger(),
    };
    const live = await angel.create({ ...context, session: testSession(), clock: new ManualClock(NOW) });
    expect(await live.getOrders()).toEqual([]);
    const late = await angel.create({
      ...context,
      session: testSession(),
      clock: new ManualClock(MIDNIGHT_IST),
    });
    expect(isOpenAlgoError(await failure(late.getOrders()), 'SESSION_EXPIRED')).toBe(true);
    expect(seen).toHaveLength(1);
    await live.close();
    await late.close();
  });

  it('refuses a session of another broker', async () => {
    const err = await failure(
      angel.create({
        config: AngelConfigSchema.parse({ apiKey: API_KEY }),
        instruments: testIndex(),
        http: {},
        logger: new RecordingLogger(),
        clock: new ManualClock(NOW),
        session: testSession({ broker: 'zerodha' }),
      }),
    );
    expect(isOpenAlgoError(err, 'INVALID_REQUEST')).toBe(true);
  });
});
