import { MarketStreams } from '@openalgo/core';
import { RecordingLogger } from '@openalgo/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createFeedServer } from '../../src/ws/index.js';
import { API_KEY, type SandboxAccount, sandboxAccount, TestResolver } from '../api/support/accounts.js';
import { buildApiApp, json, post } from '../api/support/app.js';
import { type Json, marketData, TestClient } from './client.js';

const teardown: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const step of teardown.splice(0).reverse()) await step();
});

/** The REST API and the feed over one sandbox account, as the server runs them. */
async function sandboxServer(options: { analyzeMode?: boolean } = {}) {
  const sandbox: SandboxAccount = await sandboxAccount();
  teardown.push(() => sandbox.close());
  sandbox.account.analyzeMode = options.analyzeMode ?? false;
  const resolver = new TestResolver().add(API_KEY, sandbox.account);
  const app = await buildApiApp(resolver);
  teardown.push(() => app.close());
  const logger = new RecordingLogger();
  const streams = new MarketStreams({ clock: sandbox.clock, logger });
  teardown.push(() => streams.close());
  const feed = createFeedServer({ resolver, logger, clock: sandbox.clock, streams, pingIntervalMs: 0 });
  teardown.push(() => feed.close());
  const { port } = await feed.listen({ host: '127.0.0.1', port: 0 });
  const client = await TestClient.connect(`ws://127.0.0.1:${port}`);
  teardown.push(() => client.close());
  expect(await client.authenticate(API_KEY)).toMatchObject({ status: 'success', broker: 'sandbox' });
  return { sandbox, app, feed, client };
}

const MARKET_BUY = {
  apikey: API_KEY,
  strategy: 'feed-test',
  symbol: 'SBIN',
  exchange: 'NSE',
  action: 'BUY',
  pricetype: 'MARKET',
  product: 'MIS',
  quantity: '3',
};

function isOrderUpdate(m: Json): boolean {
  return m.type === 'order_update';
}

describe('the feed over the sandbox broker', () => {
  it('sends order_update messages for an order placed through the REST API', async () => {
    const { app, client } = await sandboxServer();
    const reply = await client.request({ action: 'subscribe_orders' });
    expect(reply).toMatchObject({ type: 'subscribe_orders', status: 'success' });

    const placed = await post(app, 'placeorder', MARKET_BUY);
    expect(placed.statusCode).toBe(200);
    const { orderid } = json(placed) as { orderid: string };
    const updates: Json[] = [];
    // The engine reports each change of the order; a MARKET order ends complete.
    while (updates.at(-1)?.order_status !== 'complete') updates.push(await client.next(isOrderUpdate));
    for (const update of updates) {
      expect(update).toMatchObject({
        mode: 'live',
        broker: 'sandbox',
        orderid,
        symbol: 'SBIN',
        exchange: 'NSE',
        action: 'BUY',
        quantity: 3,
        pricetype: 'MARKET',
        product: 'MIS',
      });
    }
    expect(updates.at(-1)).toMatchObject({ filled_quantity: 3, pending_quantity: 0 });
    expect(updates.at(-1)?.average_price).toBeGreaterThan(0);
  });

  it('labels updates "analyze" for an account in analyzer mode', async () => {
    const { app, client } = await sandboxServer({ analyzeMode: true });
    await client.request({ action: 'subscribe_orders' });
    const placed = await post(app, 'placeorder', MARKET_BUY);
    expect(json(placed)).toMatchObject({ status: 'success', mode: 'analyze' });
    expect(await client.next(isOrderUpdate)).toMatchObject({ mode: 'analyze', symbol: 'SBIN' });
  });

  it('streams LTP, Quote and Depth of one symbol to one connection at once', async () => {
    const { sandbox, client } = await sandboxServer();
    for (const mode of ['LTP', 'Quote', 'Depth']) {
      expect(await client.subscribe({ symbols: [{ symbol: 'SBIN', exchange: 'NSE' }], mode })).toMatchObject({
        status: 'success',
      });
    }
    await client.drain(); // the snapshots sent on subscribe
    await sandbox.clock.advance(1_000);
    const got = (await client.drain()).filter(marketData);
    const modes = new Set(got.map((m) => m.mode));
    expect(modes).toEqual(new Set([1, 2, 3]));
    const depth = got.find((m) => m.mode === 3)?.data as { depth?: { buy: unknown[] } } | undefined;
    expect(depth?.depth?.buy).toHaveLength(5);
  });
});
