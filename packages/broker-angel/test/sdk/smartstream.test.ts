import { onlyLoopback } from '@openalgo/testkit/oracle';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type SdkSession, startSdkSession } from './sdk-session.js';
import type { SdkTick, WebSocketV2 } from './sdk-types.js';
import { FrameQueue } from './socket-events.js';

onlyLoopback({ beforeAll, afterAll });

/**
 * One simulator and one WebSocketV2 for the file: the SDK's tick callbacks are module-wide, so the
 * checks run in order on one connection and end by closing it.
 */
let s: SdkSession;
let socket: WebSocketV2;
let frames: FrameQueue;

const SBIN = '3045';
const NIFTY = '99926000';
const FUT = '35000';
const NSE_CM = 1;
const NSE_FO = 2;

function credentials(jwt = s.tokens.jwtToken, feedToken = s.tokens.feedToken) {
  return { clientcode: s.clientCode, jwttoken: jwt, apikey: 'sdkapikey', feedtype: feedToken };
}

beforeAll(async () => {
  // The SDK's 10-s ping and 5-s silence watchdog are real setIntervals: faked, so a busy machine
  // cannot fire them between two steps; the ping test advances them on purpose.
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
  s = await startSdkSession();
  s.sim.backdoor.setPrice({ symbol: 'SBIN', exchange: 'NSE' }, 800);
  s.sim.backdoor.setPrice({ symbol: 'NIFTY27JAN26FUT', exchange: 'NFO' }, 23_000);
  s.sim.backdoor.setPrice({ symbol: 'CRUDEOIL19JAN26FUT', exchange: 'MCX' }, 6_000);
  s.sim.backdoor.setPrice({ symbol: 'USDINR28JAN26FUT', exchange: 'CDS' }, 86);
  // No constructor option: both socket classes read these when constructed (§2.11).
  s.sdk.CONSTANTS.websocketURL = s.sim.wsUrl;
  socket = new s.sdk.WebSocketV2(credentials());
  frames = new FrameQueue(socket);
  await socket.connect();
});
afterAll(async () => {
  socket.close();
  vi.useRealTimers();
  await s.close();
});

const paise = (rupees: number) => String(Math.round(rupees * 100));

/** The FULL REST quote of an NSE token (the quote API answers in the gateway spelling, §2.3). */
// biome-ignore lint/suspicious/noExplicitAny: Angel's quote row, read field by field.
async function restQuote(token: string): Promise<any> {
  const reply = await s.client.marketData({ mode: 'FULL', exchangeTokens: { NSE: [token] } });
  expect(reply).toMatchObject({ success: true, errorCode: '' });
  return reply.data.fetched[0];
}

describe('WebSocketV2 against the simulator', () => {
  it('LTP (mode 1): a packet at once, the price in paise, every value a string and the token quoted', async () => {
    socket.fetchData({
      correlationID: 'abcde12345',
      action: 1,
      mode: 1,
      exchangeType: NSE_CM,
      tokens: [SBIN],
    });
    const tick = await frames.packet(SBIN, 1);
    expect(tick).toEqual({
      subscription_mode: '1',
      exchange_type: '1',
      token: '"3045"',
      sequence_number: expect.stringMatching(/^\d+$/),
      exchange_timestamp: String(s.clock.now()),
      last_traded_price: paise(800),
    });
  });

  it('a new price reaches the subscriber on the next market step', async () => {
    s.sim.backdoor.setPrice({ symbol: 'SBIN', exchange: 'NSE' }, 801.5);
    await s.sim.backdoor.advanceClock(1_000);
    const tick = await frames.next(
      (f): f is SdkTick =>
        typeof f === 'object' && f.token === '"3045"' && f.last_traded_price === paise(801.5),
    );
    expect(tick.subscription_mode).toBe('1');
  });

  it('Quote (mode 2): OHLC, volumes and average price agree with the REST quote', async () => {
    socket.fetchData({ action: 1, mode: 2, exchangeType: NSE_CM, tokens: [SBIN] });
    const tick = await frames.packet(SBIN, 2);
    const q = await restQuote(SBIN);
    expect(tick).toMatchObject({
      last_traded_price: paise(q.ltp),
      open_price_day: paise(q.open),
      high_price_day: paise(q.high),
      low_price_day: paise(q.low),
      close_price: paise(q.close),
      avg_traded_price: paise(q.avgPrice),
      last_traded_quantity: String(q.lastTradeQty),
      vol_traded: String(q.tradeVolume),
      total_buy_quantity: String(q.totBuyQuan),
      total_sell_quantity: String(q.totSellQuan),
    });
  });

  it('SnapQuote (mode 3): five buys then five sells, circuits and the 52-week range', async () => {
    socket.fetchData({ action: 1, mode: 3, exchangeType: NSE_CM, tokens: [SBIN] });
    const tick = await frames.packet(SBIN, 3);
    const buys = tick.best_5_buy_data as Array<Record<string, string>>;
    const sells = tick.best_5_sell_data as Array<Record<string, string>>;
    expect([buys.length, sells.length]).toEqual([5, 5]);
    // SBIN at 801.50 with a 0.05 tick: the best bid one tick below, the best ask one above.
    expect([buys[0]?.price, sells[0]?.price]).toEqual([paise(801.45), paise(801.55)]);
    expect(Number(buys[0]?.price)).toBeGreaterThan(Number(buys[4]?.price));
    expect(Number(sells[0]?.price)).toBeLessThan(Number(sells[4]?.price));
    const rest = await restQuote(SBIN);
    // The same instrument at the same moment: the socket and the REST quote must agree.
    expect(tick).toMatchObject({
      upper_circuit: paise(rest.upperCircuit),
      lower_circuit: paise(rest.lowerCircuit),
      fiftytwo_week_high: paise(rest['52WeekHigh']),
      fiftytwo_week_low: paise(rest['52WeekLow']),
    });
  });

  it('an index (Nifty 50) and an NFO future in one session, each under its exchange type', async () => {
    socket.fetchData({ action: 1, mode: 1, exchangeType: NSE_CM, tokens: [NIFTY] });
    socket.fetchData({ action: 1, mode: 2, exchangeType: NSE_FO, tokens: [FUT] });
    expect((await frames.packet(NIFTY, 1)).exchange_type).toBe('1');
    const fut = await frames.packet(FUT, 2);
    expect([fut.exchange_type, fut.last_traded_price]).toEqual(['2', paise(23_000)]);
  });

  it('BSE (3) and MCX (5) prices in paise; currency (13, cde_fo) prices in units of 10^-7 rupee (§2.9)', async () => {
    const reply = await s.client.marketData({
      mode: 'LTP',
      exchangeTokens: { BSE: ['500000'], MCX: ['400000'], CDS: ['20000'] },
    });
    const ltp = (token: string) =>
      (reply.data.fetched as Array<{ symbolToken: string; ltp: number }>).find((q) => q.symbolToken === token)
        ?.ltp ?? NaN;
    socket.fetchData({ action: 1, mode: 1, exchangeType: 3, tokens: ['500000'] });
    socket.fetchData({ action: 1, mode: 1, exchangeType: 5, tokens: ['400000'] });
    socket.fetchData({ action: 1, mode: 1, exchangeType: 13, tokens: ['20000'] });
    expect((await frames.packet('500000', 1)).last_traded_price).toBe(paise(ltp('500000')));
    expect((await frames.packet('400000', 1)).last_traded_price).toBe(paise(6_000));
    expect(ltp('400000')).toBe(6_000);
    // 86 rupees × 10^7 still fits the int32 the SDK reads mode-1 prices with.
    expect((await frames.packet('20000', 1)).last_traded_price).toBe(String(86 * 10_000_000));
    expect(ltp('20000')).toBe(86);
  });

  it('unsubscribe (action 0) stops that pair only', async () => {
    socket.fetchData({ action: 0, mode: 1, exchangeType: NSE_CM, tokens: [SBIN] });
    // Requests are handled in order: once a later subscription answers, the unsubscribe is in force.
    socket.fetchData({ action: 1, mode: 2, exchangeType: NSE_CM, tokens: [NIFTY] });
    await frames.packet(NIFTY, 2);
    const since = s.clock.now();
    // Two steps, each confirmed by the future's packet: the socket is ordered, so a step-1 SBIN LTP
    // packet would have arrived before step 2's future packet.
    for (let step = 0; step < 2; step++) {
      await s.sim.backdoor.advanceClock(1_000);
      await frames.next(
        (f) =>
          typeof f === 'object' && f.token === `"${FUT}"` && f.exchange_timestamp === String(s.clock.now()),
      );
    }
    const ltpAfter = frames
      .pending()
      .filter(
        (f) =>
          typeof f === 'object' &&
          f.token === '"3045"' &&
          f.subscription_mode === '1' &&
          Number(f.exchange_timestamp) > since,
      );
    expect(ltpAfter).toEqual([]);
    expect(
      frames
        .pending()
        .some((f) => typeof f === 'object' && f.token === '"3045"' && f.subscription_mode === '3'),
    ).toBe(true);
  });

  it('answers the SDK’s text ping with a text pong (else it would reconnect after 20 s of silence)', async () => {
    frames.clear();
    vi.advanceTimersByTime(10_000);
    expect(await frames.next((f) => f === 'pong')).toBe('pong');
  });

  it('refuses Depth-20 (mode 4) with an E1001 error frame, passed to the tick callback as text', async () => {
    socket.fetchData({
      correlationID: 'depth00001',
      action: 1,
      mode: 4,
      exchangeType: NSE_CM,
      tokens: [SBIN],
    });
    expect(await frames.json((m) => m.errorCode === 'E1001')).toMatchObject({
      correlationID: 'depth00001',
      errorCode: 'E1001',
      errorMessage: expect.any(String),
    });
  });
});

describe('WebSocketV2 reconnection', () => {
  it('after the simulator drops the connection, the SDK reconnects and replays its subscriptions', async () => {
    // The SDK waits `delay` ms (its own setTimeout, not faked) before it connects again.
    socket.reconnection('simple', 10, 1);
    socket.fetchData({ action: 1, mode: 1, exchangeType: NSE_FO, tokens: [FUT] });
    await frames.packet(FUT, 1);
    frames.clear();
    expect(s.sim.sockets.market.dropAll()).toBeGreaterThanOrEqual(1);
    // The replayed subscription answers with the pair's current packet on the new connection.
    const again = await frames.packet(FUT, 1);
    expect(again.last_traded_price).toBe(paise(23_000));
    expect(s.sim.sockets.market.connectionCount).toBeGreaterThanOrEqual(1);
  });
});

describe('WebSocketV2 authentication', () => {
  it('accepts the JWT with a `Bearer ` prefix too (as Python-SDK users send it)', async () => {
    const bearer = new s.sdk.WebSocketV2(credentials(`Bearer ${s.tokens.jwtToken}`));
    await bearer.connect();
    bearer.close();
  });

  it('refuses a wrong feed token at the upgrade with HTTP 401', async () => {
    const wrong = new s.sdk.WebSocketV2(credentials(s.tokens.jwtToken, 'eyJnot.the.feedtoken'));
    // Without customError the SDK throws the 401 from inside the socket's error event (uncaught).
    wrong.customError();
    await expect(wrong.connect()).rejects.toMatchObject({ message: expect.stringContaining('401') });
  });
});
