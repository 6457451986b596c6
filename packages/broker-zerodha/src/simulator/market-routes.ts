import type { Route, SimulatorRequest } from '@openalgo/testkit/simulator';
import { answer, authed, type KiteRouteContext } from './context.js';
import { inputError, KiteApiError, kiteSuccess } from './envelope.js';
import { historicalCandles } from './historical.js';
import type { KiteInstrument } from './master.js';
import {
  fromSnapshot,
  kiteLtpQuote,
  kiteOhlcQuote,
  kiteQuote,
  type QuoteSource,
  stillQuote,
} from './quote-json.js';

type QuoteShape = (instrument: KiteInstrument, q: QuoteSource, now: number) => Record<string, unknown>;

/** `i=NSE:INFY` or `i=408065`; undefined when the master does not list it. */
function resolveKey(ctx: KiteRouteContext, key: string): KiteInstrument | undefined {
  if (/^\d+$/.test(key)) return ctx.master.getByToken(Number(key));
  const colon = key.indexOf(':');
  if (colon <= 0) return undefined;
  return ctx.master.get(key.slice(0, colon), key.slice(colon + 1));
}

/**
 * The three quote routes answer a map keyed by exactly the `i` strings asked for; an instrument Kite
 * does not know is simply absent. Limits: 500 instruments for `/quote`, 1000 for ohlc and ltp.
 */
function quoteRoute(ctx: KiteRouteContext, path: string, limit: number, shape: QuoteShape): Route {
  return {
    method: 'GET',
    path,
    handler: authed(ctx, (req: SimulatorRequest) => {
      const keys = req.searchParams.getAll('i');
      if (keys.length === 0) throw inputError('Missing `i`: pass instruments as EXCHANGE:TRADINGSYMBOL.');
      if (keys.length > limit) throw inputError(`Too many instruments: at most ${limit} per request.`);
      const now = ctx.clock.now();
      const data: Record<string, unknown> = {};
      for (const key of keys) {
        const instrument = resolveKey(ctx, key);
        if (!instrument) continue;
        const source = instrument.sandbox
          ? fromSnapshot(ctx.market.snapshotSync(instrument.sandbox))
          : stillQuote(instrument, now);
        data[key] = shape(instrument, source, now);
      }
      return kiteSuccess(data);
    }),
  };
}

function csv(ctx: KiteRouteContext, exchange?: string) {
  return { status: 200, headers: { 'content-type': 'text/csv' }, body: ctx.master.csv(exchange) };
}

const EXCHANGES: ReadonlySet<string> = new Set(['NSE', 'BSE', 'NFO', 'BFO', 'CDS', 'BCD', 'MCX']);

/** Quotes, the instrument master (CSV, no login needed) and historical candles. */
export function marketRoutes(ctx: KiteRouteContext): Route[] {
  return [
    quoteRoute(ctx, '/quote', 500, kiteQuote),
    quoteRoute(ctx, '/quote/ohlc', 1000, kiteOhlcQuote),
    quoteRoute(ctx, '/quote/ltp', 1000, kiteLtpQuote),
    { method: 'GET', path: '/instruments', handler: () => csv(ctx) },
    {
      method: 'GET',
      path: '/instruments/:exchange',
      handler: (req) =>
        answer(() => {
          const exchange = req.params.exchange ?? '';
          if (!EXCHANGES.has(exchange)) throw new KiteApiError(400, 'InputException', 'Invalid exchange.');
          return csv(ctx, exchange);
        }),
    },
    {
      method: 'GET',
      path: '/instruments/historical/:token/:interval',
      handler: authed(ctx, async (req) =>
        kiteSuccess({
          candles: await historicalCandles(
            {
              token: req.params.token ?? '',
              interval: req.params.interval ?? '',
              from: req.query.from,
              to: req.query.to,
              oi: req.query.oi === '1' || req.query.oi === 'true',
            },
            ctx.master,
            ctx.market,
          ),
        }),
      ),
    },
  ];
}
