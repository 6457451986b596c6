import { describe, expect, it } from 'vitest';
import {
  decodeFrame,
  decodePacket,
  istIsoFromSeconds,
  type KiteTick,
  priceDivisor,
} from '../src/stream/ticker-decode.js';
import { fixture, fixtureText } from './helpers.js';
import { base64Packet, frame, fullPacket, HEARTBEAT, indexPacket, ltpPacket } from './packets.js';

function decodeOne(packet: Uint8Array): KiteTick | undefined {
  return decodePacket(
    new DataView(packet.buffer, packet.byteOffset, packet.byteLength),
    0,
    packet.byteLength,
  );
}

function decodeAll(bytes: Uint8Array) {
  const ticks: KiteTick[] = [];
  const stats = decodeFrame(bytes, (t) => ticks.push(t));
  return { ticks, stats };
}

const fullBytes = base64Packet(fixtureText('ticker_full.packet'));
const quoteBytes = base64Packet(fixtureText('ticker_quote.packet'));

describe('Kite packet fixtures decode to their JSON twins', () => {
  it('ticker_full.packet (184 bytes) → ticker_full.json, exactly', () => {
    expect(fullBytes.byteLength).toBe(184);
    expect(decodeOne(fullBytes)).toStrictEqual(fixture('ticker_full.json'));
  });

  it('ticker_quote.packet (44 bytes) → ticker_quote.json, every field but the twin’s copied `change`', () => {
    expect(quoteBytes.byteLength).toBe(44);
    const decoded = decodeOne(quoteBytes);
    const { change: twinChange, ...twin } = fixture<KiteTick>('ticker_quote.json');
    const { change, ...rest } = decoded as KiteTick;
    expect(rest).toStrictEqual(twin);
    // The published twin repeats the full packet's change (5.9 = 1573.7 − 1567.8) although this
    // packet's last price is 1573.15; change is last price − close, as in ticker_full.json.
    expect(twinChange).toBe(1573.7 - 1567.8);
    expect(change).toBe(1573.15 - 1567.8);
  });

  it('an 8-byte LTP packet → ticker_ltp.json', () => {
    expect(decodeOne(ltpPacket(408065, 157315))).toStrictEqual(fixture('ticker_ltp.json'));
  });
});

describe('index packets (segment 9, not tradable)', () => {
  const NIFTY = 256265;
  const prices = { ltp: 2420055, high: 2430000, low: 2410010, open: 2415000, close: 2400000, change: 84 };

  it('28 bytes: quote mode with ohlc and change', () => {
    expect(decodeOne(indexPacket(NIFTY, prices))).toStrictEqual({
      mode: 'quote',
      tradable: false,
      instrument_token: NIFTY,
      last_price: 24200.55,
      ohlc: { high: 24300, low: 24100.1, open: 24150, close: 24000 },
      change: 24200.55 - 24000,
    });
  });

  it('32 bytes: full mode with the exchange timestamp in IST', () => {
    const tick = decodeOne(indexPacket(NIFTY, prices, 1625461887));
    expect(tick).toMatchObject({ mode: 'full', tradable: false, last_price: 24200.55 });
    expect(tick?.timestamp).toBe('2021-07-05T10:41:27+05:30');
  });

  it('an index with no close yet has change 0', () => {
    expect(decodeOne(indexPacket(NIFTY, { ...prices, close: 0 }))?.change).toBe(0);
  });
});

describe('price divisors per segment', () => {
  it('CDS (segment 3) ÷ 1e7, BCD (6) ÷ 1e4, everything else ÷ 100', () => {
    expect(priceDivisor(412675)).toBe(10_000_000);
    expect(priceDivisor(1606 * 256 + 6)).toBe(10_000);
    expect(priceDivisor(408065)).toBe(100);
    expect(priceDivisor(58424839)).toBe(100);
    expect(decodeOne(ltpPacket(412675, 729_512_500))?.last_price).toBe(72.95125);
    expect(decodeOne(ltpPacket(1606 * 256 + 6, 729_575))?.last_price).toBe(72.9575);
  });

  it('depth prices of a currency future use the same divisor', () => {
    const depth = Array.from({ length: 10 }, (_, i) => [i + 1, 729_500_000 + i * 25_000, 1] as const);
    const tick = decodeOne(
      fullPacket({
        token: 412675,
        ltp: 729_500_000,
        lastQuantity: 1,
        averagePrice: 729_400_000,
        volume: 10,
        buyQuantity: 5,
        sellQuantity: 6,
        open: 729_000_000,
        high: 730_000_000,
        low: 728_000_000,
        close: 728_500_000,
        lastTradeTime: 1625461887,
        oi: 100,
        oiDayHigh: 110,
        oiDayLow: 90,
        exchangeTimestamp: 1625461888,
        depth,
      }),
    );
    expect(tick?.depth?.buy[0]).toEqual({ price: 72.95, quantity: 1, orders: 1 });
    expect(tick?.depth?.sell[4]).toEqual({ price: 72.9725, quantity: 10, orders: 1 });
    expect(tick).toMatchObject({
      oi: 100,
      oi_day_high: 110,
      oi_day_low: 90,
      timestamp: '2021-07-05T10:41:28+05:30',
    });
  });
});

describe('frames', () => {
  it('a multi-packet frame yields every packet in order', () => {
    const { ticks, stats } = decodeAll(frame([ltpPacket(779521, 42050), quoteBytes, fullBytes]));
    expect(stats).toEqual({ packets: 3, unknown: 0, truncated: false });
    expect(ticks.map((t) => [t.mode, t.instrument_token, t.last_price])).toEqual([
      ['ltp', 779521, 420.5],
      ['quote', 408065, 1573.15],
      ['full', 408065, 1573.7],
    ]);
  });

  it('a 1-byte heartbeat yields nothing', () => {
    expect(decodeAll(HEARTBEAT)).toEqual({ ticks: [], stats: { packets: 0, unknown: 0, truncated: false } });
  });

  it('decodes from a view into a larger buffer (non-zero byteOffset)', () => {
    const bytes = frame([quoteBytes]);
    const padded = new Uint8Array(bytes.byteLength + 7);
    padded.set(bytes, 5);
    const { ticks } = decodeAll(padded.subarray(5, 5 + bytes.byteLength));
    expect(ticks[0]?.last_price).toBe(1573.15);
  });

  it('a truncated frame delivers its whole packets and says it was truncated', () => {
    const bytes = frame([ltpPacket(779521, 42050), quoteBytes]);
    const { ticks, stats } = decodeAll(bytes.subarray(0, bytes.byteLength - 10));
    expect(ticks).toHaveLength(1);
    expect(stats).toEqual({ packets: 1, unknown: 0, truncated: true });
    const countOnly = new Uint8Array([0, 2]);
    expect(decodeAll(countOnly).stats.truncated).toBe(true);
  });

  it('a packet of a length Kite does not define is skipped and counted', () => {
    const { ticks, stats } = decodeAll(frame([new Uint8Array(12), ltpPacket(779521, 100)]));
    expect(ticks.map((t) => t.last_price)).toEqual([1]);
    expect(stats).toEqual({ packets: 1, unknown: 1, truncated: false });
  });
});

describe('timestamp formatting cache', () => {
  it('formats correctly while alternating between more than two seconds', () => {
    const seconds = [1625461887, 1625461888, 1625461887, 1625461889, 1625461888, 0];
    expect(seconds.map(istIsoFromSeconds)).toEqual([
      '2021-07-05T10:41:27+05:30',
      '2021-07-05T10:41:28+05:30',
      '2021-07-05T10:41:27+05:30',
      '2021-07-05T10:41:29+05:30',
      '2021-07-05T10:41:28+05:30',
      '1970-01-01T05:30:00+05:30',
    ]);
  });
});
