import { ManualClock } from '@openalgo/core';
import { DEFAULT_SANDBOX_START } from '@openalgo/sandbox';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerUrls } from '../../src/auth/pages.js';
import { startSandboxServer, type TestServer } from '../helpers/sandbox-server.js';
import { openFeed } from './support/feed.js';
import { type ClientReply, PythonClientReplica, strategyorder } from './support/python-client.js';

/**
 * Every REST method of the official Python client (`openalgo` 2.0.1) against the server on the sandbox
 * broker, with the requests built as the client builds them (support/python-client.ts), and its feed's
 * messages. The bar: orders, data, account, options and utilities methods all succeed; the
 * notifiers are application features this server does not carry and answer a clear 501.
 */
let urls: ServerUrls;
let client: PythonClientReplica;
const clock = new ManualClock(DEFAULT_SANDBOX_START);

let sandbox: TestServer;

beforeAll(async () => {
  sandbox = await startSandboxServer(clock);
  ({ urls } = sandbox);
  client = new PythonClientReplica(urls.http, sandbox.key, () => clock.advance(150));
}, 60_000);
afterAll(async () => {
  await sandbox?.close();
});

function succeeded(reply: ClientReply): ClientReply['body'] {
  expect(reply.body, JSON.stringify(reply.body).slice(0, 400)).toMatchObject({ status: 'success' });
  expect(reply.status).toBe(200);
  return reply.body;
}

/** `31-JAN-26` (what /expiry lists) → `31JAN26` (what the client sends as expiry_date). */
const clientExpiry = (listed: string) => listed.replaceAll('-', '');

describe('the Python client, orders (orders.py)', () => {
  it('places, smart-orders, baskets, splits, reads, modifies and cancels', async () => {
    const placed = succeeded(
      await client.placeorder({ symbol: 'SBIN', action: 'BUY', exchange: 'NSE', quantity: 1 }),
    );
    expect(placed.orderid).toEqual(expect.any(String));
    succeeded(
      await client.placesmartorder({
        symbol: 'SBIN',
        action: 'BUY',
        exchange: 'NSE',
        quantity: 1,
        position_size: 5,
      }),
    );
    const basket = succeeded(
      await client.basketorder({
        orders: [
          {
            symbol: 'INFY',
            exchange: 'NSE',
            action: 'BUY',
            quantity: 1,
            pricetype: 'MARKET',
            product: 'MIS',
          },
          {
            symbol: 'TCS',
            exchange: 'NSE',
            action: 'SELL',
            quantity: 1,
            pricetype: 'MARKET',
            product: 'MIS',
          },
        ],
      }),
    );
    expect(basket.results).toHaveLength(2);
    const split = succeeded(
      await client.splitorder({ symbol: 'SBIN', action: 'SELL', exchange: 'NSE', quantity: 5, splitsize: 2 }),
    );
    expect(split.results).toHaveLength(3);
    const status = succeeded(await client.orderstatus({ order_id: placed.orderid as string }));
    expect(status.data).toMatchObject({ orderid: placed.orderid, symbol: 'SBIN' });
    const open = succeeded(await client.openposition({ symbol: 'SBIN', exchange: 'NSE', product: 'MIS' }));
    expect(open.quantity).toEqual(expect.anything());

    const quote = succeeded(await client.quotes({ symbol: 'SBIN', exchange: 'NSE' }));
    const below = Math.round(Number((quote.data as { ltp: number }).ltp) * 0.9 * 20) / 20;
    const resting = succeeded(
      await client.placeorder({
        symbol: 'SBIN',
        action: 'BUY',
        exchange: 'NSE',
        price_type: 'LIMIT',
        quantity: 1,
        price: below,
      }),
    );
    succeeded(
      await client.modifyorder({
        order_id: resting.orderid as string,
        symbol: 'SBIN',
        action: 'BUY',
        exchange: 'NSE',
        product: 'MIS',
        quantity: 2,
        price: below,
      }),
    );
    succeeded(await client.cancelorder({ order_id: resting.orderid as string }));
    succeeded(
      await client.placeorder({
        symbol: 'SBIN',
        action: 'BUY',
        exchange: 'NSE',
        price_type: 'LIMIT',
        quantity: 1,
        price: below,
      }),
    );
    succeeded(await client.cancelallorder());
    succeeded(await client.closeposition());
  });
});

describe('the Python client, account (account.py)', () => {
  it('reads funds and books, toggles the analyzer and prices a margin basket', async () => {
    for (const call of [
      client.funds(),
      client.orderbook(),
      client.tradebook(),
      client.positionbook(),
      client.holdings(),
    ]) {
      succeeded(await call);
    }
    expect(succeeded(await client.analyzerstatus()).data).toMatchObject({ analyze_mode: false });
    expect(succeeded(await client.analyzertoggle(true)).data).toMatchObject({ analyze_mode: true });
    expect(succeeded(await client.analyzertoggle(false)).data).toMatchObject({ analyze_mode: false });
    const margin = succeeded(
      await client.margin({
        positions: [
          {
            symbol: 'SBIN',
            exchange: 'NSE',
            action: 'BUY',
            quantity: 10,
            product: 'MIS',
            pricetype: 'MARKET',
          },
        ],
      }),
    );
    expect(Number((margin.data as { total_margin_required: number }).total_margin_required)).toBeGreaterThan(
      0,
    );
  });
});

describe('the Python client, data (data.py)', () => {
  it('quotes, depth, symbols, search, history, intervals, expiry, instruments', async () => {
    succeeded(await client.quotes({ symbol: 'SBIN', exchange: 'NSE' }));
    succeeded(
      await client.multiquotes({
        symbols: [
          { symbol: 'SBIN', exchange: 'NSE' },
          { symbol: 'INFY', exchange: 'NSE' },
        ],
      }),
    );
    succeeded(await client.depth({ symbol: 'SBIN', exchange: 'NSE' }));
    const symbol = succeeded(await client.symbol({ symbol: 'SBIN', exchange: 'NSE' }));
    expect(symbol.data).toHaveProperty('freeze_qty');
    const search = succeeded(await client.search({ query: 'NIFTY', exchange: 'NFO' }));
    expect((search.data as Array<Record<string, unknown>>)[0]).toHaveProperty('freeze_qty');
    const history = succeeded(
      await client.history({
        symbol: 'SBIN',
        exchange: 'NSE',
        interval: 'D',
        start_date: '2025-12-01',
        end_date: '2026-01-02',
      }),
    );
    expect((history.data as unknown[]).length).toBeGreaterThan(0);
    succeeded(await client.intervals());
    const expiry = succeeded(
      await client.expiry({ symbol: 'NIFTY', exchange: 'NFO', instrumenttype: 'options' }),
    );
    expect((expiry.data as string[]).length).toBeGreaterThan(0);
    const instruments = succeeded(await client.instruments({ exchange: 'NSE' }));
    expect((instruments.data as unknown[]).length).toBeGreaterThan(0);
    const future = succeeded(
      await client.syntheticfuture({
        underlying: 'NIFTY',
        exchange: 'NSE_INDEX',
        expiry_date: clientExpiry((expiry.data as string[])[0] as string),
      }),
    );
    expect(Number(future.synthetic_future_price)).toBeGreaterThan(0);
  });
});

describe('the Python client, options (options.py)', () => {
  it('resolves symbols, prices greeks and chains, and places single and multi-leg orders', async () => {
    const expiry = succeeded(
      await client.expiry({ symbol: 'NIFTY', exchange: 'NFO', instrumenttype: 'options' }),
    );
    const expiryDate = clientExpiry((expiry.data as string[])[0] as string);
    const resolved = succeeded(
      await client.optionsymbol({
        underlying: 'NIFTY',
        exchange: 'NSE_INDEX',
        expiry_date: expiryDate,
        offset: 'ATM',
        option_type: 'CE',
      }),
    );
    expect(resolved.symbol).toMatch(/^NIFTY\d{2}[A-Z]{3}\d{2}\d+CE$/);
    const lot = Number(resolved.lotsize);
    expect(lot).toBeGreaterThan(0);
    const greeks = succeeded(
      await client.optiongreeks({ symbol: resolved.symbol as string, exchange: 'NFO' }),
    );
    expect(greeks.greeks).toMatchObject({ delta: expect.any(Number) });
    const chain = succeeded(
      await client.optionchain({
        underlying: 'NIFTY',
        exchange: 'NSE_INDEX',
        expiry_date: expiryDate,
        strike_count: 5,
      }),
    );
    expect((chain.chain as unknown[]).length).toBe(11);
    const order = succeeded(
      await client.optionsorder({
        underlying: 'NIFTY',
        exchange: 'NSE_INDEX',
        expiry_date: expiryDate,
        offset: 'OTM2',
        option_type: 'PE',
        action: 'BUY',
        quantity: lot,
      }),
    );
    expect(order.orderid).toEqual(expect.any(String));
    const multi = succeeded(
      await client.optionsmultiorder({
        strategy: 'Python',
        underlying: 'NIFTY',
        exchange: 'NSE_INDEX',
        expiry_date: expiryDate,
        legs: [
          { offset: 'OTM4', option_type: 'CE', action: 'SELL', quantity: lot },
          { offset: 'OTM6', option_type: 'CE', action: 'BUY', quantity: lot },
        ],
      }),
    );
    expect((multi.results as Array<{ status: string }>).map((r) => r.status)).toEqual(['success', 'success']);
  });
});

describe('the Python client, utilities (utilities.py) and notifiers', () => {
  it('reads holidays and timings', async () => {
    const holidays = succeeded(await client.holidays(2026));
    expect((holidays.data as unknown[]).length).toBeGreaterThan(0);
    succeeded(await client.timings('2026-01-05'));
  });

  it('answers the notifiers with a 501 naming the route', async () => {
    const telegram = await client.telegram({ username: 'trader', message: 'hello' });
    expect(telegram.status).toBe(501);
    expect(telegram.body.message).toContain('telegram');
    const whatsapp = await client.whatsapp({ message: 'hello' });
    expect(whatsapp.status).toBe(501);
    expect(whatsapp.body.message).toContain('whatsapp');
  });
});

describe('the Python client, strategy (strategy.py)', () => {
  it('Strategy.strategyorder places through the webhook of a strategy made with the API', async () => {
    const res = await request(`${urls.http}/api/v1/strategy/create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        apikey: client.apiKey,
        name: 'python_both',
        type: 'positional',
        trading_mode: 'BOTH',
        symbols: [{ symbol: 'INFY', exchange: 'NSE', quantity: 3, product: 'CNC' }],
      }),
    });
    const created = (await res.body.json()) as { data: { webhook_id: string } };
    expect(res.statusCode).toBe(200);
    await clock.advance(150);
    const entry = succeeded(await strategyorder(urls.http, created.data.webhook_id, 'INFY', 'buy', 3));
    const book = succeeded(await client.orderbook());
    const orders = (book.data as { orders: Array<Record<string, unknown>> }).orders;
    expect(orders.find((o) => o.orderid === entry.orderid)).toMatchObject({
      symbol: 'INFY',
      action: 'BUY',
      quantity: 3,
    });
  });
});

describe("the Python client's feed (feed.py)", () => {
  it('receives LTP, Quote and Depth for one symbol at once, and order updates', async () => {
    const feed = await openFeed(urls.wsPort as string);
    try {
      feed.send({ action: 'authenticate', api_key: client.apiKey });
      expect(await feed.next((m) => m.type === 'auth')).toMatchObject({ status: 'success' });
      // feed.py subscribe_ltp / subscribe_quote / subscribe_depth: one bulk message per mode.
      for (const mode of [1, 2, 3]) {
        feed.send({ action: 'subscribe', symbols: [{ exchange: 'NSE', symbol: 'SBIN' }], mode, depth: 5 });
      }
      feed.send({ action: 'subscribe_orders' });
      expect(await feed.next((m) => m.type === 'subscribe_orders')).toMatchObject({ status: 'success' });
      const modes = [1, 2, 3].map((mode) => feed.next((m) => m.type === 'market_data' && m.mode === mode));
      let all = false;
      void Promise.all(modes).then(() => {
        all = true;
      });
      for (let i = 0; i < 60 && !all; i++) await clock.advance(1000);
      const [ltp, quote, depth] = await Promise.all(modes);
      expect(ltp?.data).toHaveProperty('ltp');
      expect(quote?.data).toHaveProperty('volume');
      expect(depth?.data).toHaveProperty('depth');
      const placed = succeeded(
        await client.placeorder({ symbol: 'SBIN', action: 'BUY', exchange: 'NSE', quantity: 1 }),
      );
      const update = feed.next((m) => m.type === 'order_update' && m.orderid === placed.orderid);
      let seen = false;
      void update.then(() => {
        seen = true;
      });
      for (let i = 0; i < 30 && !seen; i++) await clock.advance(1000);
      expect(await update).toMatchObject({ symbol: 'SBIN', action: 'BUY' });
    } finally {
      feed.close();
    }
  }, 60_000);
});
