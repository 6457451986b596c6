import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type StrategyServer, strategyServer } from './support.js';

/**
 * OpenAlgo's application routes (bots, charts, backtests, P&L tracker) answer 501 in the envelope,
 * naming the route and why, instead of a bare 404; other unknown paths stay 404.
 */

let x: StrategyServer;
beforeAll(async () => {
  x = await strategyServer();
}, 60_000);
afterAll(async () => x?.close());

const ROUTES: Array<['GET' | 'POST', string, string]> = [
  ['POST', '/api/v1/telegram/notify', 'Telegram'],
  ['POST', '/api/v1/telegram/broadcast', 'Telegram'],
  ['GET', '/api/v1/telegram/config', 'Telegram'],
  ['POST', '/api/v1/whatsapp/notify', 'WhatsApp'],
  ['GET', '/api/v1/chart', 'chart'],
  ['POST', '/api/v1/chart', 'chart'],
  ['GET', '/api/v1/portfolio/benchmarks', 'portfolio'],
  ['POST', '/api/v1/portfolio/backtest', 'portfolio'],
  ['GET', '/api/v1/sip/frequencies', 'SIP'],
  ['POST', '/api/v1/sip/backtest', 'SIP'],
  ['POST', '/api/v1/pnl/symbols', 'P&L tracker'],
];

describe('application routes', () => {
  test.each(ROUTES)('%s %s answers 501 naming the route', async (method, url, feature) => {
    const response = await x.server.app.inject({
      method,
      url: method === 'GET' ? `${url}?apikey=${x.key}` : url,
      ...(method === 'POST' ? { payload: { apikey: x.key, message: 'hello' } } : {}),
    });
    expect(response.statusCode, response.body).toBe(501);
    const body = JSON.parse(response.body) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 'error', code: 'NOT_SUPPORTED', route: url });
    expect(String(body.message)).toContain(`${method} ${url}`);
    expect(String(body.message)).toContain(feature);
    expect(String(body.message)).toContain('broker layer');
    expect(response.body).not.toContain(x.key);
  });

  test('a body that is not JSON, or a trailing slash, changes nothing', async () => {
    const response = await x.server.app.inject({
      method: 'POST',
      url: '/api/v1/telegram/notify/',
      payload: 'not json at all',
      headers: { 'content-type': 'application/xml' },
    });
    expect(response.statusCode).toBe(501);
    expect(JSON.parse(response.body)).toMatchObject({ route: '/api/v1/telegram/notify' });
  });

  test('other unknown paths are still 404, and served routes are untouched', async () => {
    const unknown = await x.server.app.inject({ method: 'POST', url: '/api/v1/telegramx', payload: {} });
    expect(unknown.statusCode).toBe(404);
    expect(JSON.parse(unknown.body)).toMatchObject({ status: 'error', code: 'NOT_FOUND' });
    expect((await x.api('ping')).status).toBe(200);
  });
});
