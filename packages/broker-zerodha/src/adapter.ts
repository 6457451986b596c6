import {
  type AdapterContext,
  type AdapterImplementation,
  InvalidRequestError,
  OpenStreams,
} from '@openalgo/core';
import { createKiteClient } from './client.js';
import type { ZerodhaConfig } from './config.js';
import type { KiteContext } from './context.js';
import { BROKER_ID } from './errors.js';
import { downloadInstruments } from './instruments/download.js';
import { KiteSymbols } from './instruments/symbols.js';
import { cancelGtt, getGtts, modifyGtt, placeGtt } from './operations/gtt.js';
import { getHistory } from './operations/history.js';
import { getMargin } from './operations/margin.js';
import { getDepth, getQuotes } from './operations/market-data.js';
import { cancelOrder, getOrder, getOrders, getTrades, modifyOrder, placeOrder } from './operations/orders.js';
import { getFunds, getHoldings, getPositions } from './operations/portfolio.js';
import { KiteMarketStream } from './stream/market-stream.js';
import { KiteOrderStream } from './stream/order-stream.js';
import type { WebSocketFactory } from './stream/ticker-socket.js';

export interface ZerodhaAdapterOptions {
  /** Replaces the `ws` package's constructor (tests, proxies). */
  webSocket?: WebSocketFactory;
}

/**
 * One logged-in Kite account: every primitive of the contract over one HTTP client. The plugin puts
 * it behind core's contract boundary, which parses inputs, checks the session's expiry and names the
 * broker on errors; the methods here trust their inputs.
 */
export function createZerodhaAdapter(
  context: AdapterContext<ZerodhaConfig>,
  options: ZerodhaAdapterOptions = {},
): AdapterImplementation {
  const { config, session, clock } = context;
  if (session.broker !== BROKER_ID) {
    throw new InvalidRequestError(`This session belongs to broker "${session.broker}", not ${BROKER_ID}`, {
      broker: BROKER_ID,
      field: 'session',
    });
  }
  const logger = context.logger.child({ broker: BROKER_ID });
  const http = createKiteClient({
    config,
    http: context.http,
    clock,
    logger,
    accessToken: session.accessToken,
  });
  const symbols = new KiteSymbols(context.instruments, logger);
  const ctx: KiteContext = { http, symbols, config, clock, logger };
  const streams = new OpenStreams();
  const streamOptions = {
    config,
    accessToken: session.accessToken,
    symbols,
    clock,
    logger,
    ...(options.webSocket ? { webSocket: options.webSocket } : {}),
    ...(context.http.egress ? { egress: context.http.egress } : {}),
  };

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
    downloadInstruments: (o) => downloadInstruments(ctx, o),
    getMargin: (legs, o) => getMargin(ctx, legs, o),
    placeGtt: (request, o) => placeGtt(ctx, request, o),
    modifyGtt: (request, o) => modifyGtt(ctx, request, o),
    cancelGtt: (triggerId, o) => cancelGtt(ctx, triggerId, o),
    getGtts: (o) => getGtts(ctx, o),
    marketStream: () => streams.track(new KiteMarketStream(streamOptions)),
    orderStream: () => streams.track(new KiteOrderStream(streamOptions)),
    async close() {
      await streams.closeAll();
      await http.close();
    },
  };
}
