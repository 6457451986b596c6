import { describe, expect, it } from 'vitest';
import { encodeFrame, encodePacket, type TickData } from '../../src/simulator/index.js';
import { decodeFrame, type KiteTick } from '../../src/stream/ticker-decode.js';
import { mock, mockText } from './support.js';

interface FixtureTick {
  instrument_token: number;
  last_price: number;
  last_quantity: number;
  average_price: number;
  volume: number;
  buy_quantity: number;
  sell_quantity: number;
  ohlc: { open: number; high: number; low: number; close: number };
  last_trade_time?: string;
  timestamp?: string;
  oi?: number;
  oi_day_high?: number;
  oi_day_low?: number;
  depth?: { buy: TickData['buy']; sell: TickData['sell'] };
}

const seconds = (iso: string | undefined) => (iso ? Date.parse(iso) / 1000 : 0);

/** A kite-mocks ticker_*.json in the encoder's terms. */
function tickOf(f: FixtureTick): TickData {
  return {
    instrumentToken: f.instrument_token,
    lastPrice: f.last_price,
    lastQuantity: f.last_quantity,
    averagePrice: f.average_price,
    volume: f.volume,
    buyQuantity: f.buy_quantity,
    sellQuantity: f.sell_quantity,
    open: f.ohlc.open,
    high: f.ohlc.high,
    low: f.ohlc.low,
    close: f.ohlc.close,
    lastTradeTime: seconds(f.last_trade_time),
    oi: f.oi ?? 0,
    oiDayHigh: f.oi_day_high ?? 0,
    oiDayLow: f.oi_day_low ?? 0,
    exchangeTimestamp: seconds(f.timestamp),
    buy: f.depth?.buy ?? [],
    sell: f.depth?.sell ?? [],
  };
}

const packet = (name: string) => Buffer.from(mockText(name).trim(), 'base64');

function decodeOne(frame: Buffer): KiteTick {
  const ticks: KiteTick[] = [];
  const stats = decodeFrame(frame, (tick) => ticks.push(tick));
  expect(stats).toEqual({ packets: 1, unknown: 0, truncated: false });
  return ticks[0] as KiteTick;
}

describe('ticker packet encoder', () => {
  it('reproduces kite-mocks’ ticker_quote.packet byte for byte from ticker_quote.json', () => {
    const encoded = encodePacket('quote', tickOf(mock('ticker_quote.json')));
    expect(encoded.length).toBe(44);
    expect(encoded.toString('hex')).toBe(packet('ticker_quote.packet').toString('hex'));
  });

  it('reproduces kite-mocks’ ticker_full.packet byte for byte from ticker_full.json', () => {
    const encoded = encodePacket('full', tickOf(mock('ticker_full.json')));
    expect(encoded.length).toBe(184);
    expect(encoded.toString('hex')).toBe(packet('ticker_full.packet').toString('hex'));
  });

  it('writes an 8-byte ltp packet: token · last price in paise', () => {
    const encoded = encodePacket('ltp', tickOf(mock('ticker_quote.json')));
    expect(encoded.toString('hex')).toBe('00063a0100026683');
    expect(decodeOne(encodeFrame([encoded]))).toEqual(mock('ticker_ltp.json'));
  });

  it('decodes (with the adapter’s decoder) to the mocks’ JSON', () => {
    const full = decodeOne(encodeFrame([encodePacket('full', tickOf(mock('ticker_full.json')))]));
    expect(full).toEqual(mock('ticker_full.json'));
    const quote = decodeOne(encodeFrame([encodePacket('quote', tickOf(mock('ticker_quote.json')))]));
    // ticker_quote.json's `change` (5.9) is the full tick's; its own last price and close give 5.35.
    const { change: _change, ...fields } = mock<Record<string, unknown>>('ticker_quote.json');
    expect(quote).toMatchObject(fields);
    expect(quote.change).toBeCloseTo(1573.15 - 1567.8, 6);
  });

  it('uses the 28/32-byte index layouts for INDICES tokens (high, low, open, close order)', () => {
    const tick = {
      ...tickOf(mock('ticker_full.json')),
      instrumentToken: 256265,
      exchangeTimestamp: 1_700_000_000,
    };
    const quote = encodePacket('quote', tick);
    const full = encodePacket('full', tick);
    expect([quote.length, full.length]).toEqual([28, 32]);
    expect([
      quote.readInt32BE(8),
      quote.readInt32BE(12),
      quote.readInt32BE(16),
      quote.readInt32BE(20),
    ]).toEqual([157500, 156105, 156915, 156780]);
    expect(quote.readInt32BE(24)).toBe(157370 - 156780);
    expect(full.readUInt32BE(28)).toBe(1_700_000_000);
    expect(decodeOne(encodeFrame([full]))).toMatchObject({
      mode: 'full',
      tradable: false,
      last_price: 1573.7,
    });
  });

  it('scales currency prices: CDS × 10⁷, BCD × 10⁴', () => {
    const base = tickOf(mock('ticker_quote.json'));
    const cds = encodePacket('ltp', { ...base, instrumentToken: 412675, lastPrice: 83.2525 });
    expect(cds.readInt32BE(4)).toBe(832_525_000);
    const bcd = encodePacket('ltp', { ...base, instrumentToken: 6 + 256 * 10, lastPrice: 83.2525 });
    expect(bcd.readInt32BE(4)).toBe(832_525);
  });

  it('frames several packets as [u16 count]([u16 length][packet])…', () => {
    const a = encodePacket('ltp', tickOf(mock('ticker_quote.json')));
    const b = encodePacket('quote', tickOf(mock('ticker_quote.json')));
    const frame = encodeFrame([a, b]);
    expect(frame.readUInt16BE(0)).toBe(2);
    expect(frame.readUInt16BE(2)).toBe(8);
    expect(frame.readUInt16BE(12)).toBe(44);
    expect(frame.length).toBe(2 + 2 + 8 + 2 + 44);
    const modes: string[] = [];
    decodeFrame(frame, (tick) => modes.push(tick.mode));
    expect(modes).toEqual(['ltp', 'quote']);
  });
});
