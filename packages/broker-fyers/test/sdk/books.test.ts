import { onlyLoopback } from '@openalgo/testkit/oracle';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { place, SBIN, startTradingSession, type TradingSession } from './orders-support.js';
import type { SdkSession } from './sdk-session.js';

onlyLoopback({ beforeAll, afterAll });

let s: SdkSession;
let future: TradingSession['future'];
beforeEach(async () => {
  ({ s, future } = await startTradingSession());
});
afterEach(() => s.close());

describe('books, positions, holdings, exit', () => {
  it('orderbook and tradebook show a filled MARKET order and its trade', async () => {
    const id = await place(s.client, {
      symbol: SBIN,
      qty: 2,
      type: 2,
      side: 1,
      productType: 'INTRADAY',
      limitPrice: 0,
      stopPrice: 0,
      orderTag: 'sdk2',
    });
    const orders = (await s.client.get_orders()).orderBook as Array<Record<string, unknown>>;
    expect(orders.map((o) => o.id)).toContain(id);
    const trades = (await s.client.get_tradebook()).tradeBook as Array<Record<string, unknown>>;
    expect(trades).toContainEqual(
      expect.objectContaining({
        orderNumber: id,
        symbol: SBIN,
        tradedQty: 2,
        side: 1,
        productType: 'INTRADAY',
        orderTag: 'sdk2',
      }),
    );
  });

  it('positions: the net position and the overall block; exit_position by id closes it', async () => {
    await place(s.client, {
      symbol: SBIN,
      qty: 2,
      type: 2,
      side: 1,
      productType: 'INTRADAY',
      limitPrice: 0,
      stopPrice: 0,
    });
    const before = await s.client.get_positions();
    expect(before.overall).toEqual(
      expect.objectContaining({ count_total: expect.any(Number), pl_total: expect.any(Number) }),
    );
    const position = (before.netPositions as Array<Record<string, unknown>>).find((p) => p.symbol === SBIN);
    expect(position).toMatchObject({ id: `${SBIN}-INTRADAY`, netQty: 2, side: 1, productType: 'INTRADAY' });
    expect(await s.client.exit_position({ id: `${SBIN}-INTRADAY` })).toMatchObject({ s: 'ok' });
    const after = (await s.client.get_positions()).netPositions as Array<Record<string, unknown>>;
    expect(after.find((p) => p.id === `${SBIN}-INTRADAY`)).toMatchObject({ netQty: 0 });
  });

  it('exit_position({exit_all: 1}) closes every open position', async () => {
    await place(s.client, {
      symbol: SBIN,
      qty: 2,
      type: 2,
      side: 1,
      productType: 'INTRADAY',
      limitPrice: 0,
      stopPrice: 0,
    });
    await place(s.client, {
      symbol: future.ticker,
      qty: future.lot,
      type: 2,
      side: -1,
      productType: 'MARGIN',
      limitPrice: 0,
      stopPrice: 0,
    });
    expect(await s.client.exit_position({ exit_all: 1 })).toMatchObject({ s: 'ok' });
    const after = (await s.client.get_positions()).netPositions as Array<Record<string, unknown>>;
    expect(after.every((p) => p.netQty === 0)).toBe(true);
  });

  it('holdings: a CNC buy settles into a holding by the next morning (the day’s token has rolled over)', async () => {
    await place(s.client, {
      symbol: SBIN,
      qty: 5,
      type: 2,
      side: 1,
      productType: 'CNC',
      limitPrice: 0,
      stopPrice: 0,
    });
    await s.sim.backdoor.advanceClock(24 * 3_600_000);
    await s.login();
    const reply = await s.client.get_holdings();
    expect(reply).toMatchObject({ s: 'ok' });
    const holdings = reply.holdings as Array<Record<string, unknown>>;
    expect(holdings).toContainEqual(
      expect.objectContaining({
        symbol: SBIN,
        quantity: 5,
        costPrice: expect.any(Number),
        fyToken: expect.any(String),
      }),
    );
    expect(reply.overall).toEqual(
      expect.objectContaining({
        count_total: holdings.length,
        total_investment: expect.any(Number),
        total_pl: expect.any(Number),
      }),
    );
  });
});
