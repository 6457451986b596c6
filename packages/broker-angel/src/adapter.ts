import {
  type AdapterContext,
  type AdapterImplementation,
  createHttpClient,
  type HttpClient,
  InvalidRequestError,
  OpenStreams,
} from '@openalgo/core';
import { createAngelClient } from './client.js';
import type { AngelConfig } from './config.js';
import type { AngelContext } from './context.js';
import { BROKER_ID, mapAngelError } from './errors.js';
import { downloadAngelInstruments } from './instruments/download.js';
import { getHistory } from './operations/history.js';
import { getMargin } from './operations/margin.js';
import { getDepth, getQuotes } from './operations/market-data.js';
import { cancelOrder, getOrder, getOrders, getTrades, modifyOrder, placeOrder } from './operations/orders.js';
import { getFunds, getHoldings, getPositions } from './operations/portfolio.js';
import { createAngelMarketStream } from './stream/market-stream.js';
import type { AngelStreamOptions, WebSocketFactory } from './stream/options.js';
import { createAngelOrderStream } from './stream/order-stream.js';
import { AngelSymbols } from './symbols.js';

export interface AngelAdapterOptions {
  /** Replaces the `ws` package's constructor (tests, proxies). */
  webSocket?: WebSocketFactory;
}

/**
 * One logged-in Angel account: every primitive of the contract over one HTTP client. The plugin puts it
 * behind core's contract boundary, which parses inputs, checks the session's expiry and names the broker
 * on errors; the methods here trust their inputs.
 */
export function createAngelAdapter(
  context: AdapterContext<AngelConfig>,
  options: AngelAdapterOptions = {},
): AdapterImplementation {
  const { config, session, clock } = context;
  if (session.broker !== BROKER_ID) {
    throw new InvalidRequestError(`This session belongs to broker "${session.broker}", not ${BROKER_ID}`, {
      broker: BROKER_ID,
      field: 'session',
    });
  }
  const logger = context.logger.child({ broker: BROKER_ID });
  const http = createAngelClient({
    config,
    http: context.http,
    clock,
    logger,
    accessToken: session.accessToken,
  });
  const symbols = new AngelSymbols(context.instruments, logger);
  const ctx: AngelContext = { http, symbols, config, clock, logger, uniqueIds: new Map() };

  // The master is public and lives on another host: its client carries none of the session's headers,
  // so neither the JWT nor the API key is ever sent there.
  let masterClient: HttpClient | undefined;
  const master = (): HttpClient => {
    masterClient ??= createHttpClient({
      broker: BROKER_ID,
      baseUrl: config.baseUrls.instruments,
      ...(context.http.dispatcher ? { dispatcher: context.http.dispatcher } : {}),
      timeoutMs: config.timeouts.instrumentsMs,
      clock,
      logger,
      mapError: mapAngelError,
    });
    return masterClient;
  };

  const streams = new OpenStreams();
  const streamOptions = (url: string): AngelStreamOptions => ({
    url,
    clientId: session.userId,
    accessToken: session.accessToken,
    apiKey: config.apiKey,
    ...(session.feedToken ? { feedToken: session.feedToken } : {}),
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
    downloadInstruments: (o) =>
      downloadAngelInstruments({
        http: master(),
        urls: [config.baseUrls.instruments],
        timeoutMs: config.timeouts.instrumentsMs,
        ...(o?.signal ? { signal: o.signal } : {}),
        logger,
      }),
    getMargin: (legs, o) => getMargin(ctx, legs, o),
    marketStream: () => streams.track(createAngelMarketStream(streamOptions(config.baseUrls.stream))),
    orderStream: () => streams.track(createAngelOrderStream(streamOptions(config.baseUrls.orderStream))),
    async close() {
      await streams.closeAll();
      await http.close();
      await masterClient?.close();
    },
  };
}
