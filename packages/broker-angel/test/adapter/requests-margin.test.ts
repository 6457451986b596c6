import { afterEach, describe, expect, it } from 'vitest';
import { jsonBody, makeAdapter, SDK_MOCKS, SECURE, type TestAdapter } from './helpers.js';

const opened: TestAdapter[] = [];
afterEach(async () => {
  for (const t of opened.splice(0)) await t.agent.close();
});

const MARGIN = `POST ${SECURE}/margin/v1/batch`;

function open(...args: Parameters<typeof makeAdapter>): TestAdapter {
  const t = makeAdapter(...args);
  opened.push(t);
  return t;
}

describe('margin', () => {
  it('POST margin/v1/batch with every leg, JSON numbers as in the SDK example', async () => {
    const t = open({ [MARGIN]: { status: 200, body: SDK_MOCKS.response.marginApi } });
    const result = await t.adapter.getMargin([
      {
        symbol: 'NIFTY26DEC2424000CE',
        exchange: 'NFO',
        action: 'BUY',
        quantity: 75,
        product: 'MIS',
        priceType: 'MARKET',
        price: 0,
        triggerPrice: 0,
      },
      {
        symbol: 'SBIN',
        exchange: 'NSE',
        action: 'SELL',
        quantity: 5,
        product: 'CNC',
        priceType: 'LIMIT',
        price: 800,
        triggerPrice: 0,
      },
    ]);
    expect(jsonBody(t.seen[0])).toEqual({
      positions: [
        {
          exchange: 'NFO',
          qty: 75,
          price: 0,
          productType: 'INTRADAY',
          token: '58662',
          tradeType: 'BUY',
          orderType: 'MARKET',
        },
        {
          exchange: 'NSE',
          qty: 5,
          price: 800,
          productType: 'DELIVERY',
          token: '3045',
          tradeType: 'SELL',
          orderType: 'LIMIT',
        },
      ],
    });
    expect(result).toMatchObject({ totalMarginRequired: 29612.35, spanMargin: 0, exposureMargin: 0 });
  });
});
