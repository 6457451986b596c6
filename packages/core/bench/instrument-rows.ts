/**
 * A deterministic synthetic instrument master shaped like a real one: cash equities on NSE and BSE,
 * index feeds, stock and index futures, and option chains (including decimal currency strikes).
 */
import type { Exchange } from '../src/model/enums.js';
import type { Instrument } from '../src/model/instrument.js';
import { formatCompactExpiry, formatDashedExpiry } from '../src/symbols/expiry.js';
import { formatStrike } from '../src/symbols/strike.js';
import { seededRandom } from '../src/testing/property.js';

function ticker(random: () => number, n: number): string {
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let out = '';
  const length = 3 + Math.floor(random() * 8);
  for (let i = 0; i < length; i++) out += letters[Math.floor(random() * 26)];
  const decorated = n % 97 === 0 ? `${out.slice(0, 1)}&${out.slice(1)}` : n % 89 === 0 ? `${out}-AUTO` : out;
  return `${decorated}${n}`;
}

export function syntheticInstruments(count: number, seed = 42): Instrument[] {
  const random = seededRandom(seed);
  const rows: Instrument[] = [];
  const tokens = new Map<string, number>();
  const push = (row: Omit<Instrument, 'token' | 'brexchange'>) => {
    const next = (tokens.get(row.exchange) ?? 100_000) + 1;
    tokens.set(row.exchange, next);
    if (rows.length < count) rows.push({ ...row, brexchange: row.exchange, token: String(next) });
  };
  const equity = (exchange: Exchange, base: string) =>
    push({
      symbol: base,
      exchange,
      brsymbol: exchange === 'NSE' ? `${base}-EQ` : base,
      name: `${base} LTD`,
      expiry: '',
      strike: 0,
      lotSize: 1,
      tickSize: 0.05,
      instrumentType: 'EQ',
    });
  const expiries = Array.from({ length: 24 }, (_, i) => ({
    year: 2025 + Math.floor(i / 12),
    month: (i % 12) + 1,
    day: 20 + (i % 7),
  }));
  const chain = (
    exchange: Exchange,
    base: string,
    months: number,
    strikes: number,
    spot: number,
    step: number,
  ) => {
    for (let m = 0; m < months && rows.length < count; m++) {
      const date = expiries[m % expiries.length] ?? { year: 2025, month: 1, day: 30 };
      const expiry = formatDashedExpiry(date);
      const compact = formatCompactExpiry(date);
      push({
        symbol: `${base}${compact}FUT`,
        exchange,
        brsymbol: `${base}${compact}FUT`,
        name: base,
        expiry,
        strike: 0,
        lotSize: 50,
        tickSize: 0.05,
        instrumentType: 'FUT',
      });
      for (let k = 0; k < strikes; k++) {
        const strike = Math.round((spot + (k - strikes / 2) * step) * 10_000) / 10_000;
        if (strike <= 0) continue;
        for (const type of ['CE', 'PE'] as const) {
          const symbol = `${base}${compact}${formatStrike(strike)}${type}`;
          push({
            symbol,
            exchange,
            brsymbol: symbol,
            name: base,
            expiry,
            strike,
            lotSize: 50,
            tickSize: 0.05,
            instrumentType: type,
          });
        }
      }
    }
  };
  for (const index of ['NIFTY', 'BANKNIFTY', 'FINNIFTY', 'MIDCPNIFTY', 'NIFTYNXT50', 'INDIAVIX']) {
    push({
      symbol: index,
      exchange: 'NSE_INDEX',
      brsymbol: index,
      name: index,
      expiry: '',
      strike: 0,
      lotSize: 0,
      tickSize: 0,
      instrumentType: 'INDEX',
    });
  }
  chain('NFO', 'NIFTY', 18, 120, 24_000, 50);
  chain('NFO', 'BANKNIFTY', 12, 100, 52_000, 100);
  chain('BFO', 'SENSEX', 12, 100, 80_000, 100);
  chain('CDS', 'USDINR', 12, 80, 83.5, 0.25);
  chain('MCX', 'CRUDEOILM', 6, 60, 6_500, 50);
  for (let n = 1; rows.length < count; n++) {
    const base = ticker(random, n);
    equity('NSE', base);
    equity('BSE', base);
    if (n % 4 === 0) chain('NFO', base, 3, 40, 100 + random() * 4_000, 10);
  }
  // Parsed masters hold flat strings, not the rope strings template literals build; match that.
  return JSON.parse(JSON.stringify(rows)) as Instrument[];
}
