import {
  type Candle,
  type Exchange,
  ExchangeSchema,
  type Interval,
  istDate,
  istParts,
  istToEpoch,
} from '@openalgo/core';
import { servedInterval } from './data.js';
import { data, type Endpoint, endpointGroup, FileResponse } from './endpoint.js';
import { ApiError } from './errors.js';
import { TickerQuery, TickerResponse } from './schemas/ticker.js';
import { candleRecord } from './wire/rows.js';

/** OpenAlgo's AmiBroker/AmiQuote history feed: `/history` behind a GET with the symbol in the path. */

const define = endpointGroup('Market data');

const DAY_MS = 86_400_000;
/** OpenAlgo's clamps: at most 10 × 365 days back from `to` for D/W/M, 30 days for anything shorter. */
const LONG_INTERVALS: ReadonlySet<string> = new Set(['D', 'W', 'M']);
const MAX_DAYS_LONG = 10 * 365;
const MAX_DAYS_INTRADAY = 30;

function badSymbol(message: string): ApiError {
  return new ApiError(400, 'INVALID_REQUEST', `symbol: ${message}`, { field: 'symbol' });
}

/** `NSE:SBIN` → NSE and SBIN; a bare `SBIN` is on NSE (OpenAlgo's default exchange for the path). */
export function parseTickerSymbol(path: string): { exchange: Exchange; symbol: string } {
  const parts = path.split(':');
  if (parts.length > 2) throw badSymbol(`"${path.slice(0, 40)}" is not EXCHANGE:SYMBOL`);
  const [first = '', second] = parts;
  const exchangeText = second === undefined ? 'NSE' : first.trim().toUpperCase();
  const symbol = (second ?? first).trim();
  const exchange = ExchangeSchema.safeParse(exchangeText);
  if (!exchange.success) throw badSymbol(`"${exchangeText.slice(0, 20)}" is not an exchange`);
  if (symbol === '') throw badSymbol('the symbol after the exchange is empty');
  return { exchange: exchange.data, symbol };
}

/** The start date after OpenAlgo's range clamp. */
export function clampedStart(from: string, to: string, interval: string): string {
  const maxDays = LONG_INTERVALS.has(interval.toUpperCase()) ? MAX_DAYS_LONG : MAX_DAYS_INTRADAY;
  const [y, m, d] = to.split('-').map(Number) as [number, number, number];
  const earliest = istDate(istToEpoch(y, m, d) - maxDays * DAY_MS);
  return from < earliest ? earliest : from;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Python prints a float price with a decimal point (`523.0`), which AmiQuote's import expects. */
function pythonFloat(value: number): string {
  return Number.isInteger(value) ? `${value}.0` : String(value);
}

/** `NSE:SBIN,2026-01-05,523.0,…` for D; intraday (and W/M, as OpenAlgo does) adds `HH:MM:SS`, IST. */
export function tickerLine(ticker: string, interval: string, candle: Candle): string {
  const p = istParts(candle.timestamp * 1000);
  const date = `${p.year}-${pad(p.month)}-${pad(p.day)}`;
  const when =
    interval.toUpperCase() === 'D' ? date : `${date},${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
  const prices = [candle.open, candle.high, candle.low, candle.close].map(pythonFloat).join(',');
  return `${ticker},${when},${prices},${Math.trunc(candle.volume)}`;
}

export const ticker = define({
  method: 'GET',
  path: '/ticker/:symbol',
  summary: 'History for AmiBroker/AmiQuote (JSON or text)',
  description:
    "GET with the symbol in the path (`/ticker/NSE:SBIN?apikey=…&interval=5m&from=2026-01-01&to=2026-01-05&format=txt`). JSON is /history's answer; txt is one line per bar, `EXCH:SYMBOL,YYYY-MM-DD,O,H,L,C,V` for D and `EXCH:SYMBOL,YYYY-MM-DD,HH:MM:SS,O,H,L,C,V` otherwise (IST), as text/plain. `from` is moved forward to at most 30 days before `to` for intraday intervals and 10 years for D/W/M. A symbol without `EXCH:` is on NSE (OpenAlgo swaps it for NSE:RELIANCE). Errors are the usual JSON envelope in both formats.",
  requires: [data('getHistory')],
  request: TickerQuery,
  response: TickerResponse,
  example: { symbol: 'NSE:SBIN', interval: 'D', from: '2026-01-01', to: '2026-01-05', format: 'json' },
  async handle({ input, account, reply }) {
    const { exchange, symbol } = parseTickerSymbol(input.symbol);
    if (input.to < input.from) {
      throw new ApiError(400, 'INVALID_REQUEST', 'to: must not be before from', { field: 'to' });
    }
    const adapter = account.dataAdapter;
    const interval: Interval = servedInterval(
      input.interval,
      adapter.manifest.intervals,
      adapter.manifest.id,
    );
    account.instruments.resolve(symbol, exchange);
    const candles = await adapter.getHistory({
      symbol,
      exchange,
      interval,
      start: clampedStart(input.from, input.to, interval),
      end: input.to,
    });
    if (input.format === 'txt') {
      const lines = candles.map((c) => tickerLine(`${exchange}:${symbol}`, interval, c));
      return new FileResponse('text/plain; charset=utf-8', lines.join('\n'));
    }
    return reply({ status: 'success', data: candles.map(candleRecord.encode) });
  },
});

export const TICKER_ENDPOINTS: readonly Endpoint[] = [ticker];
