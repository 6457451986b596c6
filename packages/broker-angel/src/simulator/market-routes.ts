import type { Route } from '@openalgo/testkit/simulator';
import { type AngelRouteContext, fieldsOf, SECURE_PREFIX, secureRoute } from './context.js';
import { angelSuccess, appError, inputError } from './envelope.js';
import { candles } from './historical.js';
import { batchMargin } from './margin.js';
import type { AngelInstrument } from './master.js';
import { parseInstrument } from './order-form.js';
import { ltpDataJson, type QuoteMode, type QuoteSource, quoteJson, stillQuote } from './quote-json.js';

/** Where Angel publishes the scrip master (§2.1), on the simulator's own host. */
export const MASTER_PATH = '/OpenAPI_File/files/OpenAPIScripMaster.json';
/** `market/v1/quote` answers at most this many tokens per request (§2.4). */
export const QUOTE_TOKEN_LIMIT = 50;

const MODES: ReadonlySet<string> = new Set(['LTP', 'OHLC', 'FULL']);

function sourceOf(ctx: AngelRouteContext, instrument: AngelInstrument): QuoteSource {
  return instrument.sandbox
    ? ctx.market.snapshotSync(instrument.sandbox)
    : stillQuote(instrument, ctx.clock.now());
}

/** `{mode, exchangeTokens:{NSE:["3045"], …}}` → `{fetched, unfetched}`. */
function quote(ctx: AngelRouteContext, body: Record<string, unknown>) {
  const mode = body.mode;
  if (typeof mode !== 'string' || !MODES.has(mode)) throw inputError('Invalid mode: use LTP, OHLC or FULL');
  const exchangeTokens = fieldsOf(body.exchangeTokens);
  const asked: Array<[string, unknown]> = [];
  for (const [exchange, tokens] of Object.entries(exchangeTokens)) {
    if (!Array.isArray(tokens))
      throw inputError(`Invalid exchangeTokens.${exchange}: send an array of tokens`);
    for (const token of tokens) asked.push([exchange, token]);
  }
  if (asked.length === 0) throw inputError('Invalid exchangeTokens: no token asked for');
  if (asked.length > QUOTE_TOKEN_LIMIT) {
    // Angel's exact answer past the cap is [unverified]; the cap itself is documented.
    throw inputError(`Invalid exchangeTokens: at most ${QUOTE_TOKEN_LIMIT} tokens per request`);
  }
  const now = ctx.clock.now();
  const fetched: unknown[] = [];
  const unfetched: unknown[] = [];
  for (const [exchange, raw] of asked) {
    const token = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
    const instrument = token === '' ? undefined : ctx.master.byExchangeToken(exchange, token);
    if (instrument) fetched.push(quoteJson(instrument, sourceOf(ctx, instrument), mode as QuoteMode, now));
    else if (token === '')
      unfetched.push({
        exchange,
        symbolToken: '',
        message: 'Symbol token cannot be empty',
        errorCode: 'AB4018',
      });
    else
      unfetched.push({ exchange, symbolToken: token, message: 'Invalid symboltoken', errorCode: 'AB4006' });
  }
  return { fetched, unfetched };
}

/** Quotes, LTP, candles, margin and the scrip master (no login or headers needed for the master). */
export function marketRoutes(ctx: AngelRouteContext): Route[] {
  return [
    {
      method: 'POST',
      // The docs and OpenAlgo write it with a trailing `/`; the router accepts both.
      path: `${SECURE_PREFIX}/market/v1/quote`,
      // The quote API documents the gateway spelling for its success (§2.3).
      handler: secureRoute(ctx, (req) => angelSuccess(quote(ctx, fieldsOf(req.body)), 'gateway')),
    },
    {
      method: 'POST',
      path: `${SECURE_PREFIX}/order/v1/getLtpData`,
      handler: secureRoute(ctx, (req) => {
        const instrument = parseInstrument(fieldsOf(req.body), ctx.master);
        return angelSuccess(ltpDataJson(instrument, sourceOf(ctx, instrument)));
      }),
    },
    {
      method: 'POST',
      path: `${SECURE_PREFIX}/historical/v1/getCandleData`,
      handler: secureRoute(ctx, async (req) =>
        angelSuccess(await candles(fieldsOf(req.body), ctx.master, ctx.market)),
      ),
    },
    {
      method: 'POST',
      path: `${SECURE_PREFIX}/historical/v1/getOIData`,
      handler: secureRoute(ctx, async (req) => {
        const rows = await candles(fieldsOf(req.body), ctx.master, ctx.market);
        const instrument = ctx.master.byExchangeToken(
          String(fieldsOf(req.body).exchange),
          String(fieldsOf(req.body).symboltoken),
        );
        if (!instrument || instrument.kind === 'equity' || instrument.kind === 'index') {
          throw appError('AB1004', 'Open interest is served for futures and options only');
        }
        const oi = instrument.sandbox ? ctx.market.snapshotSync(instrument.sandbox).oi : 0;
        return angelSuccess(rows.map(([time]) => ({ time, oi })));
      }),
    },
    {
      method: 'POST',
      path: `${SECURE_PREFIX}/margin/v1/batch`,
      handler: secureRoute(ctx, (req) =>
        angelSuccess(batchMargin(req.body, ctx.master, ctx.market, ctx.engine.settings.leverage)),
      ),
    },
    {
      method: 'GET',
      path: MASTER_PATH,
      handler: () => ({
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: ctx.master.json(),
      }),
    },
  ];
}
