// The adapter: Tortoise's wire calls behind the broker contract. Primitives only — smart orders,
// baskets, close-all and idempotent placement come from core's trading services.
import {
  type AdapterContext,
  type AdapterImplementation,
  createErrorMapper,
  createHttpClient,
  ERROR_CODES,
  FundsSchema,
  HoldingSchema,
  type HttpClient,
  InstrumentSchema,
  OrderAckSchema,
  OrderSchema,
  PositionSchema,
  QuoteSchema,
  type RuntimeContext,
  TradeSchema,
} from '@openalgo/core';
import type { TortoiseConfig } from './plugin.js';

const BROKER = 'tortoise';

/**
 * Tortoise answers `{ok: true, data}` or `{ok: false, error: {code, message}}`. Its error codes happen
 * to be OpenAlgo's own (a real broker needs a table: see createErrorMapper's `codes` and `messages`);
 * HTTP 401 is an expired or revoked token.
 */
const mapError = createErrorMapper({
  broker: BROKER,
  exact: { statuses: { 401: 'SESSION_EXPIRED' } },
  codes: Object.fromEntries(ERROR_CODES.map((code) => [code, code])),
});

/** One HTTP client per login: deadlines, declared rate limits, read retries, redacted logs. */
export function tortoiseHttp(config: TortoiseConfig, runtime: RuntimeContext, token?: string): HttpClient {
  return createHttpClient({
    broker: BROKER,
    baseUrl: config.baseUrl,
    clock: runtime.clock,
    logger: runtime.logger,
    ...runtime.http,
    rateLimits: { default: { perSecond: 20 } },
    mapError,
    defaultHeaders: token ? { authorization: `token ${token}` } : {},
    envelope: (body) => {
      const reply = body as { ok?: unknown; data?: unknown };
      return reply?.ok === true ? { data: reply.data } : undefined;
    },
    extractFailure: (status, body) => {
      const reply = body as { ok?: unknown; error?: { code?: string; message?: string } } | undefined;
      if (status < 400 && reply?.ok !== false) return undefined;
      return { status, code: reply?.error?.code, message: reply?.error?.message };
    },
  });
}

export async function createTortoiseAdapter(
  context: AdapterContext<TortoiseConfig>,
): Promise<AdapterImplementation> {
  const http = tortoiseHttp(context.config, context, context.session.accessToken);
  const limits = ['default'];
  // Tortoise's bodies are the unified model's JSON; a real broker's need mapping tables here.
  return {
    placeOrder: (order) => {
      // An unknown symbol fails here with SYMBOL_NOT_FOUND, before anything leaves the process. A real
      // broker wants its own instrument id too: send `instrument.token` / `instrument.brsymbol`.
      context.instruments.resolve(order.symbol, order.exchange);
      return http.post('/v1/orders', OrderAckSchema, { body: { json: order }, limits, what: 'place order' });
    },
    modifyOrder: (change) =>
      http.requestData({
        method: 'PUT',
        path: `/v1/orders/${encodeURIComponent(change.orderId)}`,
        kind: 'write',
        body: { json: change },
        limits,
        schema: OrderAckSchema,
        what: 'modify order',
      }),
    cancelOrder: (orderId) =>
      http.requestData({
        method: 'DELETE',
        path: `/v1/orders/${encodeURIComponent(orderId)}`,
        kind: 'write',
        limits,
        schema: OrderAckSchema,
        what: 'cancel order',
      }),
    getOrders: () => http.get('/v1/orders', OrderSchema.array(), { limits }),
    getOrder: (orderId) => http.get(`/v1/orders/${encodeURIComponent(orderId)}`, OrderSchema, { limits }),
    getTrades: () => http.get('/v1/trades', TradeSchema.array(), { limits }),
    getPositions: () => http.get('/v1/positions', PositionSchema.array(), { limits }),
    getHoldings: () => http.get('/v1/holdings', HoldingSchema.array(), { limits }),
    getFunds: () => http.get('/v1/funds', FundsSchema, { limits }),
    getQuotes: (instruments) => {
      for (const ref of instruments) context.instruments.resolve(ref.symbol, ref.exchange);
      return http.get('/v1/quotes', QuoteSchema.array(), {
        query: { i: instruments.map((ref) => `${ref.exchange}:${ref.symbol}`) },
        limits,
      });
    },
    async *downloadInstruments() {
      yield* await http.get('/v1/instruments', InstrumentSchema.array(), { limits, timeoutMs: 60_000 });
    },
    close: () => http.close(),
  };
}
