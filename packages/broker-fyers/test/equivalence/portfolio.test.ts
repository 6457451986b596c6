import { useNock } from '@openalgo/testkit/oracle';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ALWAYS, expectAllEquivalent, expectEquivalent } from './intended-differences.js';
import { FUNDS, HOLDINGS, POSITIONS, ROWS, TRADE_BOOK } from './replies.js';
import { ACCESS_TOKEN, APP_ID, adapterRequests, ok, sdkRequests } from './sides.js';

useNock({ beforeAll, afterEach, afterAll });

describe('books and account: one bodiless GET each, with the session’s Authorization', () => {
  it('trade book: GET /tradebook', async () => {
    const sdk = await sdkRequests(TRADE_BOOK, (client) => client.get_tradebook());
    const ours = await adapterRequests(TRADE_BOOK, (adapter) => adapter.getTrades(), ROWS);
    expectEquivalent(sdk[0], ours[0], ALWAYS);
  });

  it('positions: GET /positions', async () => {
    const sdk = await sdkRequests(POSITIONS, (client) => client.get_positions());
    const ours = await adapterRequests(POSITIONS, (adapter) => adapter.getPositions(), ROWS);
    expectEquivalent(sdk[0], ours[0], ALWAYS);
  });

  it('holdings: GET /holdings', async () => {
    const sdk = await sdkRequests(HOLDINGS, (client) => client.get_holdings());
    const ours = await adapterRequests(HOLDINGS, (adapter) => adapter.getHoldings(), ROWS);
    expectEquivalent(sdk[0], ours[0], ALWAYS);
  });

  it('funds: GET /funds, then GET /positions for the day’s P&L (as OpenAlgo sums it, brokers.md §3.8)', async () => {
    const reply = (route: string) => (route.endsWith('/positions') ? POSITIONS : FUNDS);
    const sdk = [
      ...(await sdkRequests(FUNDS, (client) => client.get_funds())),
      ...(await sdkRequests(POSITIONS, (client) => client.get_positions())),
    ];
    const ours = await adapterRequests(reply, (adapter) => adapter.getFunds(), ROWS);
    expectAllEquivalent(sdk, ours, ALWAYS);
  });
});

describe('calls the JS SDK cannot make, held to the reference’s body instead', () => {
  it('margin: POST /multiorder/margin {data:[legs]} (OpenAlgo and the Go SDK, brokers.md §3.4)', async () => {
    const reply = ok({ data: { margin_avail: 100_000, margin_total: 5_000, margin_new_order: 4_500 } });
    const [ours] = await adapterRequests(
      reply,
      (adapter) =>
        adapter.getMargin([
          {
            symbol: 'SBIN',
            exchange: 'NSE',
            action: 'BUY',
            quantity: 10,
            product: 'MIS',
            priceType: 'LIMIT',
            price: 600.5,
            triggerPrice: 0,
          },
        ]),
      ROWS,
    );
    expect(ours?.method).toBe('POST');
    expect(ours?.path).toBe('/api/v3/multiorder/margin');
    expect(ours?.headers.authorization).toBe(`${APP_ID}:${ACCESS_TOKEN}`);
    expect(JSON.parse(ours?.body ?? 'null')).toEqual({
      data: [
        {
          symbol: 'NSE:SBIN-EQ',
          qty: 10,
          side: 1,
          type: 1,
          productType: 'INTRADAY',
          limitPrice: 600.5,
          stopLoss: 0,
          stopPrice: 0,
          takeProfit: 0,
        },
      ],
    });
  });
});
