import {
  expiryInstant,
  freezeQuantity,
  greeksFromPrice,
  type Instrument,
  yearsToExpiry,
} from '@openalgo/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type OptionSandbox, openOptionSandbox } from './support/option-sandbox.js';

/**
 * /optionsymbol, /syntheticfuture and /optionchain over the sandbox broker: every expected value is
 * derived from the sandbox's own instrument list and quotes, and core's Black-76.
 */

let x: OptionSandbox;
beforeAll(async () => {
  x = await openOptionSandbox();
});
afterAll(() => x.close());

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
      const { status, body } = await x.call('optionsymbol', {
        underlying: 'NIFTY',
        exchange: 'NSE_INDEX',
        expiry_date: x.expiry,
        offset,
        option_type: type,
      });
      expect(status, JSON.stringify(body)).toBe(200);
      const symbol = x.optionSymbol(
        x.strikes[x.atmIndex() + steps] as number,
        type.toUpperCase() as 'CE' | 'PE',
      );
      const row = x.rows.find((r) => r.symbol === symbol) as Instrument;
      expect(body).toEqual({
        status: 'success',
        symbol,
        exchange: 'NFO',
        lotsize: row.lotSize,
        tick_size: row.tickSize,
        freeze_qty: freezeQuantity(row),
        underlying_ltp: x.spot,
      });
      expect(body.freeze_qty).toBeGreaterThan(1);
    },
  );

  test('takes strike_int as the official client sends it (a string) and the expiry embedded in a future', async () => {
    const grid = await x.call('optionsymbol', {
      underlying: 'NIFTY',
      exchange: 'NSE_INDEX',
      expiry_date: x.expiry,
      strike_int: '50',
      offset: 'OTM1',
      option_type: 'CE',
    });
    // Python's round (half to even) of ltp / 50, then one grid step up.
    const atm = Math.round(x.spot / 50) * 50;
    expect(grid.body.symbol).toBe(x.optionSymbol(atm + 50, 'CE'));
    const embedded = await x.call('optionsymbol', {
      underlying: `NIFTY${x.expiry}FUT`,
      exchange: 'NFO',
      offset: 'ATM',
      option_type: 'PE',
    });
    expect(embedded.body).toMatchObject({
      symbol: x.optionSymbol(x.strikes[x.atmIndex()] as number, 'PE'),
      underlying_ltp: x.spot,
    });
  });

  test('answers 404 naming expiry_date for an expiry that is not listed, 400 naming offset past the strikes', async () => {
    const missing = await x.call('optionsymbol', {
      underlying: 'NIFTY',
      exchange: 'NSE_INDEX',
      expiry_date: '01JAN30',
      offset: 'ATM',
      option_type: 'CE',
    });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ status: 'error', code: 'SYMBOL_NOT_FOUND', field: 'expiry_date' });
    const far = await x.call('optionsymbol', {
      underlying: 'NIFTY',
      exchange: 'NSE_INDEX',
      expiry_date: x.expiry,
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
    const atm = x.strikes[x.atmIndex()] as number;
    const ce = await x.ltp(x.optionSymbol(atm, 'CE'));
    const pe = await x.ltp(x.optionSymbol(atm, 'PE'));
    const { status, body } = await x.call('syntheticfuture', {
      underlying: 'NIFTY',
      exchange: 'NSE_INDEX',
      expiry_date: x.expiry,
    });
    expect(status).toBe(200);
    expect(body).toEqual({
      status: 'success',
      underlying: 'NIFTY',
      underlying_ltp: x.spot,
      expiry: x.expiry,
      atm_strike: atm,
      synthetic_future_price: Math.round((atm + ce - pe) * 100) / 100,
    });
  });
});

describe('POST /optionchain on the sandbox', () => {
  test('lists strike_count strikes each side of ATM with labels, quotes and greeks', async () => {
    const { status, body } = await x.call('optionchain', {
      underlying: 'NIFTY',
      exchange: 'NSE_INDEX',
      expiry_date: x.expiry,
      strike_count: 3,
      with_greeks: true,
    });
    expect(status, JSON.stringify(body).slice(0, 300)).toBe(200);
    const atm = x.atmIndex();
    const chain = body.chain as Array<{
      strike: number;
      ce: Record<string, number | string>;
      pe: Record<string, number | string>;
    }>;
    expect(chain.map((r) => r.strike)).toEqual(x.strikes.slice(atm - 3, atm + 4));
    expect(chain.map((r) => r.ce.label)).toEqual(['ITM3', 'ITM2', 'ITM1', 'ATM', 'OTM1', 'OTM2', 'OTM3']);
    expect(chain.map((r) => r.pe.label)).toEqual(['OTM3', 'OTM2', 'OTM1', 'ATM', 'ITM1', 'ITM2', 'ITM3']);
    expect(body).toMatchObject({
      underlying: 'NIFTY',
      underlying_ltp: x.spot,
      expiry_date: x.expiry,
      atm_strike: x.strikes[atm],
      quotes_included: true,
      greeks_included: true,
      expiry_ts: expiryInstant(x.expiryDate, 'NFO') / 1000,
      server_ts: Math.floor(x.sb.clock.now() / 1000),
    });
    const atmRow = chain[3] as (typeof chain)[number];
    const forward = (atmRow.strike as number) + (atmRow.ce.ltp as number) - (atmRow.pe.ltp as number);
    expect(body.forward_price).toBeCloseTo(forward, 2);
    const years = yearsToExpiry((body.expiry_ts as number) * 1000, x.sb.clock.now());
    for (const row of chain) {
      for (const [leg, isCall] of [
        [row.ce, true],
        [row.pe, false],
      ] as const) {
        const quoted = await x.quote(leg.symbol as string);
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
