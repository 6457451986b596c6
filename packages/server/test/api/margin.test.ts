import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { API_KEY, type SandboxAccount, sandboxAccount, TestResolver } from './support/accounts.js';
import { buildApiApp, json, post } from './support/app.js';

/**
 * POST /margin over the sandbox: OpenAlgo's request (every number may be a string, as the official
 * client sends them) priced by the sandbox's leverage rules — equity MIS 5×, CNC 1×, futures 10×,
 * option buys the premium. Expected figures are computed here from the sandbox's own quotes; the
 * manual clock never moves, so /quotes and /margin see the same book.
 */

let app: FastifyInstance;
let sb: SandboxAccount;
let future: { symbol: string; lotSize: number };
let call: { symbol: string; lotSize: number };

beforeAll(async () => {
  sb = await sandboxAccount();
  app = await buildApiApp(new TestResolver().add(API_KEY, sb.account), {
    clock: sb.clock,
    rateLimits: false,
  });
  const rows = [...sb.sandbox.instruments.rows()];
  const niftyNfo = rows.filter((r) => r.exchange === 'NFO' && r.name === 'NIFTY');
  const fut = niftyNfo.find((r) => r.instrumentType === 'FUT');
  const ce = niftyNfo.find((r) => r.instrumentType === 'CE' && r.expiry === fut?.expiry);
  if (!fut || !ce) throw new Error('the sandbox universe lists no NIFTY future and call');
  future = fut;
  call = ce;
});
afterAll(async () => {
  await app.close();
  await sb.close();
});

const paise = (rupees: number) => Math.round(rupees * 100) / 100;

async function quote(symbol: string, exchange: string): Promise<{ bid: number; ask: number }> {
  const body = json(await post(app, 'quotes', { apikey: API_KEY, symbol, exchange }));
  return body.data as { bid: number; ask: number };
}

function position(fields: Record<string, unknown>) {
  return {
    exchange: 'NSE',
    action: 'BUY',
    product: 'MIS',
    pricetype: 'MARKET',
    price: '0',
    trigger_price: '0',
    ...fields,
  };
}

describe('POST /api/v1/margin over the sandbox', () => {
  test('prices a mixed basket leg by leg by the leverage rules, in OpenAlgo shape', async () => {
    const sbin = await quote('SBIN', 'NSE');
    const option = await quote(call.symbol, 'NFO');
    const response = await post(app, 'margin', {
      apikey: API_KEY,
      positions: [
        position({ symbol: 'SBIN', quantity: '10' }),
        position({ symbol: 'SBIN', quantity: 4, product: 'CNC', pricetype: 'LIMIT', price: '790.5' }),
        position({
          symbol: future.symbol,
          exchange: 'NFO',
          action: 'sell',
          quantity: String(future.lotSize),
          product: 'NRML',
          pricetype: 'LIMIT',
          price: '24000',
        }),
        position({ symbol: call.symbol, exchange: 'NFO', quantity: String(call.lotSize), product: 'NRML' }),
      ],
    });
    expect(response.statusCode, response.body).toBe(200);
    const expected = paise(
      paise((10 * sbin.ask) / 5) +
        4 * 790.5 +
        (future.lotSize * 24000) / 10 +
        paise(call.lotSize * option.ask),
    );
    expect(json(response)).toEqual({
      status: 'success',
      data: { total_margin_required: expected, span_margin: expected, exposure_margin: 0 },
    });
  });

  test('an SL-M leg is margined at its trigger; a LIMIT leg sent without a price at the touch', async () => {
    const sbin = await quote('SBIN', 'NSE');
    const send = (fields: Record<string, unknown>) =>
      post(app, 'margin', {
        apikey: API_KEY,
        positions: [position({ symbol: 'SBIN', quantity: 5, ...fields })],
      });
    const stop = json(await send({ action: 'SELL', pricetype: 'SL-M', trigger_price: '700' }));
    expect((stop.data as Record<string, number>).total_margin_required).toBe((5 * 700) / 5);
    // The client's defaults ("0") for a LIMIT leg: priced at the bid for a SELL, never as free.
    const unpriced = json(await send({ action: 'SELL', pricetype: 'LIMIT' }));
    expect((unpriced.data as Record<string, number>).total_margin_required).toBe(paise((5 * sbin.bid) / 5));
  });

  test('carries mode "analyze" while the account is in analyzer mode', async () => {
    sb.account.analyzeMode = true;
    try {
      const body = json(
        await post(app, 'margin', {
          apikey: API_KEY,
          positions: [position({ symbol: 'SBIN', quantity: 1 })],
        }),
      );
      expect(body).toMatchObject({ status: 'success', mode: 'analyze' });
    } finally {
      sb.account.analyzeMode = false;
    }
  });
});

describe('POST /api/v1/margin refuses a bad basket naming the field', () => {
  const basket = (count: number) =>
    Array.from({ length: count }, () => position({ symbol: 'SBIN', quantity: '1' }));

  test.each([
    ['a fractional quantity', 3, { quantity: '1.5' }, 'positions.3.quantity', 'must be a whole number'],
    ['a zero quantity', 0, { quantity: 0 }, 'positions.0.quantity', 'must be greater than 0'],
    ['a missing pricetype', 1, { pricetype: undefined }, 'positions.1.pricetype', 'is required'],
    ['a missing product', 2, { product: undefined }, 'positions.2.product', 'is required'],
    ['an unknown action', 0, { action: 'HOLD' }, 'positions.0.action', 'must be one of'],
    ['an unknown exchange', 1, { exchange: 'LSE' }, 'positions.1.exchange', 'must be one of'],
    ['a negative price', 0, { pricetype: 'LIMIT', price: '-1' }, 'positions.0.price', 'must be 0 or more'],
  ])('%s is 400 naming %s', async (_name, index, change, field, message) => {
    const positions = basket(4);
    positions[index] = { ...positions[index], ...change } as (typeof positions)[number];
    const response = await post(app, 'margin', {
      apikey: API_KEY,
      positions: JSON.parse(JSON.stringify(positions)),
    });
    expect(response.statusCode, response.body).toBe(400);
    const body = json(response);
    expect(body).toMatchObject({ status: 'error', code: 'INVALID_REQUEST', field });
    expect(body.message).toContain(`${field}: ${message}`);
  });

  test.each([
    ['more than 50 positions', basket(51), 'positions: must hold at most 50 entries'],
    ['no positions', [], 'positions: must hold at least 1 entry'],
    ['positions that are not a list', { symbol: 'SBIN' }, 'positions: must be a list'],
  ])('%s is 400 naming positions', async (_name, positions, message) => {
    const response = await post(app, 'margin', { apikey: API_KEY, positions });
    expect(response.statusCode, response.body).toBe(400);
    expect(json(response)).toMatchObject({ status: 'error', code: 'INVALID_REQUEST', field: 'positions' });
    expect(json(response).message).toContain(message);
  });

  test('exactly 50 positions are priced', async () => {
    const response = await post(app, 'margin', { apikey: API_KEY, positions: basket(50) });
    expect(response.statusCode, response.body).toBe(200);
  });

  test('an unknown symbol is 404 SYMBOL_NOT_FOUND naming it', async () => {
    const response = await post(app, 'margin', {
      apikey: API_KEY,
      positions: [position({ symbol: 'SBIN', quantity: 1 }), position({ symbol: 'NOSUCHCO', quantity: 1 })],
    });
    expect(response.statusCode, response.body).toBe(404);
    expect(json(response)).toMatchObject({ status: 'error', code: 'SYMBOL_NOT_FOUND' });
    expect(json(response).message).toContain('NOSUCHCO');
  });
});
