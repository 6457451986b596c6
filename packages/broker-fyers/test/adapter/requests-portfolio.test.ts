import { afterEach, describe, expect, it } from 'vitest';
import {
  API,
  AUTH_HEADER,
  drive,
  failure,
  fyersError,
  jsonBody,
  makeAdapter,
  ok,
  type TestAdapter,
} from './helpers.js';

const opened: TestAdapter[] = [];
function open(...args: Parameters<typeof makeAdapter>): TestAdapter {
  const t = makeAdapter(...args);
  opened.push(t);
  return t;
}
afterEach(async () => {
  for (const t of opened.splice(0)) await t.agent.close();
});

describe('getMargin, funds, positions, holdings', () => {
  it('POST /api/v3/multiorder/margin {data:[legs]} → margin_new_order', async () => {
    const t = open({
      [`POST ${API}/multiorder/margin`]: ok({
        data: { margin_avail: 1999.9, margin_total: 147738.0563, margin_new_order: 147738.0563 },
      }),
    });
    const margin = await t.adapter.getMargin([
      {
        symbol: 'NIFTY26DEC24FUT',
        exchange: 'NFO',
        action: 'BUY',
        quantity: 75,
        product: 'NRML',
        priceType: 'MARKET',
        price: 0,
        triggerPrice: 0,
      },
    ]);
    expect(margin).toMatchObject({ totalMarginRequired: 147738.0563, spanMargin: 0, exposureMargin: 0 });
    expect(t.seen[0]?.headers).toEqual({ authorization: AUTH_HEADER, 'content-type': 'application/json' });
    expect(jsonBody(t.seen[0])).toEqual({
      data: [
        {
          symbol: 'NSE:NIFTY24DECFUT',
          qty: 75,
          side: 1,
          type: 2,
          productType: 'MARGIN',
          limitPrice: 0,
          stopLoss: 0,
          stopPrice: 0,
          takeProfit: 0,
        },
      ],
    });
  });

  it('funds: GET /api/v3/funds then GET /api/v3/positions', async () => {
    const line = (id: number, title: string, equityAmount: number, commodityAmount = 0) => ({
      id,
      title,
      equityAmount,
      commodityAmount,
    });
    const t = open({
      [`GET ${API}/funds`]: ok({
        fund_limit: [
          line(1, 'Total Balance', 100_000),
          line(2, 'Utilized Amount', 12_000.5),
          line(3, 'Clear Balance', 100_000),
          line(5, 'Collaterals', 5_000),
          line(10, 'Available Balance', 92_999.5, 1_000),
        ],
      }),
      [`GET ${API}/positions`]: ok({
        netPositions: [
          {
            symbol: 'NSE:SBIN-EQ',
            productType: 'INTRADAY',
            netQty: 10,
            realized_profit: 12.3,
            unrealized_profit: -4.1,
            pl: 8.2,
            ltp: 600,
          },
        ],
      }),
    });
    const funds = await t.adapter.getFunds();
    expect(funds).toMatchObject({
      availableCash: 88_999.5,
      collateral: 5_000,
      utilisedDebits: 12_000.5,
      m2mRealised: 12.3,
      m2mUnrealised: -4.1,
    });
    expect(t.seen.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /api/v3/funds',
      'GET /api/v3/positions',
    ]);
  });

  it('GET /api/v3/holdings', async () => {
    const t = open({
      [`GET ${API}/holdings`]: ok({
        holdings: [
          {
            holdingType: 'HLD',
            quantity: 5,
            costPrice: 500,
            marketVal: 3000,
            remainingQuantity: 5,
            pl: 500,
            ltp: 600,
            id: 1,
            fyToken: '10100000003045',
            exchange: 10,
            symbol: 'NSE:SBIN-EQ',
            segment: 10,
            isin: 'INE062A01020',
            qty_t1: 0,
          },
        ],
        overall: {
          count_total: 1,
          total_investment: 2500,
          total_current_value: 3000,
          total_pl: 500,
          pnl_perc: 20,
        },
      }),
    });
    const [holding] = await t.adapter.getHoldings();
    expect(holding).toMatchObject({
      symbol: 'SBIN',
      exchange: 'NSE',
      product: 'CNC',
      quantity: 5,
      averagePrice: 500,
      ltp: 600,
      pnl: 500,
      pnlPercent: 20,
    });
    expect(t.seen[0]?.path).toBe('/api/v3/holdings');
  });
});

describe('rate limits', () => {
  it('REST calls share one bucket: the 11th call waits on the clock for the bucket to refill', async () => {
    const sentAt: number[] = [];
    const clockRef: { now?: () => number } = {};
    const t = open(
      {
        [`GET ${API}/tradebook`]: () => {
          sentAt.push(clockRef.now?.() ?? Number.NaN);
          return ok({ tradeBook: [] });
        },
        [`GET ${API}/positions`]: ok({ netPositions: [] }),
      },
      { maxRateLimitWaitMs: 5_000 },
    );
    clockRef.now = () => t.clock.now();
    const start = t.clock.now();
    // Trading and data calls draw from the same bucket: 5 of each fill the second.
    const first = [
      ...Array.from({ length: 5 }, () => t.adapter.getTrades()),
      ...Array.from({ length: 5 }, () => t.adapter.getPositions()),
    ];
    const eleventh = t.adapter.getTrades();
    await Promise.all(first);
    expect(t.seen).toHaveLength(10);
    await drive(eleventh, t.clock);
    expect(t.seen).toHaveLength(11);
    expect(sentAt.slice(0, 5)).toEqual([start, start, start, start, start]);
    expect((sentAt[5] as number) - start).toBeGreaterThanOrEqual(100);
  });

  it('a session error on a read is not retried (−16 under HTTP 200)', async () => {
    const t = open({ [`GET ${API}/positions`]: fyersError(200, -16, 'Could not authenticate the user') });
    expect((await failure(t.adapter.getPositions())).code).toBe('SESSION_EXPIRED');
    expect(t.seen).toHaveLength(1);
  });
});
