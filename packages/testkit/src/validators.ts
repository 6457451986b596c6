import {
  type Candle,
  CandleSchema,
  DERIVATIVE_EXCHANGES,
  type Depth,
  type DepthLevel,
  DepthSchema,
  type Funds,
  FundsSchema,
  type Gtt,
  GttSchema,
  type Holding,
  HoldingSchema,
  type Instrument,
  instrumentRowProblem,
  type Order,
  OrderSchema,
  type Position,
  PositionSchema,
  PRICE_TYPE_RULES,
  type Quote,
  QuoteSchema,
  type Trade,
  TradeSchema,
} from '@openalgo/core';
import type { z } from 'zod';

/** A unified object that breaks the contract. `field` is the dotted path of the offending field. */
export class ContractViolationError extends Error {
  readonly object: string;
  readonly field: string;

  constructor(object: string, field: string, problem: string) {
    super(`${object}: ${field ? `${field} ` : ''}${problem}`);
    this.name = 'ContractViolationError';
    this.object = object;
    this.field = field;
  }
}

function describeObject(kind: string, value: unknown, idKeys: readonly string[], where?: string): string {
  const record = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const parts = idKeys.map((key) => record[key]).filter((part) => part !== undefined && part !== '');
  const name = parts.length > 0 ? `${kind} ${parts.map(String).join(' ')}` : kind;
  return where ? `${name} (from ${where})` : name;
}

function parse<S extends z.ZodType>(schema: S, value: unknown, object: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue ? issue.path.map(String).join('.') : '';
  throw new ContractViolationError(object, field, issue ? issue.message : 'is invalid');
}

function check(condition: boolean, object: string, field: string, problem: string): void {
  if (!condition) throw new ContractViolationError(object, field, problem);
}

/** Epoch seconds between 2000 and 2100: catches milliseconds passed as seconds and vice versa. */
const MIN_EPOCH_S = 946_684_800;
const MAX_EPOCH_S = 4_102_444_800;

export function assertValidOrder(value: unknown, where?: string): asserts value is Order {
  const name = describeObject('order', value, ['orderId', 'symbol', 'exchange'], where);
  const order = parse(OrderSchema, value, name);
  check(
    order.filledQuantity + order.pendingQuantity <= order.quantity,
    name,
    'filledQuantity + pendingQuantity',
    `(${order.filledQuantity} + ${order.pendingQuantity}) exceeds quantity ${order.quantity}`,
  );
  if (order.status === 'complete') {
    check(
      order.filledQuantity === order.quantity,
      name,
      'filledQuantity',
      `is ${order.filledQuantity} but a complete order filled all ${order.quantity}`,
    );
  }
  if (order.filledQuantity > 0) {
    check(order.averagePrice > 0, name, 'averagePrice', 'is 0 although the order has fills');
  }
  // Core's price-rule table: the same rules the order request was checked against on the way in.
  const rule = PRICE_TYPE_RULES[order.priceType];
  if (rule.needsPrice) {
    check(order.price > 0, name, 'price', `is 0 on a ${order.priceType} order`);
  }
  if (rule.needsTrigger) {
    check(order.triggerPrice > 0, name, 'triggerPrice', `is 0 on a ${order.priceType} order`);
  }
}

export function assertValidTrade(value: unknown, where?: string): asserts value is Trade {
  const name = describeObject('trade', value, ['tradeId', 'orderId', 'symbol'], where);
  const trade = parse(TradeSchema, value, name);
  check(trade.price > 0, name, 'price', 'is 0: a trade happens at a price');
  check(trade.tradeValue > 0, name, 'tradeValue', `is ${trade.tradeValue}: a fill has a positive value`);
}

export function assertValidPosition(value: unknown, where?: string): asserts value is Position {
  const name = describeObject('position', value, ['symbol', 'exchange', 'product'], where);
  const position = parse(PositionSchema, value, name);
  if (position.buyQuantity !== undefined && position.sellQuantity !== undefined) {
    const net = position.buyQuantity - position.sellQuantity;
    check(
      net === position.quantity,
      name,
      'quantity',
      `is ${position.quantity} but buyQuantity − sellQuantity is ${net}`,
    );
  }
  if (position.quantity !== 0) {
    check(position.averagePrice > 0, name, 'averagePrice', 'is 0 on an open position');
  }
}

export function assertValidHolding(value: unknown, where?: string): asserts value is Holding {
  const name = describeObject('holding', value, ['symbol', 'exchange'], where);
  const holding = parse(HoldingSchema, value, name);
  if (holding.t1Quantity !== undefined) {
    check(
      holding.t1Quantity <= holding.quantity,
      name,
      't1Quantity',
      `(${holding.t1Quantity}) exceeds quantity ${holding.quantity}`,
    );
  }
}

export function assertValidFunds(value: unknown, where?: string): asserts value is Funds {
  const name = describeObject('funds', value, [], where);
  const funds = parse(FundsSchema, value, name);
  check(funds.utilisedDebits >= 0, name, 'utilisedDebits', `is negative (${funds.utilisedDebits})`);
  check(funds.collateral >= 0, name, 'collateral', `is negative (${funds.collateral})`);
}

export function assertValidQuote(value: unknown, where?: string): asserts value is Quote {
  const name = describeObject('quote', value, ['symbol', 'exchange'], where);
  const quote = parse(QuoteSchema, value, name);
  if (quote.bid > 0 && quote.ask > 0) {
    check(quote.bid <= quote.ask, name, 'bid', `(${quote.bid}) is above ask (${quote.ask})`);
  }
  if (quote.low > 0 && quote.high > 0) {
    check(quote.low <= quote.high, name, 'low', `(${quote.low}) is above high (${quote.high})`);
  }
}

/** Empty padding levels (price 0) may only trail the real ones. */
function checkLevels(levels: readonly DepthLevel[], side: 'bids' | 'asks', name: string): void {
  let seenEmpty = false;
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i] as DepthLevel;
    if (level.price === 0) {
      seenEmpty = true;
      continue;
    }
    check(!seenEmpty, name, `${side}.${i}`, 'is a priced level after an empty one');
    const previous = i > 0 ? levels[i - 1] : undefined;
    if (previous === undefined || previous.price === 0) continue;
    const sorted = side === 'bids' ? previous.price >= level.price : previous.price <= level.price;
    check(
      sorted,
      name,
      `${side}.${i}.price`,
      `(${level.price}) is out of order after ${previous.price}: ${side} must be best first`,
    );
  }
}

export function assertValidDepth(value: unknown, where?: string): asserts value is Depth {
  const name = describeObject('depth', value, ['symbol', 'exchange'], where);
  const depth = parse(DepthSchema, value, name);
  checkLevels(depth.bids, 'bids', name);
  checkLevels(depth.asks, 'asks', name);
  const bestBid = depth.bids[0]?.price ?? 0;
  const bestAsk = depth.asks[0]?.price ?? 0;
  if (bestBid > 0 && bestAsk > 0) {
    check(bestBid <= bestAsk, name, 'bids.0.price', `(${bestBid}) is above the best ask (${bestAsk})`);
  }
}

export function assertValidCandle(value: unknown, where?: string): asserts value is Candle {
  const name = describeObject('candle', value, ['timestamp'], where);
  const candle = parse(CandleSchema, value, name);
  check(
    candle.timestamp >= MIN_EPOCH_S && candle.timestamp <= MAX_EPOCH_S,
    name,
    'timestamp',
    `(${candle.timestamp}) is not epoch seconds between 2000 and 2100`,
  );
  check(candle.low <= candle.high, name, 'low', `(${candle.low}) is above high (${candle.high})`);
  for (const field of ['open', 'close'] as const) {
    const price = candle[field];
    check(
      candle.low <= price && price <= candle.high,
      name,
      field,
      `(${price}) lies outside low..high (${candle.low}..${candle.high})`,
    );
  }
}

/** Each candle valid, timestamps strictly rising (sorted, no duplicates). */
export function assertValidCandles(values: readonly unknown[], where?: string): asserts values is Candle[] {
  if (!Array.isArray(values)) {
    throw new ContractViolationError(where ? `candles (from ${where})` : 'candles', '', 'is not an array');
  }
  let previous: number | undefined;
  values.forEach((value, i) => {
    assertValidCandle(value, where ? `${where}[${i}]` : `candles[${i}]`);
    if (previous !== undefined) {
      check(
        value.timestamp > previous,
        describeObject('candle', value, ['timestamp'], where),
        'timestamp',
        `is not after the previous candle's (${previous}): candles must be sorted oldest first without duplicates`,
      );
    }
    previous = value.timestamp;
  });
}

export function assertValidInstrument(value: unknown, where?: string): asserts value is Instrument {
  const name = describeObject('instrument', value, ['symbol', 'exchange'], where);
  const problem = instrumentRowProblem(value as Instrument);
  if (problem !== undefined) throw new ContractViolationError(name, '', problem);
  const row = value as Instrument;
  const derivative = DERIVATIVE_EXCHANGES.has(row.exchange);
  check(
    derivative ? row.expiry !== '' : row.expiry === '',
    name,
    'expiry',
    derivative ? 'is empty on a derivative' : `(${row.expiry}) is set on a non-derivative`,
  );
  if (derivative) check(row.lotSize > 0, name, 'lotSize', 'is 0 on a derivative');
}

/** A GTT row: the unified schema, and as many triggers and legs as its type has. */
export function assertValidGtt(value: unknown, where?: string): asserts value is Gtt {
  const name = describeObject('GTT', value, ['triggerId', 'symbol', 'exchange'], where);
  const gtt = parse(GttSchema, value, name);
  const count = gtt.type === 'single' ? 1 : 2;
  check(
    gtt.triggerPrices.length === count,
    name,
    'triggerPrices',
    `has ${gtt.triggerPrices.length} prices; a ${gtt.type} GTT has ${count}`,
  );
  check(
    gtt.legs.length === count,
    name,
    'legs',
    `has ${gtt.legs.length} legs; a ${gtt.type} GTT has ${count}`,
  );
  const [low, high] = gtt.triggerPrices;
  if (gtt.type === 'oco' && low !== undefined && high !== undefined) {
    check(low < high, name, 'triggerPrices', `stop-loss ${low} is not below target ${high}`);
  }
}
