import { symbolDate } from './calendar.js';
import { hashString } from './random.js';

/**
 * OpenAlgo symbol grammar (docs/reference/openalgo-api.md §4): future `NIFTY26DEC24FUT`, option
 * `NIFTY26DEC2424000CE`, strike without a trailing `.0` but with its decimals (`USDINR26DEC2483.25CE`).
 */
export function formatStrike(strike: number): string {
  // Six decimals hides float noise (87.25000000000001) and toFixed never uses exponent notation.
  return strike.toFixed(6).replace(/\.?0+$/, '');
}

export function futureSymbol(name: string, expiryDay: number): string {
  return `${name}${symbolDate(expiryDay)}FUT`;
}

export function optionSymbol(name: string, expiryDay: number, strike: number, type: 'CE' | 'PE'): string {
  return `${name}${symbolDate(expiryDay)}${formatStrike(strike)}${type}`;
}

/**
 * A stable numeric token for (exchange, symbol): two independent 32-bit hashes make a 43-bit number,
 * so a universe of thousands of rows has no collisions in practice (a test checks the generated one).
 */
export function instrumentToken(exchange: string, symbol: string): string {
  const high = hashString(`token:${exchange}:${symbol}`);
  const low = hashString(`${symbol}@${exchange}`);
  return String(high * 2048 + (low >>> 21));
}
