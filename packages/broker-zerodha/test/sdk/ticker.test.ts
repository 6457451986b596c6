import { onlyLoopback } from '@openalgo/testkit/oracle';
import { type Connect, KiteTicker, type Ticker } from 'kiteconnect';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type SdkSession, startSdkSession } from './sdk-session.js';
import { TickerEvents } from './ticker-events.js';

onlyLoopback({ beforeAll, afterAll });

/**
 * One simulator and one KiteTicker for the file: the SDK's ticker state is module-wide, so the
 * checks run in order on one connection and end by closing it.
 */
let s: SdkSession;
let ticker: Ticker;
let events: TickerEvents;
let sbin: number;
let nifty: number;
let fut: number;

const tickerFor = (accessToken: string) =>
  // `root` is honoured by the SDK's JS but missing from its 5.3.0 typings.
  new KiteTicker({
    api_key: s.apiKey,
    access_token: accessToken,
    root: s.sim.wsUrl,
    reconnect: false,
  } as never);

beforeAll(async () => {
  // The SDK's 5 s read watchdog is a real setInterval: faked (and never advanced) so a busy machine
  // cannot close the socket between two steps. Silence is tested on the simulator's clock instead.
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
  s = await startSdkSession();
  s.sim.backdoor.setPrice('NSE:SBIN', 800);
  s.sim.backdoor.setPrice('NFO:NIFTY26JANFUT', 23_000);
  sbin = s.sim.master.get('NSE', 'SBIN')?.instrumentToken as number;
  nifty = s.sim.master.get('NSE', 'NIFTY 50')?.instrumentToken as number;
  fut = s.sim.master.get('NFO', 'NIFTY26JANFUT')?.instrumentToken as number;
  ticker = tickerFor(s.accessToken);
  events = new TickerEvents(ticker);
  ticker.connect();
  await events.next('connect');
});
afterAll(async () => {
  ticker.disconnect();
  vi.useRealTimers();
  await s.close();
});

const of = (token: number, mode: string) => (t: { instrument_token: number; mode: string }) =>
  t.instrument_token === token && t.mode === mode;

describe('KiteTicker against the simulator', () => {
  it('streams ltp, quote and full ticks for a subscription, each mode answered at once', async () => {
    ticker.subscribe([sbin]);
    ticker.setMode(ticker.modeLTP, [sbin]);
    expect(await events.tick(of(sbin, 'ltp'))).toEqual({
      tradable: true,
      mode: 'ltp',
      instrument_token: sbin,
      last_price: 800,
    });

    const quote = (await s.kc.getQuote('NSE:SBIN'))['NSE:SBIN'];
    ticker.setMode(ticker.modeQuote, [sbin]);
    expect(await events.tick(of(sbin, 'quote'))).toMatchObject({
      tradable: true,
      last_price: 800,
      ohlc: quote?.ohlc,
      volume_traded: quote?.volume,
      total_buy_quantity: quote?.buy_quantity,
      total_sell_quantity: quote?.sell_quantity,
    });

    ticker.setMode(ticker.modeFull, [sbin]);
    const full = await events.tick(of(sbin, 'full'));
    const depth = full.depth as { buy: Array<{ price: number }>; sell: Array<{ price: number }> };
    expect([depth.buy.length, depth.sell.length]).toEqual([5, 5]);
    expect([depth.buy[0]?.price, depth.sell[0]?.price]).toEqual([799.95, 800.05]);
    const stamp = (full.exchange_timestamp as Date).getTime();
    expect(stamp).toBeLessThanOrEqual(s.clock.now());
    expect(stamp).toBeGreaterThan(s.clock.now() - 60_000);
    expect(full.last_trade_time).toBeInstanceOf(Date);
  });

  it('sends a new tick when the simulator’s clock moves the price', async () => {
    s.sim.backdoor.setPrice('NSE:SBIN', 801.5);
    await s.clock.advance(1_000);
    expect((await events.tick((t) => t.instrument_token === sbin && t.last_price === 801.5)).mode).toBe(
      'full',
    );
  });

  it('decodes an index in full mode as the 32-byte, non-tradable packet', async () => {
    ticker.subscribe([nifty]);
    ticker.setMode(ticker.modeFull, [nifty]);
    const tick = await events.tick(of(nifty, 'full'));
    const ltp = (await s.kc.getLTP(['NSE:NIFTY 50']))['NSE:NIFTY 50']?.last_price;
    expect(tick).toMatchObject({ tradable: false, last_price: ltp });
    expect(tick.exchange_timestamp).toBeInstanceOf(Date);
    expect(tick).not.toHaveProperty('depth');
  });

  it('stops an instrument’s ticks after unsubscribe', async () => {
    ticker.unsubscribe([sbin, nifty]);
    ticker.subscribe([fut]);
    ticker.setMode(ticker.modeLTP, [fut]);
    await events.tick(of(fut, 'ltp'));
    events.clear();
    await s.clock.advance(1_000);
    s.sim.backdoor.setPrice('NFO:NIFTY26JANFUT', 23_001);
    await events.tick((t) => t.instrument_token === fut && t.last_price === 23_001);
    expect(events.pending().filter((e) => e.kind === 'tick' && e.tick.instrument_token !== fut)).toEqual([]);
  });

  it('delivers order updates whose postback checksum the SDK validates with the api secret', async () => {
    events.clear();
    const { order_id } = await s.kc.placeOrder('regular', {
      exchange: 'NSE',
      tradingsymbol: 'SBIN',
      transaction_type: 'BUY',
      order_type: 'MARKET',
      product: 'MIS',
      quantity: 3,
      tag: 'tick1',
      market_protection: -1,
    } as Parameters<Connect['placeOrder']>[1]);
    const done = await events.order((u) => u.order_id === order_id && u.status === 'COMPLETE');
    expect(done).toMatchObject({
      tradingsymbol: 'SBIN',
      quantity: 3,
      filled_quantity: 3,
      unfilled_quantity: 0,
      tag: 'tick1',
      user_id: 'ZS0042',
    });
    // Bought at the ask, a tick over 801.5. Closeness, not equality: the sandbox averages fills as
    // notional ÷ quantity, which leaves float noise (801.5499999999998) where Kite prints 801.55.
    expect(done.average_price).toBeCloseTo(801.55, 6);
    const updates = events
      .pending()
      .flatMap((e) => (e.kind === 'order' && e.update.order_id === order_id ? [e.update] : []));
    for (const update of [...updates, done]) {
      const postback = update as unknown as Parameters<Connect['validatePostback']>[0];
      expect(s.kc.validatePostback(postback, s.apiSecret)).toBe(true);
      expect(s.kc.validatePostback(postback, 'another-secret')).toBe(false);
      expect(
        s.kc.validatePostback({ ...postback, order_timestamp: '2026-01-05 09:30:01' }, s.apiSecret),
      ).toBe(false);
    }
    expect(updates.map((u) => u.status)).toContain('OPEN');
  });

  it('closes the feed when the session expires (seen at the next heartbeat, on the simulator’s clock)', async () => {
    s.sim.backdoor.expireSession();
    await s.clock.advance(1_000);
    expect((await events.next('close')).code).toBe(1000);
    expect(ticker.connected()).toBe(false);
  });

  it('is refused at the handshake with a dead access token', async () => {
    const refused = tickerFor(s.accessToken);
    refused.connect();
    const { error } = await events.next('error');
    expect(String((error as { message?: unknown }).message)).toContain('403');
  });
});
