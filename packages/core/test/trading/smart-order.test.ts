import { describe, expect, it } from 'vitest';
import {
  BrokerUnavailableError,
  InsufficientFundsError,
  isOpenAlgoError,
} from '../../src/errors/openalgo-error.js';
import type { TaggedOrderRequest } from '../../src/model/order.js';
import { POSITIONS_MATCHED_MESSAGE, type SmartOrderRequestInput } from '../../src/trading/smart-order.js';
import { capture, createHarness, deferred, settle } from './helpers.js';

const SBIN_TO_100: SmartOrderRequestInput = {
  symbol: 'SBIN',
  exchange: 'NSE',
  product: 'MIS',
  action: 'BUY',
  quantity: 100,
  positionSize: 100,
};

const placed = (adapter: { callsTo(m: 'placeOrder'): Array<{ args: readonly unknown[] }> }) =>
  adapter.callsTo('placeOrder').map((c) => {
    const r = c.args[0] as TaggedOrderRequest;
    return `${r.action} ${r.quantity} ${r.exchange}:${r.symbol}:${r.product}`;
  });

describe('placeSmartOrder', () => {
  it('moves the position to the target with one order for the difference', async () => {
    const { adapter, service } = createHarness();
    adapter.seedPosition({ symbol: 'SBIN', exchange: 'NSE', product: 'MIS', quantity: -100 });
    const result = await service.placeSmartOrder({ ...SBIN_TO_100, action: 'SELL', quantity: 1 });
    expect(result).toMatchObject({
      action: 'BUY',
      quantity: 200,
      currentQuantity: -100,
      targetQuantity: 100,
    });
    expect(result.action !== 'none' && result.orderId).toBe(adapter.orders()[0]?.orderId);
    expect(await service.openPosition({ symbol: 'SBIN', exchange: 'NSE', product: 'MIS' })).toBe(100);
  });

  it('answers "Positions Already Matched" and places nothing when at target', async () => {
    const { adapter, service } = createHarness();
    adapter.seedPosition({ symbol: 'SBIN', exchange: 'NSE', product: 'MIS', quantity: 100 });
    const result = await service.placeSmartOrder(SBIN_TO_100);
    expect(result).toEqual({
      action: 'none',
      message: 'Positions Already Matched. No Action needed.',
      currentQuantity: 100,
      targetQuantity: 100,
    });
    expect(adapter.callsTo('placeOrder')).toHaveLength(0);
  });

  it('accepts quantity 0 (flat to flat: nothing to do)', async () => {
    const { adapter, service } = createHarness();
    const result = await service.placeSmartOrder({ ...SBIN_TO_100, quantity: 0, positionSize: 0 });
    expect(result.action).toBe('none');
    expect(adapter.callsTo('placeOrder')).toHaveLength(0);
  });

  it('reads only the position of the same symbol, exchange and product', async () => {
    const { adapter, service } = createHarness();
    adapter.seedPosition({ symbol: 'SBIN', exchange: 'NSE', product: 'CNC', quantity: 40 });
    adapter.seedPosition({ symbol: 'SBIN', exchange: 'BSE', product: 'MIS', quantity: 70 });
    adapter.seedPosition({ symbol: 'SBIN', exchange: 'NSE', product: 'MIS', quantity: 10 });
    await service.placeSmartOrder({ ...SBIN_TO_100, product: 'CNC' });
    await service.placeSmartOrder({ ...SBIN_TO_100, positionSize: 10 });
    expect(placed(adapter)).toEqual(['BUY 60 NSE:SBIN:CNC']);
  });

  it('passes price type, price and product through to the order', async () => {
    const { adapter, service } = createHarness();
    await service.placeSmartOrder({ ...SBIN_TO_100, priceType: 'LIMIT', price: 812.5, product: 'CNC' });
    expect(adapter.orders()[0]).toMatchObject({
      priceType: 'LIMIT',
      price: 812.5,
      product: 'CNC',
      quantity: 100,
    });
  });

  it.each([
    ['positionSize', { ...SBIN_TO_100, positionSize: undefined }],
    ['positionSize', { ...SBIN_TO_100, positionSize: 2.5 }],
    ['quantity', { ...SBIN_TO_100, quantity: -1 }],
    ['price', { ...SBIN_TO_100, priceType: 'LIMIT' }],
  ])('rejects a bad %s before reading positions', async (field, request) => {
    const { adapter, service } = createHarness();
    const outcome = await capture(service.placeSmartOrder(request as SmartOrderRequestInput));
    expect(!outcome.ok && isOpenAlgoError(outcome.error, 'INVALID_REQUEST') && outcome.error.field).toBe(
      field,
    );
    expect(adapter.calls).toEqual([]);
  });

  it('refuses index exchanges before reading positions', async () => {
    const { adapter, service } = createHarness();
    const outcome = await capture(
      service.placeSmartOrder({ ...SBIN_TO_100, symbol: 'NIFTY', exchange: 'NSE_INDEX' }),
    );
    expect(!outcome.ok && isOpenAlgoError(outcome.error, 'INVALID_ORDER')).toBe(true);
    expect(adapter.calls).toEqual([]);
  });

  it('places nothing when the position book cannot be read', async () => {
    const { adapter, service } = createHarness();
    const down = new BrokerUnavailableError('positions down');
    adapter.failNext('getPositions', down);
    const outcome = await capture(service.placeSmartOrder(SBIN_TO_100));
    expect(!outcome.ok && outcome.error).toBe(down);
    expect(adapter.callsTo('placeOrder')).toHaveLength(0);
  });
});

describe('placeSmartOrder: per-instrument lock', () => {
  it('two identical signals at once → exactly one BUY 100; the second sees the new position', async () => {
    const { adapter, service } = createHarness();
    const gate = deferred();
    adapter.delayNext('getPositions', gate.promise);
    const first = service.placeSmartOrder(SBIN_TO_100);
    const second = service.placeSmartOrder(SBIN_TO_100);
    await settle();
    // While the first holds the lock, the second has not even read the positions.
    expect(adapter.callsTo('getPositions')).toHaveLength(1);
    gate.resolve();
    const [a, b] = await Promise.all([first, second]);
    expect(a).toMatchObject({ action: 'BUY', quantity: 100, currentQuantity: 0 });
    expect(b).toEqual({
      action: 'none',
      message: POSITIONS_MATCHED_MESSAGE,
      currentQuantity: 100,
      targetQuantity: 100,
    });
    expect(placed(adapter)).toEqual(['BUY 100 NSE:SBIN:MIS']);
    expect(adapter.calls.map((c) => c.method)).toEqual(['getPositions', 'placeOrder', 'getPositions']);
    expect(service.context.smartOrderLocks.size).toBe(0);
  });

  it('a burst of five opposite signals is applied in call order', async () => {
    const { adapter, service } = createHarness();
    const targets = [100, -50, 0, 25, 25];
    const results = await Promise.all(
      targets.map((positionSize) => service.placeSmartOrder({ ...SBIN_TO_100, positionSize })),
    );
    expect(results.map((r) => r.action)).toEqual(['BUY', 'SELL', 'BUY', 'BUY', 'none']);
    expect(placed(adapter)).toEqual([
      'BUY 100 NSE:SBIN:MIS',
      'SELL 150 NSE:SBIN:MIS',
      'BUY 50 NSE:SBIN:MIS',
      'BUY 25 NSE:SBIN:MIS',
    ]);
    expect(await service.openPosition({ symbol: 'SBIN', exchange: 'NSE', product: 'MIS' })).toBe(25);
  });

  it('different instruments do not wait for each other', async () => {
    const { adapter, service } = createHarness();
    const gate = deferred();
    adapter.delayNext('getPositions', gate.promise);
    const sbin = service.placeSmartOrder(SBIN_TO_100);
    const infy = await service.placeSmartOrder({ ...SBIN_TO_100, symbol: 'INFY' });
    expect(infy).toMatchObject({ action: 'BUY', quantity: 100 });
    expect(placed(adapter)).toEqual(['BUY 100 NSE:INFY:MIS']);
    expect(service.context.smartOrderLocks.isLocked('NSE:SBIN:MIS')).toBe(true);
    gate.resolve();
    await sbin;
    expect(placed(adapter)).toEqual(['BUY 100 NSE:INFY:MIS', 'BUY 100 NSE:SBIN:MIS']);
  });

  it('the same symbol under another product is another key', async () => {
    const { adapter, service } = createHarness();
    const gate = deferred();
    adapter.delayNext('getPositions', gate.promise);
    const mis = service.placeSmartOrder(SBIN_TO_100);
    await service.placeSmartOrder({ ...SBIN_TO_100, product: 'CNC' });
    expect(placed(adapter)).toEqual(['BUY 100 NSE:SBIN:CNC']);
    gate.resolve();
    await mis;
  });

  it('a failed order releases the lock for the next signal', async () => {
    const { adapter, service } = createHarness();
    const funds = new InsufficientFundsError('margin');
    adapter.failNext('placeOrder', funds);
    const first = capture(service.placeSmartOrder(SBIN_TO_100));
    const second = service.placeSmartOrder(SBIN_TO_100);
    const outcome = await first;
    expect(!outcome.ok && outcome.error).toBe(funds);
    expect(await second).toMatchObject({ action: 'BUY', quantity: 100 });
    expect(service.context.smartOrderLocks.size).toBe(0);
  });
});
