import { onlyLoopback } from '@openalgo/testkit/oracle';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FyersDataSocket } from './fyers-sdk.js';
import { type SdkSession, startSdkSession } from './sdk-session.js';
import { SocketEvents } from './socket-events.js';

/**
 * The SDK's HSM data socket against the simulator (brokers.md §3.9). The SDK turns exchange times into
 * a local-time string and parses it back as Asia/Kolkata, so on any other zone the first tick's times
 * are off by the zone's offset (§3.11): this file runs in IST. The socket is a per-process singleton
 * bound to the first token and host, so the whole file shares one simulator and one socket.
 */
process.env.TZ = 'Asia/Kolkata';

onlyLoopback({ beforeAll, afterAll });

const SBIN = 'NSE:SBIN-EQ';
const RELIANCE = 'NSE:RELIANCE-EQ';
const NIFTY = 'NSE:NIFTY50-INDEX';

type Message = Record<string, unknown>;

/** Full-mode `sf` keys the JS SDK emits (OI and 52-week range dropped, circuits forced to 0). */
const FULL_SF_KEYS = [
  'symbol',
  'ltp',
  'vol_traded_today',
  'last_traded_time',
  'exch_feed_time',
  'bid_size',
  'ask_size',
  'bid_price',
  'ask_price',
  'last_traded_qty',
  'tot_buy_qty',
  'tot_sell_qty',
  'avg_trade_price',
  'low_price',
  'high_price',
  'open_price',
  'prev_close_price',
  'ch',
  'chp',
  'type',
  'lower_ckt',
  'upper_ckt',
].sort();
const LITE_SF_KEYS = ['symbol', 'ltp', 'vol_traded_today', 'last_traded_time', 'type'].sort();
const DEPTH_KEYS = [1, 2, 3, 4, 5]
  .flatMap((n) => [
    `bid_price${n}`,
    `ask_price${n}`,
    `bid_size${n}`,
    `ask_size${n}`,
    `bid_order${n}`,
    `ask_order${n}`,
  ])
  .concat(['symbol', 'type'])
  .sort();

let s: SdkSession;
let socket: FyersDataSocket;
const messages = new SocketEvents<Message>();
const errors = new SocketEvents<Message>();

const setPrice = (symbol: string, price: number) =>
  s.sim.backdoor.setPrice({ symbol, exchange: 'NSE' }, price);
const tickOf = (symbol: string, type: string, ltp?: number) => (m: Message) =>
  m.symbol === symbol && m.type === type && (ltp === undefined || m.ltp === ltp);
const ack = (type: string) => (m: Message) => m.type === type && m.s === 'ok';

beforeAll(async () => {
  s = await startSdkSession({ streams: true });
  await setPrice('SBIN', 600);
  // The SDK refuses a token whose JWT `exp` is past by the machine's clock (Date.now, checked once, in
  // the constructor). The simulator runs on a ManualClock in January 2026, so for that one check the
  // SDK is lent the simulator's time: the token is live on the clock that issued it.
  const now = vi.spyOn(Date, 'now').mockReturnValue(s.clock.now());
  try {
    socket = s.sdk.DataSocket.getInstance(`${s.appId}:${s.accessToken}`, undefined, false);
  } finally {
    now.mockRestore();
  }
  const connected = new Promise<void>((resolve) => socket.on('connect', () => resolve()));
  socket.on('message', messages.push);
  socket.on('error', errors.push);
  socket.connect();
  await connected;
});
afterAll(async () => {
  socket?.close();
  await s?.close();
});

describe('the HSM data socket through the SDK', () => {
  it('connects with the token’s hsm_key: the connect ack is {type:"cn", s:"ok"}', async () => {
    expect(await messages.next(ack('cn'), 0)).toMatchObject({ type: 'cn', s: 'ok', code: 200 });
    expect(socket.isConnected()).toBe(true);
  });

  it('symbol updates in full mode: a snapshot tick, then a tick per price change', async () => {
    const from = messages.seen.length;
    await socket.subscribe([SBIN]);
    await messages.next(ack('sub'), from);
    const first = await messages.next(tickOf(SBIN, 'sf', 600), from);
    expect(Object.keys(first).sort()).toEqual(FULL_SF_KEYS);
    expect(first).toMatchObject({ lower_ckt: 0, upper_ckt: 0 });
    expect(first.bid_price as number).toBeLessThanOrEqual(first.ask_price as number);
    const now = Math.floor(s.clock.now() / 1000);
    expect(first.exch_feed_time as number).toBeLessThanOrEqual(now);
    expect(first.exch_feed_time as number).toBeGreaterThan(now - 3_600);
    const before = messages.seen.length;
    await setPrice('SBIN', 612.35);
    const moved = await messages.next(tickOf(SBIN, 'sf', 612.35), before);
    expect(Object.keys(moved).sort()).toEqual(FULL_SF_KEYS);
  });

  it('an index feed is `if`, its own topic (index quotes must not pass as scrips)', async () => {
    const from = messages.seen.length;
    await socket.subscribe([NIFTY]);
    const tick = await messages.next((m) => m.symbol === NIFTY, from);
    expect(tick).toMatchObject({ type: 'if', ltp: expect.any(Number), prev_close_price: expect.any(Number) });
  });

  it('depth updates: `dp` ticks with five levels a side', async () => {
    const from = messages.seen.length;
    await socket.subscribe([SBIN], true);
    const depth = await messages.next(tickOf(SBIN, 'dp'), from);
    expect(Object.keys(depth).sort()).toEqual(DEPTH_KEYS);
    expect(depth.bid_price1 as number).toBeLessThan(depth.ask_price1 as number);
    const before = messages.seen.length;
    await setPrice('SBIN', 615);
    const moved = await messages.next(
      (m) => m.symbol === SBIN && m.type === 'dp' && m.bid_price1 !== depth.bid_price1,
      before,
    );
    expect(moved.bid_price1 as number).toBeLessThan(moved.ask_price1 as number);
  });

  it('lite mode: the ack, then LTP-only ticks; back to full mode (its ack is mislabelled `lit`)', async () => {
    let from = messages.seen.length;
    socket.mode(socket.LiteMode);
    await messages.next(ack('lit'), from);
    await setPrice('SBIN', 620.5);
    const lite = await messages.next(tickOf(SBIN, 'sf', 620.5), from);
    expect(Object.keys(lite).sort()).toEqual(LITE_SF_KEYS);
    from = messages.seen.length;
    socket.mode(socket.FullMode);
    await messages.next(ack('lit'), from);
    await setPrice('SBIN', 621);
    const full = await messages.next(tickOf(SBIN, 'sf', 621), from);
    expect(Object.keys(full).sort()).toEqual(FULL_SF_KEYS);
  });

  it('unsubscribe: the ack, and no SBIN tick after it', async () => {
    const from = messages.seen.length;
    await socket.unsubscribe([SBIN]);
    await messages.next(ack('unsub'), from);
    const after = messages.seen.length;
    await setPrice('SBIN', 630);
    // One socket keeps order: RELIANCE's snapshot comes after any SBIN tick the price change caused.
    await socket.subscribe([RELIANCE]);
    await messages.next(tickOf(RELIANCE, 'sf'), after);
    expect(messages.since(after, (m) => m.symbol === SBIN && m.type === 'sf')).toEqual([]);
  });

  it('reported no error on the way', () => {
    expect(errors.seen).toEqual([]);
  });
});
