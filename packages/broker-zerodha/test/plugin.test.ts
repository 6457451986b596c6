import { CONTRACT_VERSION, InstrumentIndex, ManualClock } from '@openalgo/core';
import { orderRequest, RecordingLogger } from '@openalgo/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import zerodha, { ZerodhaConfigSchema } from '../src/index.js';
import { makeAdapter, ok, type TestAdapter, testConfig, testSession } from './helpers.js';

const opened: TestAdapter[] = [];
afterEach(async () => {
  for (const t of opened.splice(0)) await t.agent.close();
});

describe('plugin manifest', () => {
  it('declares Zerodha as the issue specifies', () => {
    const m = zerodha.manifest;
    expect(m).toMatchObject({
      id: 'zerodha',
      name: 'Zerodha (Kite Connect)',
      contract: CONTRACT_VERSION,
      auth: 'redirect',
      exchanges: [
        'NSE',
        'BSE',
        'NFO',
        'BFO',
        'CDS',
        'BCD',
        'MCX',
        'NSE_INDEX',
        'BSE_INDEX',
        'MCX_INDEX',
        'GLOBAL_INDEX',
      ],
      priceTypes: ['MARKET', 'LIMIT', 'SL', 'SL-M'],
      products: ['CNC', 'NRML', 'MIS'],
      intervals: {
        '1m': 'minute',
        '3m': '3minute',
        '5m': '5minute',
        '10m': '10minute',
        '15m': '15minute',
        '30m': '30minute',
        '1h': '60minute',
        D: 'day',
      },
      rateLimits: {
        quotes: { perSecond: 1 },
        historical: { perSecond: 3 },
        orders: { perSecond: 10, perMinute: 200 },
        default: { perSecond: 10 },
      },
    });
    expect(Object.values(m.capabilities).every((c) => c === true)).toBe(true);
    expect(m.credentials.map((c) => [c.name, c.secret])).toEqual([
      ['apiKey', false],
      ['apiSecret', true],
    ]);
  });
});

describe('config schema', () => {
  it('fills Kite’s URLs and derives the instruments URL from the API URL', () => {
    const config = ZerodhaConfigSchema.parse({ apiKey: 'k', apiSecret: 's' });
    expect(config.baseUrls).toEqual({
      api: 'https://api.kite.trade',
      login: 'https://kite.zerodha.com/connect/login',
      ws: 'wss://ws.kite.trade',
      instruments: 'https://api.kite.trade/instruments',
    });
    expect(config.timeouts).toEqual({ requestMs: 10_000, instrumentsMs: 120_000 });
    expect(config.stream).toMatchObject({ stallMs: 5_000, reconnectInitialMs: 1_000 });
    const sim = ZerodhaConfigSchema.parse({
      apiKey: 'k',
      apiSecret: 's',
      baseUrls: { api: 'http://127.0.0.1:4000/' },
    });
    expect(sim.baseUrls.instruments).toBe('http://127.0.0.1:4000/instruments');
  });

  it('rejects a missing secret, a non-ws stream URL and unknown keys', () => {
    expect(ZerodhaConfigSchema.safeParse({ apiKey: 'k' }).success).toBe(false);
    expect(
      ZerodhaConfigSchema.safeParse({ apiKey: 'k', apiSecret: 's', baseUrls: { ws: 'http://x' } }).success,
    ).toBe(false);
    expect(ZerodhaConfigSchema.safeParse({ apiKey: 'k', apiSecret: 's', apiSecrt: 'typo' }).success).toBe(
      false,
    );
  });
});

describe('plugin wiring', () => {
  it('create() returns an adapter with the manifest; auth() builds the login URL', async () => {
    const adapter = await zerodha.create({
      config: testConfig(),
      session: testSession(),
      instruments: new InstrumentIndex(),
      http: {},
      clock: new ManualClock(),
      logger: new RecordingLogger(),
    });
    expect(adapter.manifest).toEqual(zerodha.manifest);
    expect(typeof adapter.marketStream).toBe('function');
    await adapter.close?.();
    const auth = zerodha.auth(testConfig(), {
      http: {},
      clock: new ManualClock(),
      logger: new RecordingLogger(),
    });
    expect(auth.loginUrl?.('abc')).toContain('redirect_params=state%3Dabc');
  });

  it('refuses another broker’s session', async () => {
    await expect(
      zerodha.create({
        config: testConfig(),
        session: testSession({ broker: 'angel' }),
        instruments: new InstrumentIndex(),
        http: {},
        clock: new ManualClock(),
        logger: new RecordingLogger(),
      }),
    ).rejects.toThrow(/belongs to broker "angel"/);
  });

  it('create() puts the adapter behind core’s boundary: an expired session is refused before any request', async () => {
    const session = testSession();
    const adapter = await zerodha.create({
      config: testConfig(),
      session,
      instruments: new InstrumentIndex(),
      http: {},
      clock: new ManualClock(session.expiresAt + 1),
      logger: new RecordingLogger(),
    });
    await expect(adapter.getOrders()).rejects.toMatchObject({ code: 'SESSION_EXPIRED', broker: 'zerodha' });
    await adapter.close();
  });
});

describe('declared rate-limit buckets are what the calls draw from', () => {
  function strict(routes: Parameters<typeof makeAdapter>[0]) {
    const t = makeAdapter(routes, { maxRateLimitWaitMs: 0 });
    opened.push(t);
    return t;
  }
  const order = orderRequest({ clientOrderId: 'oa1' });

  it('orders: 10 per second, then refused locally without a request', async () => {
    const t = strict({ 'POST /orders/regular': ok({ order_id: '1' }), 'GET /orders': ok([]) });
    for (let i = 0; i < 10; i++) await t.adapter.placeOrder(order);
    await expect(t.adapter.placeOrder(order)).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      mayHaveReachedBroker: false,
      details: { bucket: 'orders' },
    });
    expect(t.seen).toHaveLength(10);
    // Order calls do not use up the general bucket.
    await t.adapter.getOrders();
    expect(t.seen).toHaveLength(11);
  });

  it('quotes: 1 per second; historical: 3 per second; everything else: 10 per second', async () => {
    const t = strict({
      'GET /quote': ok({
        'NSE:SBIN': { instrument_token: 779521, last_price: 1, ohlc: { open: 1, high: 1, low: 1, close: 1 } },
      }),
      'GET /instruments/historical/779521/day': ok({ candles: [] }),
      'GET /trades': ok([]),
    });
    const sbin = { symbol: 'SBIN', exchange: 'NSE' as const };
    await t.adapter.getQuotes([sbin]);
    await expect(t.adapter.getQuotes([sbin])).rejects.toMatchObject({ details: { bucket: 'quotes' } });
    const history = { ...sbin, interval: 'D' as const, start: '2024-01-01', end: '2024-01-02' };
    for (let i = 0; i < 3; i++) await t.adapter.getHistory(history);
    await expect(t.adapter.getHistory(history)).rejects.toMatchObject({ details: { bucket: 'historical' } });
    for (let i = 0; i < 10; i++) await t.adapter.getTrades();
    await expect(t.adapter.getTrades()).rejects.toMatchObject({ details: { bucket: 'default' } });
    await t.clock.advance(1000);
    await t.adapter.getQuotes([sbin]);
    expect(t.seen.filter((r) => r.path.startsWith('/quote'))).toHaveLength(2);
  });
});
