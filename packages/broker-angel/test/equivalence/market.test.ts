import type { HistoryRequest } from '@openalgo/core';
import { useNock } from '@openalgo/testkit/oracle';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { adapterRequests } from './adapter-side.js';
import { ALWAYS, expectAllEquivalent, expectEquivalent } from './intended-differences.js';
import { CANDLES, MARGIN, quoteReply } from './replies.js';
import { sdkRequests } from './sdk-side.js';

useNock({ beforeAll, afterEach, afterAll });

const QUOTE = 'POST /rest/secure/angelbroking/market/v1/quote';
const CANDLE = 'POST /rest/secure/angelbroking/historical/v1/getCandleData';
const MARGIN_PATH = 'POST /rest/secure/angelbroking/margin/v1/batch';

describe('market/v1/quote', () => {
  const TOKENS = [
    ['NSE', '3045', 'SBIN-EQ'],
    ['NSE', '2031', 'M&M-EQ'],
    ['NSE', '99926000', 'Nifty 50'],
    ['NFO', '43512', 'NIFTY29JAN2624000CE'],
    ['BSE', '99919000', 'SENSEX'],
  ] as const;
  const reply = quoteReply(TOKENS);

  it('quotes of several instruments and exchanges (indices under their cash exchange): one FULL request', async () => {
    const sdk = await sdkRequests(reply, (client) =>
      client.marketData({
        mode: 'FULL',
        exchangeTokens: { NSE: ['3045', '2031', '99926000'], NFO: ['43512'], BSE: ['99919000'] },
      }),
    );
    const ours = await adapterRequests({ [QUOTE]: reply }, (a) =>
      a.getQuotes([
        { symbol: 'SBIN', exchange: 'NSE' },
        { symbol: 'M&M', exchange: 'NSE' },
        { symbol: 'NIFTY', exchange: 'NSE_INDEX' },
        { symbol: 'NIFTY29JAN2624000CE', exchange: 'NFO' },
        { symbol: 'SENSEX', exchange: 'BSE_INDEX' },
      ]),
    );
    expectEquivalent(sdk[0], ours[0], ALWAYS);
  });

  it('market depth is the FULL quote of one instrument', async () => {
    const one = quoteReply([TOKENS[0]]);
    const sdk = await sdkRequests(one, (client) =>
      client.marketData({ mode: 'FULL', exchangeTokens: { NSE: ['3045'] } }),
    );
    const ours = await adapterRequests({ [QUOTE]: one }, (a) =>
      a.getDepth({ symbol: 'SBIN', exchange: 'NSE' }),
    );
    expectEquivalent(sdk[0], ours[0], ALWAYS);
  });
});

/** Our candle requests for `request`, answered from the SDK's candle mock. */
function ourCandles(request: HistoryRequest) {
  return adapterRequests({ [CANDLE]: CANDLES }, (a) => a.getHistory(request));
}

describe('historical/v1/getCandleData', () => {
  it('one day of minute candles of an index (by its token, IST "yyyy-MM-dd HH:mm")', async () => {
    const sdk = await sdkRequests(CANDLES, (client) =>
      client.getCandleData({
        exchange: 'NSE',
        symboltoken: '99926000',
        interval: 'ONE_MINUTE',
        fromdate: '2026-01-05 00:00',
        todate: '2026-01-05 23:59',
      }),
    );
    const ours = await ourCandles({
      symbol: 'NIFTY',
      exchange: 'NSE_INDEX',
      interval: '1m',
      start: '2026-01-05',
      end: '2026-01-05',
    });
    expectAllEquivalent(sdk, ours, ALWAYS);
  });

  it('a year of daily candles for an NFO contract', async () => {
    const sdk = await sdkRequests(CANDLES, (client) =>
      client.getCandleData({
        exchange: 'NFO',
        symboltoken: '43512',
        interval: 'ONE_DAY',
        fromdate: '2025-01-01 00:00',
        todate: '2025-12-31 23:59',
      }),
    );
    const ours = await ourCandles({
      symbol: 'NIFTY29JAN2624000CE',
      exchange: 'NFO',
      interval: 'D',
      start: '2025-01-01',
      end: '2025-12-31',
    });
    expectAllEquivalent(sdk, ours, ALWAYS);
  });

  it('a range longer than Angel serves is split where the docs put the limit: 30 days of minutes', async () => {
    // Max days per request: ONE_MINUTE 30 (§2.4); each chunk runs 00:00 to 23:59 IST.
    const chunks = [
      ['2025-10-01 00:00', '2025-10-30 23:59'],
      ['2025-10-31 00:00', '2025-11-29 23:59'],
      ['2025-11-30 00:00', '2025-12-02 23:59'],
    ] as const;
    const sdk = await sdkRequests(CANDLES, async (client) => {
      for (const [fromdate, todate] of chunks) {
        await client.getCandleData({
          exchange: 'NSE',
          symboltoken: '3045',
          interval: 'ONE_MINUTE',
          fromdate,
          todate,
        });
      }
    });
    const ours = await ourCandles({
      symbol: 'SBIN',
      exchange: 'NSE',
      interval: '1m',
      start: '2025-10-01',
      end: '2025-12-02',
    });
    expect(sdk).toHaveLength(chunks.length);
    expectAllEquivalent(sdk, ours, ALWAYS);
  });
});

describe('quote batching: at most 50 tokens per request (§2.4)', () => {
  it('60 instruments: the first 50 tokens, then the other 10, in the order asked', async () => {
    const tokens = Array.from({ length: 60 }, (_, i) => String(20_000 + i));
    const reply = (batch: readonly string[]) => quoteReply(batch.map((t) => ['NSE', t, `T${t}`] as const));
    const sdk = await sdkRequests(reply(tokens), async (client) => {
      await client.marketData({ mode: 'FULL', exchangeTokens: { NSE: tokens.slice(0, 50) } });
      await client.marketData({ mode: 'FULL', exchangeTokens: { NSE: tokens.slice(50) } });
    });
    const ours = await adapterRequests({ [QUOTE]: reply(tokens) }, (a) =>
      a.getQuotes(tokens.map((_, i) => ({ symbol: `STOCK${i}`, exchange: 'NSE' }))),
    );
    expectAllEquivalent(sdk, ours, ALWAYS);
  });
});

describe('margin/v1/batch', () => {
  it('a hedged basket in one request: legs as JSON numbers, Angel product and order types', async () => {
    const sdk = await sdkRequests(MARGIN, (client) =>
      client.marginApi({
        positions: [
          {
            exchange: 'NFO',
            qty: 75,
            price: 0,
            productType: 'CARRYFORWARD',
            token: '43512',
            tradeType: 'SELL',
            orderType: 'MARKET',
          },
          {
            exchange: 'NFO',
            qty: 75,
            price: 24010.5,
            productType: 'CARRYFORWARD',
            token: '43501',
            tradeType: 'BUY',
            orderType: 'LIMIT',
          },
        ],
      }),
    );
    const ours = await adapterRequests({ [MARGIN_PATH]: MARGIN }, (a) =>
      a.getMargin([
        {
          symbol: 'NIFTY29JAN2624000CE',
          exchange: 'NFO',
          action: 'SELL',
          quantity: 75,
          product: 'NRML',
          priceType: 'MARKET',
          price: 0,
          triggerPrice: 0,
        },
        {
          symbol: 'NIFTY29JAN26FUT',
          exchange: 'NFO',
          action: 'BUY',
          quantity: 75,
          product: 'NRML',
          priceType: 'LIMIT',
          price: 24010.5,
          triggerPrice: 0,
        },
      ]),
    );
    expectEquivalent(sdk[0], ours[0], ALWAYS);
  });
});
