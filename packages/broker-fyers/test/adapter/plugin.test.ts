import { GTT_METHODS, type Instrument, type MarketStream, type OrderStream } from '@openalgo/core';
import { RecordingLogger } from '@openalgo/core/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFyersAdapter } from '../../src/adapter.js';
import { FyersConfigSchema, fyersMasterUrls } from '../../src/config.js';
import fyers from '../../src/index.js';
import type { InstrumentDownloadOptions } from '../../src/instruments/download.js';
import type { FyersStreamOptions } from '../../src/stream/options.js';
import {
  ACCESS_TOKEN,
  API,
  APP_ID,
  makeAdapter,
  mockFyers,
  NOW_MS,
  ok,
  REDIRECT_URL,
  ROWS,
  SECRET_KEY,
  testConfig,
  testIndex,
  testSession,
} from './helpers.js';

const calls = vi.hoisted(() => ({
  download: [] as InstrumentDownloadOptions[],
  market: [] as FyersStreamOptions[],
  order: [] as FyersStreamOptions[],
  closed: [] as string[],
}));

vi.mock('../../src/instruments/download.js', () => ({
  downloadFyersInstruments: (options: InstrumentDownloadOptions) => {
    calls.download.push(options);
    return (async function* () {
      // The download client must reach the master host without the account's token.
      const res = await options.http.request({
        method: 'GET',
        path: options.urls[0] as string,
        kind: 'read',
        responseType: 'text',
      });
      if (res.data !== 'csv') throw new Error('unexpected master body');
      yield* ROWS.slice(0, 2);
    })();
  },
}));

function fakeStream(kind: string) {
  return {
    subscribe: async () => {},
    unsubscribe: async () => {},
    onTick: () => () => {},
    onOrder: () => () => {},
    onStatus: () => () => {},
    close: async () => {
      calls.closed.push(kind);
    },
  };
}

vi.mock('../../src/stream/market-stream.js', () => ({
  createFyersMarketStream: (o: FyersStreamOptions) => {
    calls.market.push(o);
    return fakeStream('market') as unknown as MarketStream;
  },
}));
vi.mock('../../src/stream/order-stream.js', () => ({
  createFyersOrderStream: (o: FyersStreamOptions) => {
    calls.order.push(o);
    return fakeStream('order') as unknown as OrderStream;
  },
}));

afterEach(() => {
  calls.download.length = 0;
  calls.market.length = 0;
  calls.order.length = 0;
  calls.closed.length = 0;
});

describe('plugin and configuration', () => {
  it('the manifest: redirect auth, a per-login optional PIN, the combined REST bucket, every capability', () => {
    const m = fyers.manifest;
    expect(m.id).toBe('fyers');
    expect(m.auth).toBe('redirect');
    expect(m.credentials.find((c) => c.name === 'pin')).toMatchObject({
      secret: true,
      perLogin: true,
      required: false,
    });
    expect(m.credentials.find((c) => c.name === 'secretKey')?.secret).toBe(true);
    expect(m.rateLimits).toEqual({ rest: { perSecond: 10, perMinute: 200, perDay: 100_000 } });
    // Every capability but GTT, which the Fyers adapter does not offer yet.
    const gtt: readonly string[] = GTT_METHODS;
    for (const [name, capability] of Object.entries(m.capabilities)) {
      expect(capability, name).toBe(!gtt.includes(name));
    }
    expect(m.orderRules).toMatchObject({
      tickSize: true,
      lotSize: true,
      circuitLimits: false,
      triggerSide: false,
    });
    expect(m.intervals).toMatchObject({ '1m': '1', '1h': '60', D: '1D', '5s': '5S' });
  });

  it('config defaults to Fyers hosts; unknown keys, bad URLs and missing fields are refused by name', () => {
    const config = testConfig();
    expect(config.baseUrls).toEqual({
      api: 'https://api-t1.fyers.in/api/v3',
      data: 'https://api-t1.fyers.in/data',
      login: 'https://api-t1.fyers.in/api/v3/generate-authcode',
      stream: 'wss://socket.fyers.in/hsm/v1-5/prod',
      orderStream: 'wss://socket.fyers.in/trade/v3',
      instruments: 'https://public.fyers.in/sym_details',
    });
    expect(config.timeouts).toEqual({ requestMs: 10_000, instrumentsMs: 120_000 });
    const base = { appId: APP_ID, secretKey: SECRET_KEY, redirectUrl: REDIRECT_URL };
    const issues = (input: unknown) =>
      FyersConfigSchema.safeParse(input).error?.issues.map((i) => i.path.join('.'));
    expect(issues({ ...base, apiKey: 'x' })).toEqual(['']);
    expect(issues({ ...base, baseUrls: { api: 'ftp://x' } })).toEqual(['baseUrls.api']);
    expect(issues({ ...base, baseUrls: { stream: 'https://x' } })).toEqual(['baseUrls.stream']);
    expect(issues({ secretKey: SECRET_KEY, redirectUrl: REDIRECT_URL })).toEqual(['appId']);
    expect(issues({ ...base, redirectUrl: undefined })).toEqual(['redirectUrl']);
  });

  it('one master URL per segment CSV under baseUrls.instruments', () => {
    expect(fyersMasterUrls(testConfig({ baseUrls: { instruments: 'http://127.0.0.1:9/sym/' } }))).toEqual([
      'http://127.0.0.1:9/sym/NSE_CM.csv',
      'http://127.0.0.1:9/sym/NSE_FO.csv',
      'http://127.0.0.1:9/sym/NSE_CD.csv',
      'http://127.0.0.1:9/sym/BSE_CM.csv',
      'http://127.0.0.1:9/sym/BSE_FO.csv',
      'http://127.0.0.1:9/sym/MCX_COM.csv',
    ]);
  });

  it('refuses a session of another broker', () => {
    expect(() =>
      createFyersAdapter({
        config: testConfig(),
        session: testSession({ broker: 'zerodha' }),
        instruments: testIndex(),
        http: {},
        clock: { now: () => NOW_MS, sleep: async () => {} },
        logger: new RecordingLogger(),
      }),
    ).toThrow(/belongs to broker "zerodha"/);
  });
});

describe('instruments and streams wiring', () => {
  it('downloadInstruments: every segment URL, the instruments deadline, and no Authorization on the master host', async () => {
    const { agent, seen } = mockFyers({ 'GET /sym_details/NSE_CM.csv': { status: 200, body: 'csv' } }, [
      'https://public.fyers.in',
    ]);
    const adapter = fyersAdapterWith(agent);
    const rows: Instrument[] = [];
    for await (const row of adapter.downloadInstruments()) rows.push(row);
    expect(rows).toEqual(ROWS.slice(0, 2));
    expect(calls.download).toHaveLength(1);
    expect(calls.download[0]?.urls).toEqual(fyersMasterUrls(testConfig()));
    expect(calls.download[0]?.timeoutMs).toBe(120_000);
    expect(seen[0]?.headers.authorization).toBeUndefined();
    await adapter.close();
    await agent.close();
  });

  it('marketStream/orderStream get their socket URLs, the app id and token, reconnect and stall settings; close closes them', async () => {
    const t = makeAdapter({});
    t.adapter.marketStream();
    t.adapter.orderStream();
    expect(calls.market[0]).toMatchObject({
      url: 'wss://socket.fyers.in/hsm/v1-5/prod',
      clientId: APP_ID,
      apiKey: APP_ID,
      accessToken: ACCESS_TOKEN,
      reconnect: { initialMs: 1_000, maxMs: 30_000, maxAttempts: 0 },
      stallMs: 30_000,
    });
    expect(calls.order[0]?.url).toBe('wss://socket.fyers.in/trade/v3');
    await t.adapter.close();
    expect(calls.closed.sort()).toEqual(['market', 'order']);
    await t.agent.close();
  });
});

describe('secrets stay out of adapter logs', () => {
  it('the Authorization header (app id : access token) is redacted in request logs', async () => {
    const t = makeAdapter({ [`GET ${API}/orders`]: ok({ orderBook: [] }) });
    await t.adapter.getOrders();
    expect(t.logger.records.length).toBeGreaterThan(0);
    expect(JSON.stringify(t.logger.records)).not.toContain(ACCESS_TOKEN);
    await t.agent.close();
  });
});

function fyersAdapterWith(dispatcher: ReturnType<typeof mockFyers>['agent']) {
  return createFyersAdapter({
    config: testConfig(),
    session: testSession(),
    instruments: testIndex(),
    http: { dispatcher },
    clock: { now: () => NOW_MS, sleep: async () => {} },
    logger: new RecordingLogger(),
  }) as Required<ReturnType<typeof createFyersAdapter>>;
}
