import { expiryInstant, greeksFromPrice, yearsToExpiry } from '@openalgo/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type OptionSandbox, openOptionSandbox } from './support/option-sandbox.js';

/**
 * /optiongreeks and /multioptiongreeks over the sandbox broker: the greeks are core's Black-76 at the
 * volatility implied by the sandbox's own quotes, on the synthetic-future forward formed from them.
 */

let x: OptionSandbox;
beforeAll(async () => {
  x = await openOptionSandbox();
});
afterAll(() => x.close());

describe('POST /optiongreeks and /multioptiongreeks on the sandbox', () => {
  test('the greeks are core Black-76 at the implied volatility, on the synthetic-future forward', async () => {
    const atm = x.strikes[x.atmIndex()] as number;
    const forward = atm + (await x.ltp(x.optionSymbol(atm, 'CE'))) - (await x.ltp(x.optionSymbol(atm, 'PE')));
    const symbol = x.optionSymbol(x.strikes[x.atmIndex() + 2] as number, 'CE');
    const price = await x.ltp(symbol);
    const { status, body } = await x.call('optiongreeks', { symbol, exchange: 'NFO', interest_rate: '6.5' });
    expect(status, JSON.stringify(body)).toBe(200);
    const date = x.expiryDate;
    const years = yearsToExpiry(expiryInstant(date, 'NFO'), x.sb.clock.now());
    const g = greeksFromPrice({
      optionPrice: price,
      forward,
      strike: x.strikes[x.atmIndex() + 2] as number,
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
      expiry_date: `${x.expiry.slice(0, 2)}-${x.expiry.slice(2, 3)}${x.expiry.slice(3, 5).toLowerCase()}-20${x.expiry.slice(5)}`,
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
    const ce = x.optionSymbol(x.strikes[x.atmIndex()] as number, 'CE');
    const pe = x.optionSymbol(x.strikes[x.atmIndex()] as number, 'PE');
    const { status, body } = await x.call('multioptiongreeks', {
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
    const single = await x.call('optiongreeks', { symbol: ce, exchange: 'NFO' });
    expect(data[0]).toEqual(single.body);
  });
});
