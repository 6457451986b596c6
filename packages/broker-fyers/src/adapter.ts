import {
  type AdapterContext,
  type AdapterImplementation,
  InvalidRequestError,
  OpenStreams,
} from '@openalgo/core';
import { createFyersClient } from './client.js';
import type { FyersConfig } from './config.js';
import type { FyersContext } from './context.js';
import { BROKER_ID } from './errors.js';
import { getHistory } from './operations/history.js';
import { MasterDownloads } from './operations/instruments.js';
import { getMargin } from './operations/margin.js';
import { getDepth, getQuotes } from './operations/market-data.js';
import { cancelOrder, getOrder, getOrders, getTrades, modifyOrder, placeOrder } from './operations/orders.js';
import { getFunds, getHoldings, getPositions } from './operations/portfolio.js';
import { createFyersMarketStream } from './stream/market-stream.js';
import type { FyersStreamOptions, WebSocketFactory } from './stream/options.js';
import { createFyersOrderStream } from './stream/order-stream.js';
import { FyersSymbols } from './symbols.js';

export interface FyersAdapterOptions {
  /** Replaces the `ws` package's constructor (tests, proxies). */
  webSocket?: WebSocketFactory;
}

/**
 * One logged-in Fyers account: every primitive of the contract over one HTTP client (one rate limiter for
 * all of Fyers' REST, trading and data alike). The plugin puts it behind core's contract boundary, which
 * parses inputs, checks the session's expiry and names the broker on errors; the methods here trust
 * their inputs.
 *
 * Fyers can also exit positions in one call (`DELETE /positions`, brokers.md §3.4), but the contract has
 * no primitive for it: core's `closeAllPositions` composes it from `getPositions` + `placeOrder`, tagged
 * and reconciled like every order, so that call is not used.
 */
export function createFyersAdapter(
  context: AdapterContext<FyersConfig>,
  options: FyersAdapterOptions = {},
): AdapterImplementation {
  const { config, session, clock } = context;
  if (session.broker !== BROKER_ID) {
    throw new InvalidRequestError(`This session belongs to broker "${session.broker}", not ${BROKER_ID}`, {
      broker: BROKER_ID,
      field: 'session',
    });
  }
  const logger = context.logger.child({ broker: BROKER_ID });
  const http = createFyersClient({
    config,
    http: context.http,
    clock,
    logger,
    accessToken: session.accessToken,
  });
  const symbols = new FyersSymbols(context.instruments, logger);
  const ctx: FyersContext = { http, symbols, config, clock, logger };
  const masters = new MasterDownloads(ctx, context.http);
  const streams = new OpenStreams();
  const streamOptions = (url: string): FyersStreamOptions => ({
    url,
    clientId: config.appId,
    accessToken: session.accessToken,
    apiKey: config.appId,
    instruments: context.instruments,
    clock,
    logger,
    reconnect: {
      initialMs: config.stream.reconnectInitialMs,
      maxMs: config.stream.reconnectMaxMs,
      maxAttempts: config.stream.maxReconnectAttempts,
    },
    stallMs: config.stream.stallMs,
    ...(options.webSocket ? { webSocket: options.webSocket } : {}),
    ...(context.http.egress ? { egress: context.http.egress } : {}),
  });

  return {
    placeOrder: (request, o) => placeOrder(ctx, request, o),
    modifyOrder: (request, o) => modifyOrder(ctx, request, o),
    cancelOrder: (orderId, o) => cancelOrder(ctx, orderId, o),
    getOrders: (o) => getOrders(ctx, o),
    getOrder: (orderId, o) => getOrder(ctx, orderId, o),
    getTrades: (o) => getTrades(ctx, o),
    getPositions: (o) => getPositions(ctx, o),
    getHoldings: (o) => getHoldings(ctx, o),
    getFunds: (o) => getFunds(ctx, o),
    getQuotes: (instruments, o) => getQuotes(ctx, instruments, o),
    getDepth: (instrument, o) => getDepth(ctx, instrument, o),
    getHistory: (request, o) => getHistory(ctx, request, o),
    downloadInstruments: (o) => masters.download(o),
    getMargin: (legs, o) => getMargin(ctx, legs, o),
    marketStream: () => streams.track(createFyersMarketStream(streamOptions(config.baseUrls.stream))),
    orderStream: () => streams.track(createFyersOrderStream(streamOptions(config.baseUrls.orderStream))),
    async close() {
      await streams.closeAll();
      await http.close();
      await masters.close();
    },
  };
}
