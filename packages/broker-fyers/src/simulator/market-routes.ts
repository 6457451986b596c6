import type { MarketSnapshot } from '@openalgo/sandbox';
import type { Route, SimulatorRequest } from '@openalgo/testkit/simulator';
import { authed, type FyersRouteContext } from './context.js';
import { badRequest, fyersOk } from './envelope.js';
import { FYERS_SEGMENT_FILES, type FyersSegmentFile } from './fyers-symbols.js';
import { historyCandles } from './history.js';
import type { FyersInstrument } from './master.js';
import { jsonObject } from './order-form.js';
import { depthValue, quoteSource, quoteValue } from './quote-json.js';

/** Per-call symbol caps (brokers.md §3.7): quotes 50, symbol-token 500. */
export const QUOTE_LIMIT = 50;
export const SYMBOL_TOKEN_LIMIT = 500;
/** Where the segment CSVs are served (`https://public.fyers.in/sym_details/NSE_CM.csv` at Fyers). */
export const MASTER_PATH = '/sym_details';

/**
 * Tickers of a comma-separated query value. The JS SDK percent-encodes `:` and `,` (§3.4); the
 * server's URL parser has already decoded them, and a doubly encoded value is decoded once more.
 */
function tickersOf(value: string | undefined, name: string): string[] {
  const text = value?.includes('%') ? decodeURIComponent(value) : (value ?? '');
  const tickers = text
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  if (tickers.length === 0) throw badRequest(-50, `Invalid input: ${name} is required`);
  return tickers;
}

function snapshotOf(ctx: FyersRouteContext): (instrument: FyersInstrument) => MarketSnapshot | undefined {
  return (instrument) => (instrument.sandbox ? ctx.market.snapshotSync(instrument.sandbox) : undefined);
}

/** Quotes, depth, history, symbol-token and the segment masters (the masters need no login). */
export function marketRoutes(ctx: FyersRouteContext): Route[] {
  return [
    {
      method: 'GET',
      path: '/data/quotes',
      handler: authed(ctx, (req: SimulatorRequest) => {
        const tickers = tickersOf(req.query.symbols, 'symbols');
        if (tickers.length > QUOTE_LIMIT) throw badRequest(-50, `At most ${QUOTE_LIMIT} symbols per request`);
        const now = ctx.clock.now();
        const d = tickers.map((ticker) => {
          const instrument = ctx.master.get(ticker);
          // An unknown ticker is an error entry in the list, not a failed call [unverified shape].
          if (!instrument)
            return { n: ticker, s: 'error', v: { symbol: ticker, errmsg: 'Invalid symbol', code: -300 } };
          return {
            n: ticker,
            s: 'ok',
            v: quoteValue(instrument, quoteSource(instrument, snapshotOf(ctx), now)),
          };
        });
        return fyersOk({ d });
      }),
    },
    {
      method: 'GET',
      path: '/data/depth',
      handler: authed(ctx, (req) => {
        const tickers = tickersOf(req.query.symbol, 'symbol');
        if (tickers.length > QUOTE_LIMIT) throw badRequest(-50, `At most ${QUOTE_LIMIT} symbols per request`);
        const now = ctx.clock.now();
        const d: Record<string, unknown> = {};
        for (const ticker of tickers) {
          const instrument = ctx.master.get(ticker);
          if (instrument) d[ticker] = depthValue(instrument, quoteSource(instrument, snapshotOf(ctx), now));
        }
        if (Object.keys(d).length === 0) throw badRequest(-300, 'Invalid symbol');
        return fyersOk({ d });
      }),
    },
    {
      method: 'GET',
      path: '/data/history',
      handler: authed(ctx, async (req) => {
        const candles = await historyCandles(
          {
            symbol: req.query.symbol,
            resolution: req.query.resolution,
            dateFormat: req.query.date_format,
            rangeFrom: req.query.range_from,
            rangeTo: req.query.range_to,
            oi: req.query.oi_flag === '1',
          },
          ctx.master,
          ctx.market,
        );
        // An empty range answers `s:"no_data"` at Fyers [unverified: OpenAlgo and SDK samples only].
        if (candles.length === 0)
          return { status: 200, body: { s: 'no_data', code: 200, message: '', candles: [] } };
        return fyersOk({ candles });
      }),
    },
    {
      method: 'POST',
      path: '/data/symbol-token',
      // The data sockets' lookup (§3.9): `APPID:token` from the JS SDK, a bare token from Python.
      handler: authed(
        ctx,
        (req) => {
          const symbols = jsonObject(req).symbols;
          if (!Array.isArray(symbols) || symbols.length === 0)
            throw badRequest(-50, 'Invalid input: symbols is required');
          if (symbols.length > SYMBOL_TOKEN_LIMIT) {
            throw badRequest(-50, `At most ${SYMBOL_TOKEN_LIMIT} symbols per request`);
          }
          const validSymbol: Record<string, string> = {};
          const invalidSymbol: unknown[] = [];
          for (const symbol of symbols) {
            const row = typeof symbol === 'string' ? ctx.master.get(symbol) : undefined;
            if (row) validSymbol[row.ticker] = row.fyToken;
            else invalidSymbol.push(symbol);
          }
          return fyersOk({ validSymbol, invalidSymbol });
        },
        { bareTokenOk: true },
      ),
    },
    {
      method: 'GET',
      path: `${MASTER_PATH}/:file`,
      handler: (req) => {
        const name = (req.params.file ?? '').replace(/\.csv$/, '');
        if (
          !(FYERS_SEGMENT_FILES as readonly string[]).includes(name) ||
          !req.params.file?.endsWith('.csv')
        ) {
          return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'Not Found' };
        }
        return {
          status: 200,
          headers: { 'content-type': 'text/csv' },
          body: ctx.master.csv(name as FyersSegmentFile),
        };
      },
    },
  ];
}
