import {
  expiryInstant,
  formatStrike,
  freezeQuantity,
  greeksFromPrice,
  type Instrument,
  toCompactExpiry,
  tryParseExpiry,
  yearsToExpiry,
} from '@openalgo/core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { API_KEY, type SandboxAccount, sandboxAccount, TestResolver } from './support/accounts.js';
import { buildApiApp, json, post } from './support/app.js';

/**
 * The options analytics over the sandbox broker: every expected value is derived here from the
 * sandbox's own instrument list and quotes (read through /quotes), and core's Black-76. The manual
 * clock never moves, so every call sees the same book.
 */

let app: FastifyInstance;
let sb: SandboxAccount;
let rows: Instrument[];
/** The nearest NIFTY option expiry that also lists a future (a monthly), `DDMMMYY`. */
let expiry: string;
let strikes: number[];
let spot: number;

beforeAll(async () => {
  sb = await sandboxAccount();
  app = await buildApiApp(new TestResolver().add(API_KEY, sb.account), {
    clock: sb.clock,
    rateLimits: false,
  });
  rows = [...sb.sandbox.instruments.rows()].filter((r) => r.exchange === 'NFO' && r.name === 'NIFTY');
  const futures = new Set(rows.filter((r) => r.symbol.endsWith('FUT')).map((r) => r.expiry));
  const dashed = rows
    .filter((r) => r.symbol.endsWith('CE') && futures.has(r.expiry))
    .map((r) => r.expiry)
    .sort((a, b) => (tryParseExpiry(a)?.year ?? 0) - (tryParseExpiry(b)?.year ?? 0) || cmp(a, b))[0];
  if (!dashed) throw new Error('the sandbox lists no monthly NIFTY options');
  expiry = toCompactExpiry(dashed);
  strikes = [
    ...new Set(rows.filter((r) => r.expiry === dashed && r.symbol.endsWith('CE')).map((r) => r.strike)),
  ].sort((a, b) => a - b);
  spot = await ltp('NIFTY', 'NSE_INDEX');
});
afterAll(async () => {
  await app.close();
  await sb.close();
});

/** The expiry under test as a date. */
function expiryDate() {
  const date = tryParseExpiry(expiry);
  if (!date) throw new Error(`unreadable expiry ${expiry}`);
  return date;
}

function cmp(a: string, b: string): number {
  const x = tryParseExpiry(a);
  const y = tryParseExpiry(b);
  return x && y ? x.month - y.month || x.day - y.day : 0;
}

async function quote(symbol: string, exchange = 'NFO'): Promise<Record<string, number>> {
  const response = await post(app, 'quotes', { apikey: API_KEY, symbol, exchange });
  expect(response.statusCode, response.body).toBe(200);
  return json(response).data as Record<string, number>;
}

async function ltp(symbol: string, exchange = 'NFO'): Promise<number> {
  return (await quote(symbol, exchange)).ltp as number;
}

/** Index of the listed strike nearest the spot (the lower one on a tie). */
function atmIndex(price = spot): number {
  let best = 0;
  strikes.forEach((k, i) => {
    if (Math.abs(k - price) < Math.abs((strikes[best] as number) - price)) best = i;
  });
  return best;
}

const optionSymbol = (strike: number, type: 'CE' | 'PE') => `NIFTY${expiry}${formatStrike(strike)}${type}`;

async function call(path: string, body: Record<string, unknown>) {
  const response = await post(app, path, { apikey: API_KEY, ...body });
  return { status: response.statusCode, body: json(response) };
}

describe('POST /optionsymbol on the sandbox', () => {
  test.each([
    ['ATM', 'CE', 0],
    ['ITM2', 'CE', -2],
    ['OTM3', 'CE', 3],
    ['itm2', 'pe', 2],
    ['OTM1', 'PE', -1],
  ])(
    '%s %s is the listed strike that many steps from the one nearest the spot',
    async (offset, type, steps) => {
      const { status, body } = await call('optionsymbol', {
        underlying: 'NIFTY',
        exchange: 'NSE_INDEX',
        expiry_date: expiry,
        offset,
        option_type: type,
      });
      expect(status, JSON.stringify(body)).toBe(200);
      const symbol = optionSymbol(strikes[atmIndex() + steps] as number, type.toUpperCase() as 'CE' | 'PE');
      const row = rows.find((r) => r.symbol === symbol) as Instrument;
      expect(body).toEqual({
        status: 'success',
        symbol,
        exchange: 'NFO',
        lotsize: row.lotSize,
        tick_size: row.tickSize,
        freeze_qty: freezeQuantity(row),
        underlying_ltp: spot,
      });
      expect(body.freeze_qty).toBeGreaterThan(1);
    },
  );

  test('takes strike_int as the official client sends it (a string) and the expiry embedded in a future', async () => {
    const grid = await call('optionsymbol', {
      underlying: 'NIFTY',
      exchange: 'NSE_INDEX',
      expiry_date: expiry,
      strike_int: '50',
      offset: 'OTM1',
      option_type: 'CE',
    });
    // Python's round (half to even) of ltp / 50, then one grid step up.
    const atm = Math.round(spot / 50) * 50;
    expect(grid.body.symbol).toBe(optionSymbol(atm + 50, 'CE'));
    const embedded = await call('optionsymbol', {
      underlying: `NIFTY${expiry}FUT`,
      exchange: 'NFO',
      offset: 'ATM',
      option_type: 'PE',
    });
    expect(embedded.body).toMatchObject({
      symbol: optionSymbol(strikes[atmIndex()] as number, 'PE'),
      underlying_ltp: spot,
    });
  });

  test('answers 404 naming expiry_date for an expiry that is not listed, 400 naming offset past the strikes', async () => {
    const missing = await call('optionsymbol', {
      underlying: 'NIFTY',
      exchange: 'NSE_INDEX',
      expiry_date: '01JAN30',
      offset: 'ATM',
      option_type: 'CE',
    });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ status: 'error', code: 'SYMBOL_NOT_FOUND', field: 'expiry_date' });
    const far = await call('optionsymbol', {
      underlying: 'NIFTY',
      exchange: 'NSE_INDEX',
      expiry_date: expiry,
      offset: 'OTM50',
      option_type: 'CE',
    });
    expect(far.status).toBe(400);
    expect(far.body).toMatchObject({ code: 'INVALID_REQUEST', field: 'offset' });
    expect(far.body.message).toContain('offset');
  });
});

describe('POST /syntheticfuture on the sandbox', () => {
  test('is the ATM strike plus the call minus the put, as quoted', async () => {
    const atm = strikes[atmIndex()] as number;
    const ce = await ltp(optionSymbol(atm, 'CE'));
    const pe = await ltp(optionSymbol(atm, 'PE'));
    const { status, body } = await call('syntheticfuture', {
      underlying: 'NIFTY',
      exchange: 'NSE_INDEX',
      expiry_date: expiry,
    });
    expect(status).toBe(200);
    expect(body).toEqual({
      status: 'success',
      underlying: 'NIFTY',
      underlying_ltp: spot,
      expiry,
      atm_strike: atm,
      synthetic_future_price: Math.round((atm + ce - pe) * 100) / 100,
    });
  });
});

describe('POST /optionchain on the sandbox', () => {
  test('lists strike_count strikes each side of ATM with labels, quotes and greeks', async () => {
    const { status, body } = await call('optionchain', {
      underlying: 'NIFTY',
      exchange: 'NSE_INDEX',
      expiry_date: expiry,
      strike_count: 3,
      with_greeks: true,
    });
    expect(status, JSON.stringify(body).slice(0, 300)).toBe(200);
    const atm = atmIndex();
    const chain = body.chain as Array<{
      strike: number;
      ce: Record<string, number | string>;
      pe: Record<string, number | string>;
    }>;
    expect(chain.map((r) => r.strike)).toEqual(strikes.slice(atm - 3, atm + 4));
    expect(chain.map((r) => r.ce.label)).toEqual(['ITM3', 'ITM2', 'ITM1', 'ATM', 'OTM1', 'OTM2', 'OTM3']);
    expect(chain.map((r) => r.pe.label)).toEqual(['OTM3', 'OTM2', 'OTM1', 'ATM', 'ITM1', 'ITM2', 'ITM3']);
    expect(body).toMatchObject({
      underlying: 'NIFTY',
      underlying_ltp: spot,
      expiry_date: expiry,
      atm_strike: strikes[atm],
      quotes_included: true,
      greeks_included: true,
      expiry_ts: expiryInstant(expiryDate(), 'NFO') / 1000,
      server_ts: Math.floor(sb.clock.now() / 1000),
    });
    const atmRow = chain[3] as (typeof chain)[number];
    const forward = (atmRow.strike as number) + (atmRow.ce.ltp as number) - (atmRow.pe.ltp as number);
    expect(body.forward_price).toBeCloseTo(forward, 2);
    const years = yearsToExpiry((body.expiry_ts as number) * 1000, sb.clock.now());
    for (const row of chain) {
      for (const [leg, isCall] of [
        [row.ce, true],
        [row.pe, false],
      ] as const) {
        const quoted = await quote(leg.symbol as string);
        expect(leg).toMatchObject({
          ltp: quoted.ltp,
          bid: quoted.bid,
          ask: quoted.ask,
          oi: quoted.oi,
          lotsize: 65,
        });
        const g = greeksFromPrice({
          optionPrice: quoted.ltp as number,
          forward,
          strike: row.strike,
          years,
          ratePercent: 0,
          isCall,
        });
        expect(leg.implied_volatility).toBeCloseTo(g.impliedVolatility, 2);
        expect(leg.delta).toBeCloseTo(g.delta, 4);
        expect(leg.gamma).toBeCloseTo(g.gamma, 6);
        expect(leg.theta).toBeCloseTo(g.theta, 4);
        expect(leg.vega).toBeCloseTo(g.vega, 4);
      }
    }
  });
});

describe('POST /optiongreeks and /multioptiongreeks on the sandbox', () => {
  test('the greeks are core Black-76 at the implied volatility, on the synthetic-future forward', async () => {
    const atm = strikes[atmIndex()] as number;
    const forward = atm + (await ltp(optionSymbol(atm, 'CE'))) - (await ltp(optionSymbol(atm, 'PE')));
    const symbol = optionSymbol(strikes[atmIndex() + 2] as number, 'CE');
    const price = await ltp(symbol);
    const { status, body } = await call('optiongreeks', { symbol, exchange: 'NFO', interest_rate: '6.5' });
    expect(status, JSON.stringify(body)).toBe(200);
    const date = expiryDate();
    const years = yearsToExpiry(expiryInstant(date, 'NFO'), sb.clock.now());
    const g = greeksFromPrice({
      optionPrice: price,
      forward,
      strike: strikes[atmIndex() + 2] as number,
      years,
      ratePercent: 6.5,
      isCall: true,
    });
    expect(g.theoretical).toBe(false);
    expect(body).toMatchObject({
      status: 'success',
      symbol,
      exchange: 'NFO',
      underlying: 'NIFTY',
      option_type: 'CE',
      option_price: price,
      interest_rate: 6.5,
      spot_price: Math.round(forward * 100) / 100,
      expiry_date: `${expiry.slice(0, 2)}-${expiry.slice(2, 3)}${expiry.slice(3, 5).toLowerCase()}-20${expiry.slice(5)}`,
    });
    expect(body.days_to_expiry).toBeCloseTo(years * 365, 4);
    expect(body.implied_volatility).toBeCloseTo(g.impliedVolatility, 2);
    const greeks = body.greeks as Record<string, number>;
    expect(greeks.delta).toBeCloseTo(g.delta, 4);
    expect(greeks.gamma).toBeCloseTo(g.gamma, 6);
    expect(greeks.theta).toBeCloseTo(g.theta, 4);
    expect(greeks.vega).toBeCloseTo(g.vega, 4);
    expect(greeks.rho).toBeCloseTo(g.rho, 6);
    expect(greeks.delta).toBeGreaterThan(0);
    expect(greeks.delta).toBeLessThan(1);
  });

  test('a batch answers each symbol in order and reports the failures as partial', async () => {
    const ce = optionSymbol(strikes[atmIndex()] as number, 'CE');
    const pe = optionSymbol(strikes[atmIndex()] as number, 'PE');
    const { status, body } = await call('multioptiongreeks', {
      symbols: [
        { symbol: ce, exchange: 'NFO' },
        { symbol: 'NIFTY01JAN3025000CE', exchange: 'NFO' },
        { symbol: pe, exchange: 'NFO' },
      ],
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'partial', summary: { total: 3, success: 2, failed: 1 } });
    const data = body.data as Array<Record<string, unknown>>;
    expect(data.map((d) => [d.symbol, d.status])).toEqual([
      [ce, 'success'],
      ['NIFTY01JAN3025000CE', 'error'],
      [pe, 'success'],
    ]);
    expect(data[1]).toMatchObject({ code: 'SYMBOL_NOT_FOUND' });
    expect((data[0]?.greeks as Record<string, number> | undefined)?.delta).toBeGreaterThan(0);
    expect((data[2]?.greeks as Record<string, number> | undefined)?.delta).toBeLessThan(0);
    const single = await call('optiongreeks', { symbol: ce, exchange: 'NFO' });
    expect(data[0]).toEqual(single.body);
  });
});
