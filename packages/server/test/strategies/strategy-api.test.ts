import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { StrategyListResponse, StrategyResponse } from '../../src/api/schemas/strategies.js';
import { createServerLogger } from '../../src/logging.js';
import { type StrategyServer, strategyServer } from './support.js';

/**
 * /api/v1/strategy/*: create, list, update and delete the key's own strategies, with OpenAlgo's
 * rules for names and hours, symbols checked against the instrument index, answers as published.
 */

let x: StrategyServer;
let log = '';
beforeAll(async () => {
  const logger = createServerLogger({
    level: 'info',
    destination: {
      write(chunk: string) {
        log += chunk;
      },
    },
  });
  x = await strategyServer(undefined, logger);
}, 60_000);
afterAll(async () => x?.close());

const SBIN = { symbol: 'SBIN', exchange: 'NSE', quantity: 1, product: 'MIS' };
const HOURS = { type: 'intraday', start_time: '09:30', end_time: '15:00', squareoff_time: '15:15' };

/** Parses with the published schema and checks nothing was left out (zod drops undeclared keys). */
function expectPublished(schema: typeof StrategyResponse | typeof StrategyListResponse, body: unknown) {
  const parsed = schema.safeParse(body);
  expect(parsed.error?.issues ?? []).toEqual([]);
  expect(parsed.data).toEqual(body);
}

describe('create', () => {
  test('answers the strategy with its webhook URL, as published', async () => {
    const created = await x.api('strategy/create', { name: 'Trend follower', ...HOURS, symbols: [SBIN] });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    expectPublished(StrategyResponse, created.body);
    const data = created.body.data as Record<string, unknown>;
    expect(data).toMatchObject({
      name: 'Trend follower',
      active: true,
      type: 'intraday',
      trading_mode: 'LONG',
      start_time: '09:30',
      end_time: '15:00',
      squareoff_time: '15:15',
      symbols: [SBIN],
    });
    expect(data.webhook_url).toBe(`${x.server.urls().http}/strategy/webhook/${data.webhook_id}`);
  });

  test('defaults: positional, LONG, active, no symbols, no hours', async () => {
    const created = await x.api('strategy/create', { name: 'Bare' });
    expect(created.body.data).toMatchObject({
      type: 'positional',
      trading_mode: 'LONG',
      active: true,
      symbols: [],
      start_time: null,
      end_time: null,
      squareoff_time: null,
    });
  });

  test.each([
    [{ name: 'ab' }, 'name'],
    [{ name: 'semi;colon' }, 'name'],
    [{ name: 'No hours', type: 'intraday' }, 'start_time'],
    [{ name: 'Early', ...HOURS, start_time: '09:00' }, 'start_time'],
    [{ name: 'Late', ...HOURS, end_time: '15:45', squareoff_time: '15:50' }, 'end_time'],
    [{ name: 'Backwards', ...HOURS, start_time: '15:00', end_time: '10:00' }, 'end_time'],
    [{ name: 'Square first', ...HOURS, squareoff_time: '14:00' }, 'squareoff_time'],
    [{ name: 'Bad time', ...HOURS, end_time: '3pm' }, 'end_time'],
    [{ name: 'Positional hours', start_time: '09:30' }, 'start_time'],
    [{ name: 'Mode', trading_mode: 'SIDEWAYS' }, 'trading_mode'],
    [{ name: 'Unknown symbol', symbols: [{ ...SBIN, symbol: 'NOSUCHSTOCK' }] }, 'symbols.0.symbol'],
    [{ name: 'Index', symbols: [{ ...SBIN, symbol: 'NIFTY', exchange: 'NSE_INDEX' }] }, 'symbols.0.exchange'],
    [{ name: 'Twice', symbols: [SBIN, { ...SBIN, exchange: 'BSE' }] }, 'symbols.1.symbol'],
    [{ name: 'Zero', symbols: [{ ...SBIN, quantity: 0 }] }, 'symbols.0.quantity'],
    [{ name: 'Product', symbols: [{ ...SBIN, product: 'BO' }] }, 'symbols.0.product'],
  ])('%j is refused naming %s', async (body, field) => {
    const refused = await x.api('strategy/create', body);
    expect(refused.status, JSON.stringify(refused.body)).toBe(400);
    expect(refused.body).toMatchObject({ status: 'error', code: 'INVALID_REQUEST', field });
    expect(String(refused.body.message)).toContain(field);
  });

  test('a name the account already has is refused', async () => {
    await x.api('strategy/create', { name: 'Only once' });
    const again = await x.api('strategy/create', { name: 'Only once' });
    expect(again).toMatchObject({ status: 400, body: { field: 'name' } });
  });
});

describe('list, update, delete', () => {
  test('list shows the account’s strategies with their webhook URLs', async () => {
    const { id, webhookId } = await x.create({ name: 'Listed', symbols: [SBIN] });
    const listed = await x.api('strategy/list');
    expectPublished(StrategyListResponse, listed.body);
    const mine = (listed.body.data as Array<Record<string, unknown>>).find((s) => s.strategy_id === id);
    expect(mine).toMatchObject({ name: 'Listed', webhook_id: webhookId });
  });

  test('update activates, deactivates, changes hours and replaces symbols', async () => {
    const { id } = await x.create({ name: 'Changing', ...HOURS, symbols: [SBIN] });
    const off = await x.api('strategy/update', { strategy_id: id, active: false, end_time: '14:30' });
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    expectPublished(StrategyResponse, off.body);
    expect(off.body.data).toMatchObject({ active: false, start_time: '09:30', end_time: '14:30' });
    const infy = { symbol: 'INFY', exchange: 'NSE', quantity: 3, product: 'CNC' };
    const swapped = await x.api('strategy/update', { strategy_id: id, symbols: [infy] });
    expect(swapped.body.data).toMatchObject({ symbols: [infy], end_time: '14:30' });
    const positional = await x.api('strategy/update', { strategy_id: id, type: 'positional' });
    expect(positional.body.data).toMatchObject({
      type: 'positional',
      start_time: null,
      squareoff_time: null,
    });
    const bad = await x.api('strategy/update', { strategy_id: id, type: 'intraday' });
    expect(bad).toMatchObject({ status: 400, body: { field: 'start_time' } });
  });

  test('an id that is not the account’s is 404 naming strategy_id; another account’s strategy stays hidden', async () => {
    x.server.store.accounts.ensure({
      id: 'other',
      broker: 'sandbox',
      label: 'Other',
      userId: undefined,
      createdAt: 0,
    });
    const theirs = x.server.strategies.create('other', {
      name: 'Theirs',
      type: 'positional',
      tradingMode: 'LONG',
      active: true,
      symbols: [],
    });
    for (const path of ['strategy/update', 'strategy/delete']) {
      const answer = await x.api(path, { strategy_id: theirs.id });
      expect(answer).toMatchObject({ status: 404, body: { code: 'NOT_FOUND', field: 'strategy_id' } });
    }
    const listed = (await x.api('strategy/list')).body.data as Array<Record<string, unknown>>;
    expect(listed.map((s) => s.name)).not.toContain('Theirs');
    expect(x.server.strategies.store.get(theirs.id)).toBeDefined();
  });

  test('delete removes it', async () => {
    const { id } = await x.create({ name: 'Deleted' });
    const deleted = await x.api('strategy/delete', { strategy_id: id });
    expect(deleted).toMatchObject({ status: 200, body: { status: 'success', data: { strategy_id: id } } });
    expect((await x.api('strategy/delete', { strategy_id: id })).status).toBe(404);
  });
});

test('webhook ids never reach the log', async () => {
  const { webhookId } = await x.create({ name: 'Quiet', symbols: [SBIN] });
  log = '';
  expect((await x.webhook(webhookId, { symbol: 'SBIN', action: 'BUY' })).status).toBe(200);
  await x.webhook(`${webhookId}x`, { symbol: 'SBIN', action: 'BUY' });
  expect(log).toContain('/strategy/webhook/');
  expect(log).not.toContain(webhookId);
});
