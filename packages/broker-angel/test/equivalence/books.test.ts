import { useNock } from '@openalgo/testkit/oracle';
import { afterAll, afterEach, beforeAll, describe, it } from 'vitest';
import { adapterRequests } from './adapter-side.js';
import { expectEquivalent, expectRequests, GET } from './intended-differences.js';
import {
  HOLDINGS,
  ORDER_BOOK,
  ORDER_DETAILS,
  POSITIONS,
  RMS,
  TRADE_BOOK,
  UNIQUE_ORDER_ID,
} from './replies.js';
import { sdkRequests } from './sdk-side.js';

useNock({ beforeAll, afterEach, afterAll });

const SECURE = '/rest/secure/angelbroking';

describe('books, portfolio and funds: GETs under the JWT', () => {
  it('order book', async () => {
    const sdk = await sdkRequests(ORDER_BOOK, (client) => client.getOrderBook());
    const ours = await adapterRequests({ [`GET ${SECURE}/order/v1/getOrderBook`]: ORDER_BOOK }, (a) =>
      a.getOrders(),
    );
    expectEquivalent(sdk[0], ours[0], GET);
  });

  it('trade book', async () => {
    const sdk = await sdkRequests(TRADE_BOOK, (client) => client.getTradeBook());
    const ours = await adapterRequests({ [`GET ${SECURE}/order/v1/getTradeBook`]: TRADE_BOOK }, (a) =>
      a.getTrades(),
    );
    expectEquivalent(sdk[0], ours[0], GET);
  });

  it('positions', async () => {
    const sdk = await sdkRequests(POSITIONS, (client) => client.getPosition());
    const ours = await adapterRequests({ [`GET ${SECURE}/order/v1/getPosition`]: POSITIONS }, (a) =>
      a.getPositions(),
    );
    expectEquivalent(sdk[0], ours[0], GET);
  });

  it('holdings: getHolding (the SDK’s getAllHolding adds totals the contract does not carry)', async () => {
    const sdk = await sdkRequests(HOLDINGS, (client) => client.getHolding());
    const ours = await adapterRequests({ [`GET ${SECURE}/portfolio/v1/getHolding`]: HOLDINGS }, (a) =>
      a.getHoldings(),
    );
    expectEquivalent(sdk[0], ours[0], GET);
  });

  it('funds: RMS', async () => {
    const sdk = await sdkRequests(RMS, (client) => client.getRMS());
    const ours = await adapterRequests(
      {
        [`GET ${SECURE}/user/v1/getRMS`]: RMS,
        // Funds may derive m2m from positions (§2.8: RMS m2m fields read 0 with real P&L).
        [`GET ${SECURE}/order/v1/getPosition`]: POSITIONS,
      },
      (a) => a.getFunds(),
    );
    expectEquivalent(
      sdk[0],
      expectRequests(ours, `GET ${SECURE}/user/v1/getRMS`, ['fundsReadPositions']),
      GET,
    );
  });

  it('one order by its unique id: order/v1/details/{uniqueorderid}', async () => {
    const path = `${SECURE}/order/v1/details/${UNIQUE_ORDER_ID}`;
    const sdk = await sdkRequests(ORDER_DETAILS, (client) => client.indOrderDetails(UNIQUE_ORDER_ID));
    const ours = await adapterRequests({ [`GET ${path}`]: ORDER_DETAILS }, (a) =>
      a.getOrder(UNIQUE_ORDER_ID),
    );
    expectEquivalent(sdk[0], expectRequests(ours, `GET ${path}`), ['userAgent', 'publicIp', 'detailsBody']);
  });
});
