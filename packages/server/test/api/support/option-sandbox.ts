import {
  compareExpiryDates,
  type ExpiryDate,
  formatStrike,
  type Instrument,
  toCompactExpiry,
  tryParseExpiry,
} from '@openalgo/core';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { API_KEY, type SandboxAccount, sandboxAccount, TestResolver } from './accounts.js';
import { buildApiApp, json, post } from './app.js';

/**
 * The sandbox behind the options analytics tests, and what they derive expected values from: its
 * NIFTY rows, the nearest monthly expiry (one that also lists a future), that expiry's strikes and the
 * NIFTY spot, all read from the sandbox itself (quotes through /quotes). The manual clock never moves,
 * so every call sees the same book.
 */
export interface OptionSandbox {
  app: FastifyInstance;
  sb: SandboxAccount;
  rows: Instrument[];
  /** `DDMMMYY`. */
  expiry: string;
  expiryDate: ExpiryDate;
  strikes: number[];
  spot: number;
  quote(symbol: string, exchange?: string): Promise<Record<string, number>>;
  ltp(symbol: string, exchange?: string): Promise<number>;
  /** Index in `strikes` of the listed strike nearest `price` (default the spot; the lower on a tie). */
  atmIndex(price?: number): number;
  optionSymbol(strike: number, type: 'CE' | 'PE'): string;
  call(
    path: string,
    body: Record<string, unknown>,
  ): Promise<{ status: number; body: Record<string, unknown> }>;
  close(): Promise<void>;
}

export async function openOptionSandbox(): Promise<OptionSandbox> {
  const sb = await sandboxAccount();
  const app = await buildApiApp(new TestResolver().add(API_KEY, sb.account), {
    clock: sb.clock,
    rateLimits: false,
  });
  const rows = [...sb.sandbox.instruments.rows()].filter((r) => r.exchange === 'NFO' && r.name === 'NIFTY');
  const futures = new Set(rows.filter((r) => r.symbol.endsWith('FUT')).map((r) => r.expiry));
  const monthlies = [
    ...new Set(rows.filter((r) => r.symbol.endsWith('CE') && futures.has(r.expiry)).map((r) => r.expiry)),
  ]
    .map((text) => ({ text, date: tryParseExpiry(text) as ExpiryDate }))
    .sort((a, b) => compareExpiryDates(a.date, b.date));
  const nearest = monthlies[0];
  if (!nearest) throw new Error('the sandbox lists no monthly NIFTY options');
  const strikes = [
    ...new Set(rows.filter((r) => r.expiry === nearest.text && r.symbol.endsWith('CE')).map((r) => r.strike)),
  ].sort((a, b) => a - b);
  const expiry = toCompactExpiry(nearest.text);

  const quote = async (symbol: string, exchange = 'NFO') => {
    const response = await post(app, 'quotes', { apikey: API_KEY, symbol, exchange });
    expect(response.statusCode, response.body).toBe(200);
    return json(response).data as Record<string, number>;
  };
  const ltp = async (symbol: string, exchange = 'NFO') => (await quote(symbol, exchange)).ltp as number;
  const spot = await ltp('NIFTY', 'NSE_INDEX');
  return {
    app,
    sb,
    rows,
    expiry,
    expiryDate: nearest.date,
    strikes,
    spot,
    quote,
    ltp,
    atmIndex(price = spot) {
      let best = 0;
      strikes.forEach((k, i) => {
        if (Math.abs(k - price) < Math.abs((strikes[best] as number) - price)) best = i;
      });
      return best;
    },
    optionSymbol: (strike, type) => `NIFTY${expiry}${formatStrike(strike)}${type}`,
    async call(path, body) {
      const response = await post(app, path, { apikey: API_KEY, ...body });
      return { status: response.statusCode, body: json(response) };
    },
    async close() {
      await app.close();
      await sb.close();
    },
  };
}
