import {
  type BrokerAdapter,
  type GttAck,
  GttAckSchema,
  type Instrument,
  type OrderAck,
  OrderAckSchema,
} from '@openalgo/core';
import {
  assertValidCandles,
  assertValidDepth,
  assertValidFunds,
  assertValidGtt,
  assertValidHolding,
  assertValidInstrument,
  assertValidOrder,
  assertValidPosition,
  assertValidQuote,
  assertValidTrade,
  ContractViolationError,
} from '../validators.js';

function assertValidAck(value: unknown, where: string): asserts value is OrderAck {
  const result = OrderAckSchema.safeParse(value);
  if (result.success) return;
  const issue = result.error.issues[0];
  throw new ContractViolationError(
    `order ack (from ${where})`,
    issue ? issue.path.map(String).join('.') : '',
    issue?.message ?? 'is invalid',
  );
}

function assertValidGttAck(value: unknown, where: string): asserts value is GttAck {
  const result = GttAckSchema.safeParse(value);
  if (result.success) return;
  const issue = result.error.issues[0];
  throw new ContractViolationError(
    `GTT ack (from ${where})`,
    issue ? issue.path.map(String).join('.') : '',
    issue?.message ?? 'is invalid',
  );
}

function eachValid<T>(rows: T[], where: string, assert: (row: unknown, where: string) => void): T[] {
  if (!Array.isArray(rows)) throw new ContractViolationError(`result of ${where}`, '', 'is not an array');
  rows.forEach((row, i) => {
    assert(row, `${where}[${i}]`);
  });
  return rows;
}

async function* validRows(rows: AsyncIterable<Instrument>): AsyncIterable<Instrument> {
  let i = 0;
  for await (const row of rows) {
    assertValidInstrument(row, `downloadInstruments row ${i++}`);
    yield row;
  }
}

/**
 * The adapter under test, with every unified object it returns checked by the shared validators, so
 * no check can pass on a malformed order, quote or candle it happened not to look at closely.
 * Streams, margin and close pass through: the suite checks no object they return.
 */
export function validatingAdapter(adapter: BrokerAdapter): BrokerAdapter {
  const wrapped: BrokerAdapter = {
    manifest: adapter.manifest,
    marketStream: () => adapter.marketStream(),
    orderStream: () => adapter.orderStream(),
    getMargin: (legs, options) => adapter.getMargin(legs, options),
    close: () => adapter.close(),
    placeOrder: async (request, options) => {
      const ack = await adapter.placeOrder(request, options);
      assertValidAck(ack, 'placeOrder');
      return ack;
    },
    modifyOrder: async (request, options) => {
      const ack = await adapter.modifyOrder(request, options);
      assertValidAck(ack, 'modifyOrder');
      return ack;
    },
    cancelOrder: async (orderId, options) => {
      const ack = await adapter.cancelOrder(orderId, options);
      assertValidAck(ack, 'cancelOrder');
      return ack;
    },
    getOrders: async (options) => eachValid(await adapter.getOrders(options), 'getOrders', assertValidOrder),
    getOrder: async (orderId, options) => {
      const order = await adapter.getOrder(orderId, options);
      assertValidOrder(order, 'getOrder');
      return order;
    },
    getTrades: async (options) => eachValid(await adapter.getTrades(options), 'getTrades', assertValidTrade),
    getPositions: async (options) =>
      eachValid(await adapter.getPositions(options), 'getPositions', assertValidPosition),
    getHoldings: async (options) =>
      eachValid(await adapter.getHoldings(options), 'getHoldings', assertValidHolding),
    getFunds: async (options) => {
      const funds = await adapter.getFunds(options);
      assertValidFunds(funds, 'getFunds');
      return funds;
    },
    getQuotes: async (instruments, options) =>
      eachValid(await adapter.getQuotes(instruments, options), 'getQuotes', assertValidQuote),
    getDepth: async (instrument, options) => {
      const depth = await adapter.getDepth(instrument, options);
      assertValidDepth(depth, 'getDepth');
      return depth;
    },
    getHistory: async (request, options) => {
      const candles = await adapter.getHistory(request, options);
      assertValidCandles(candles, `getHistory ${request.interval}`);
      return candles;
    },
    downloadInstruments: (options) => validRows(adapter.downloadInstruments(options)),
    placeGtt: async (request, options) => {
      const ack = await adapter.placeGtt(request, options);
      assertValidGttAck(ack, 'placeGtt');
      return ack;
    },
    modifyGtt: async (request, options) => {
      const ack = await adapter.modifyGtt(request, options);
      assertValidGttAck(ack, 'modifyGtt');
      return ack;
    },
    cancelGtt: async (triggerId, options) => {
      const ack = await adapter.cancelGtt(triggerId, options);
      assertValidGttAck(ack, 'cancelGtt');
      return ack;
    },
    getGtts: async (options) => eachValid(await adapter.getGtts(options), 'getGtts', assertValidGtt),
  };
  return wrapped;
}
