import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { type StrategyServer, strategyServer } from './support.js';

/**
 * POST /strategy/webhook/<id> on the sandbox: each trading mode turns signals into the orders
 * OpenAlgo places (reference §10), seen in the position and order books.
 */

let x: StrategyServer;
beforeAll(async () => {
  x = await strategyServer();
}, 60_000);
afterAll(async () => x?.close());

/** Each test trades its own symbol, so positions left by another test do not matter. */
let symbol: string;
const SYMBOLS = ['SBIN', 'INFY', 'TCS', 'RELIANCE', 'HDFCBANK', 'ITC', 'WIPRO', 'AXISBANK'];
let next = 0;
beforeEach(() => {
  symbol = SYMBOLS[next++] as string;
});

async function strategy(mode: 'LONG' | 'SHORT' | 'BOTH', name: string) {
  return x.create({
    name,
    trading_mode: mode,
    symbols: [{ symbol, exchange: 'NSE', quantity: 5, product: 'MIS' }],
  });
}

describe('LONG mode', () => {
  test('BUY enters with the mapping’s quantity (or |position_size|); SELL exits to flat', async () => {
    const { webhookId } = await strategy('LONG', 'Long one');
    const entry = await x.webhook(webhookId, { symbol, action: 'buy' });
    expect(entry.status, JSON.stringify(entry.body)).toBe(200);
    expect(entry.body).toMatchObject({ status: 'success', orderid: expect.any(String) });
    expect((await x.netPositions())[symbol]).toBe(5);

    // The Python client sends position_size as a string.
    const more = await x.webhook(webhookId, { symbol, action: 'BUY', position_size: '3' });
    expect(more.status, JSON.stringify(more.body)).toBe(200);
    expect((await x.netPositions())[symbol]).toBe(8);

    const exit = await x.webhook(webhookId, { symbol, action: 'SELL' });
    expect(exit.status, JSON.stringify(exit.body)).toBe(200);
    expect((await x.netPositions())[symbol] ?? 0).toBe(0);

    const orders = (await x.api('orderbook')).body.data as { orders: Array<Record<string, unknown>> };
    const mine = orders.orders.filter((o) => o.symbol === symbol);
    expect(mine.map((o) => [o.action, o.quantity, o.pricetype])).toEqual(
      expect.arrayContaining([
        ['BUY', 5, 'MARKET'],
        ['BUY', 3, 'MARKET'],
        ['SELL', 8, 'MARKET'],
      ]),
    );
    expect(mine.map((o) => o.orderid)).toContain(entry.body.orderid);
  });

  test('an exit when flat places nothing and says so', async () => {
    const { webhookId } = await strategy('LONG', 'Long flat');
    const exit = await x.webhook(webhookId, { symbol, action: 'SELL' });
    expect(exit).toMatchObject({
      status: 200,
      body: { status: 'success', message: 'Positions Already Matched. No Action needed.' },
    });
    expect((await x.netPositions())[symbol] ?? 0).toBe(0);
  });
});

describe('SHORT mode', () => {
  test('SELL enters short, BUY covers to flat', async () => {
    const { webhookId } = await strategy('SHORT', 'Short one');
    expect((await x.webhook(webhookId, { symbol, action: 'SELL' })).status).toBe(200);
    expect((await x.netPositions())[symbol]).toBe(-5);
    expect((await x.webhook(webhookId, { symbol, action: 'BUY' })).status).toBe(200);
    expect((await x.netPositions())[symbol] ?? 0).toBe(0);
  });
});

describe('BOTH mode', () => {
  test('every signal moves the position to position_size', async () => {
    const { webhookId } = await strategy('BOTH', 'Both ways');
    expect((await x.webhook(webhookId, { symbol, action: 'BUY', position_size: 4 })).status).toBe(200);
    expect((await x.netPositions())[symbol]).toBe(4);
    expect((await x.webhook(webhookId, { symbol, action: 'SELL', position_size: -2 })).status).toBe(200);
    expect((await x.netPositions())[symbol]).toBe(-2);
    expect((await x.webhook(webhookId, { symbol, action: 'BUY', position_size: '0' })).status).toBe(200);
    expect((await x.netPositions())[symbol] ?? 0).toBe(0);
  });

  test('position_size is required and must agree with the action', async () => {
    const { webhookId } = await strategy('BOTH', 'Both checks');
    const missing = await x.webhook(webhookId, { symbol, action: 'BUY' });
    expect(missing).toMatchObject({ status: 400, body: { status: 'error', field: 'position_size' } });
    const wrongSide = await x.webhook(webhookId, { symbol, action: 'BUY', position_size: -1 });
    expect(wrongSide).toMatchObject({ status: 400, body: { field: 'position_size' } });
    expect(String(wrongSide.body.message)).toContain('BUY');
    expect((await x.netPositions())[symbol] ?? 0).toBe(0);
  });
});

describe('refusals', () => {
  test('a symbol the strategy does not map, a bad action, a body that is not JSON: 400 naming it', async () => {
    const { webhookId } = await strategy('LONG', 'Refusals');
    const unmapped = await x.webhook(webhookId, { symbol: 'YESBANK', action: 'BUY' });
    expect(unmapped).toMatchObject({ status: 400, body: { field: 'symbol' } });
    expect(String(unmapped.body.message)).toContain('YESBANK');
    const action = await x.webhook(webhookId, { symbol, action: 'HOLD' });
    expect(action).toMatchObject({ status: 400, body: { field: 'action' } });
    const garbage = await x.webhook(webhookId, 'buy sbin now');
    expect(garbage).toMatchObject({ status: 400, body: { field: 'body' } });
    expect((await x.netPositions())[symbol] ?? 0).toBe(0);
  });

  test('TradingView’s text/plain JSON is taken', async () => {
    const { webhookId } = await strategy('LONG', 'Plain text');
    const response = await x.server.app.inject({
      method: 'POST',
      url: `/strategy/webhook/${webhookId}`,
      payload: JSON.stringify({ symbol, action: 'BUY' }),
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect((await x.netPositions())[symbol]).toBe(5);
  });

  test('an inactive strategy refuses signals until it is activated again', async () => {
    const { id, webhookId } = await strategy('LONG', 'Switched off');
    const off = await x.api('strategy/update', { strategy_id: id, active: false });
    expect(off).toMatchObject({ status: 200, body: { data: { active: false } } });
    const refused = await x.webhook(webhookId, { symbol, action: 'BUY' });
    expect(refused.status).toBe(400);
    expect(String(refused.body.message)).toContain('not active');
    expect((await x.netPositions())[symbol] ?? 0).toBe(0);
    await x.api('strategy/update', { strategy_id: id, active: true });
    expect((await x.webhook(webhookId, { symbol, action: 'BUY' })).status).toBe(200);
    expect((await x.netPositions())[symbol]).toBe(5);
  });
});
