import { describe, expect, it } from 'vitest';
import { deliveryModes, marketDataPayload } from '../../src/ws/index.js';
import { type ModeNumber, ModeSet } from '../../src/ws/modes.js';
import { eventually, marketData } from './client.js';
import { depthTick, ltpTick, quoteTick } from './fakes.js';
import { startFeed } from './setup.js';

describe('market_data payloads (unit)', () => {
  const tick = depthTick('SBIN', 'NSE', 801.25, 2);

  it('LTP carries the price and times only', () => {
    expect(marketDataPayload(tick, 1, 5)).toEqual({
      symbol: 'SBIN',
      exchange: 'NSE',
      mode: 1,
      ltp: 801.25,
      ltt: tick.timestamp,
      timestamp: tick.timestamp,
    });
  });

  it('Quote adds the day’s numbers under OpenAlgo’s names (and the SDK’s aliases)', () => {
    expect(marketDataPayload(tick, 2, 5)).toEqual({
      symbol: 'SBIN',
      exchange: 'NSE',
      mode: 2,
      ltp: 801.25,
      ltt: tick.timestamp,
      timestamp: tick.timestamp,
      volume: 12345,
      last_quantity: 7,
      average_price: 800.75,
      total_buy_quantity: 900,
      total_sell_quantity: 1100,
      open: 798.25,
      high: 805.25,
      low: 796.25,
      close: 799.25,
      oi: 0,
      change: 2,
      change_percent: 0.25,
      last_trade_quantity: 7,
      avg_trade_price: 800.75,
    });
  });

  it('Depth adds the book, cut or zero-padded to the requested levels', () => {
    const padded = marketDataPayload(tick, 3, 4).depth as { buy: unknown[]; sell: unknown[] };
    expect(padded.buy).toEqual([
      { price: tick.bids?.[0]?.price, quantity: 10, orders: 1 },
      { price: tick.bids?.[1]?.price, quantity: 20, orders: 2 },
      { price: 0, quantity: 0, orders: 0 },
      { price: 0, quantity: 0, orders: 0 },
    ]);
    expect(padded.sell).toHaveLength(4);
    expect(padded.sell[1]).toEqual({ price: tick.asks?.[1]?.price, quantity: 40, orders: 3 });
    const cut = marketDataPayload(tick, 3, 1).depth as { buy: unknown[]; sell: unknown[] };
    expect(cut.buy).toHaveLength(1);
    expect(cut.sell).toEqual([{ price: tick.asks?.[0]?.price, quantity: 20, orders: 2 }]);
  });

  it('fills what a poorer tick lacks with zeros, never undefined', () => {
    const data = marketDataPayload(ltpTick('SBIN', 'NSE', 10), 2, 5);
    expect(Object.values(data).every((v) => v !== undefined)).toBe(true);
    expect(data).toMatchObject({ volume: 0, close: 0, change: 0, change_percent: 0 });
  });

  it('delivers every wanted mode the tick can fill, a richer one in the tick’s own mode, once each', () => {
    expect(deliveryModes(3, bits([1]))).toEqual([1]);
    expect(deliveryModes(3, bits([1, 2]))).toEqual([1, 2]);
    expect(deliveryModes(3, bits([3, 1, 2]))).toEqual([1, 2, 3]);
    expect(deliveryModes(2, bits([1, 3]))).toEqual([1, 2]);
    expect(deliveryModes(2, bits([2, 3]))).toEqual([2]);
    expect(deliveryModes(2, bits([3]))).toEqual([2]);
    expect(deliveryModes(1, bits([2, 3]))).toEqual([1]);
    expect(deliveryModes(1, bits([]))).toEqual([]);
  });
});

describe('ModeSet', () => {
  it('holds modes as bits: add, delete, size, the richest, in order', () => {
    const set = new ModeSet();
    expect([set.size, set.highest, [...set]]).toEqual([0, 0, []]);
    set.add(3);
    set.add(1);
    set.add(3);
    expect([set.size, set.highest, [...set], set.has(2)]).toEqual([2, 3, [1, 3], false]);
    set.delete(3);
    expect([set.size, set.highest, [...set]]).toEqual([1, 1, [1]]);
  });
});

/** A ModeSet's bits for `modes`. */
function bits(modes: ModeNumber[]): number {
  const set = new ModeSet();
  for (const mode of modes) set.add(mode);
  return set.bits;
}

describe('market_data delivery over sockets', () => {
  it('delivers each mode in its own shape from one upstream depth subscription', async () => {
    const f = await startFeed();
    const ltp = await f.client();
    const quote = await f.client();
    const depth = await f.client();
    await ltp.subscribe({ symbol: 'SBIN', exchange: 'NSE', mode: 1 });
    await quote.subscribe({ symbol: 'SBIN', exchange: 'NSE', mode: 2 });
    await depth.subscribe({ symbol: 'SBIN', exchange: 'NSE', mode: 3, depth: 20 });
    expect(f.adapter.stream.calls).toEqual([
      { op: 'subscribe', refs: ['NSE:SBIN'], mode: 'ltp' },
      { op: 'subscribe', refs: ['NSE:SBIN'], mode: 'quote' },
      { op: 'subscribe', refs: ['NSE:SBIN'], mode: 'depth' },
    ]);
    const tick = depthTick('SBIN', 'NSE', 802.5);
    f.adapter.stream.emit(tick);

    const envelope = { type: 'market_data', symbol: 'SBIN', exchange: 'NSE', broker: 'fakebroker' };
    expect(await ltp.next(marketData)).toEqual({ ...envelope, mode: 1, data: marketDataPayload(tick, 1, 5) });
    expect(await quote.next(marketData)).toEqual({
      ...envelope,
      mode: 2,
      data: marketDataPayload(tick, 2, 5),
    });
    const book = await depth.next(marketData);
    expect(book).toEqual({ ...envelope, mode: 3, data: marketDataPayload(tick, 3, 20) });
    expect((book.data as { depth: { buy: unknown[] } }).depth.buy).toHaveLength(20);
  });

  it('sends only what was subscribed: other instruments and other accounts stay silent', async () => {
    const f = await startFeed();
    const client = await f.client();
    await client.subscribe({ symbol: 'SBIN', exchange: 'NSE', mode: 1 });
    f.adapter.stream.emit(ltpTick('INFY', 'NSE', 1500));
    f.adapter.stream.emit(ltpTick('SBIN', 'BSE', 801));
    f.adapter.stream.emit(ltpTick('SBIN', 'NSE', 800));
    const got = (await client.drain()).filter(marketData);
    expect(got.map((m) => [m.symbol, m.exchange, (m.data as { ltp: number }).ltp])).toEqual([
      ['SBIN', 'NSE', 800],
    ]);
  });

  it('sends a poorer tick in its own mode to a richer subscriber', async () => {
    const f = await startFeed();
    const client = await f.client();
    await client.subscribe({ symbol: 'NIFTY', exchange: 'NSE_INDEX', mode: 3 });
    const tick = quoteTick('NIFTY', 'NSE_INDEX', 25000);
    f.adapter.stream.emit(tick);
    const message = await client.next(marketData);
    expect(message.mode).toBe(2);
    expect(message.data).toEqual(marketDataPayload(tick, 2, 5));
  });

  it('a client holding two modes of one instrument gets the tick in each of them', async () => {
    const f = await startFeed();
    const client = await f.client();
    await client.subscribe({ symbol: 'SBIN', exchange: 'NSE', mode: 1 });
    await client.subscribe({ symbol: 'SBIN', exchange: 'NSE', mode: 3 });
    f.adapter.stream.emit(depthTick('SBIN', 'NSE', 800));
    expect((await client.drain()).filter(marketData).map((m) => m.mode)).toEqual([1, 3]);
    await client.unsubscribe({ symbol: 'SBIN', exchange: 'NSE', mode: 3 });
    // Downgraded upstream: the adapter now sends LTP ticks, which this client still wants.
    expect(f.adapter.stream.calls.at(-1)).toEqual({ op: 'subscribe', refs: ['NSE:SBIN'], mode: 'ltp' });
    f.adapter.stream.emit(ltpTick('SBIN', 'NSE', 801));
    expect((await client.drain()).filter(marketData).map((m) => m.mode)).toEqual([1]);
  });

  it('sends the subscribe reply before a tick that arrived while the upstream was subscribing', async () => {
    const f = await startFeed();
    const first = await f.client();
    await first.subscribe({ symbol: 'INFY', exchange: 'NSE' }); // opens the stream
    let release = () => {};
    f.adapter.stream.gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const client = await f.client();
    client.send({ action: 'subscribe', symbol: 'SBIN', exchange: 'NSE', mode: 1 });
    await eventually(() => f.adapter.stream.calls.length === 2, 'the gated upstream subscribe');
    f.adapter.stream.emit(ltpTick('SBIN', 'NSE', 799));
    f.adapter.stream.emit(ltpTick('SBIN', 'NSE', 800)); // only the latest is kept while waiting
    release();
    const messages = await client.until(marketData);
    expect(messages.map((m) => m.type)).toEqual(['subscribe', 'market_data']);
    expect(messages[1]?.data).toMatchObject({ ltp: 800 });
  });
});
