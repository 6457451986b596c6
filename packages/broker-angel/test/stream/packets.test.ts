import { describe, expect, it } from 'vitest';
import { encodeSmartStreamPacket, type PacketData } from '../../src/simulator/smartstream/encode.js';
import { decodeSmartStreamPacket } from '../../src/stream/smartstream-decode.js';
import { handPacket, SBIN_SNAP } from './hand-packets.js';

function decoded(bytes: Uint8Array) {
  const result = decodeSmartStreamPacket(bytes);
  if (typeof result === 'string') throw new Error(`not decoded: ${result}`);
  return result;
}

const rupees = (paise: number) => paise / 100;

/** SBIN_SNAP in the encoder's terms (rupees), the same numbers. */
const SBIN_DATA: PacketData = {
  exchangeType: 1,
  token: '3045',
  sequence: 987_654_321,
  exchangeTimestamp: 1_733_200_000_123,
  ltp: 812.5,
  lastQuantity: 15,
  averagePrice: 810.12,
  volume: 12_345_678,
  totalBuyQuantity: 456_789,
  totalSellQuantity: 567_890,
  open: 805,
  high: 819,
  low: 801,
  close: 807.75,
  lastTradedTimestamp: 1_733_199_999_000,
  openInterest: 0,
  bids: (SBIN_SNAP.buys ?? []).map((l) => ({ ...l, price: rupees(l.price) })),
  asks: (SBIN_SNAP.sells ?? []).map((l) => ({ ...l, price: rupees(l.price) })),
  upperCircuit: 888.5,
  lowerCircuit: 727,
  high52Week: 912,
  low52Week: 600.5,
};

describe('SmartStream decoder against §2.9’s byte layout', () => {
  it('SnapQuote (379 B): every field at its offset, prices ÷100, five buys then five sells', () => {
    const tick = decoded(handPacket(SBIN_SNAP));
    expect(tick).toEqual({
      mode: 3,
      exchangeType: 1,
      token: '3045',
      sequence: 987_654_321,
      exchangeTimestamp: 1_733_200_000_123,
      ltp: 812.5,
      lastQuantity: 15,
      averagePrice: 810.12,
      volume: 12_345_678,
      totalBuyQuantity: 456_789,
      totalSellQuantity: 567_890,
      open: 805,
      high: 819,
      low: 801,
      close: 807.75,
      lastTradedTimestamp: 1_733_199_999_000,
      openInterest: 0,
      bids: [
        { price: 812.45, quantity: 100, orders: 3 },
        { price: 812.4, quantity: 200, orders: 4 },
        { price: 812.35, quantity: 300, orders: 5 },
        { price: 812.3, quantity: 400, orders: 6 },
        { price: 812.25, quantity: 500, orders: 7 },
      ],
      asks: [
        { price: 812.55, quantity: 110, orders: 8 },
        { price: 812.6, quantity: 210, orders: 9 },
        { price: 812.65, quantity: 310, orders: 10 },
        { price: 812.7, quantity: 410, orders: 11 },
        { price: 812.75, quantity: 510, orders: 12 },
      ],
      upperCircuit: 888.5,
      lowerCircuit: 727,
      high52Week: 912,
      low52Week: 600.5,
    });
  });

  it('LTP (51 B) and Quote (123 B) carry only their fields', () => {
    expect(decoded(handPacket({ ...SBIN_SNAP, mode: 1 }))).toEqual({
      mode: 1,
      exchangeType: 1,
      token: '3045',
      sequence: 987_654_321,
      exchangeTimestamp: 1_733_200_000_123,
      ltp: 812.5,
    });
    const quote = decoded(handPacket({ ...SBIN_SNAP, mode: 2 }));
    expect(quote).toMatchObject({ mode: 2, close: 807.75, volume: 12_345_678, totalSellQuantity: 567_890 });
    expect(quote.bids).toBeUndefined();
    expect(quote.openInterest).toBeUndefined();
  });

  it('currency (cde_fo, exchange type 13) prices are ÷10,000,000', () => {
    const tick = decoded(
      handPacket({ ...SBIN_SNAP, exchangeType: 13, token: '1234', ltp: 835_012_500, close: 834_000_000 }),
    );
    expect(tick.ltp).toBe(83.50125);
    expect(tick.close).toBe(83.4);
    expect(tick.bids?.[0]?.price).toBe(0.0081245);
  });

  it('splits the best five by position as the JS SDK does, whatever the flags say', () => {
    const flagged = handPacket({
      ...SBIN_SNAP,
      buys: (SBIN_SNAP.buys ?? []).map((l) => ({ ...l, flag: 0 })),
      sells: (SBIN_SNAP.sells ?? []).map((l) => ({ ...l, flag: 1 })),
    });
    expect(decoded(flagged).bids?.[0]?.price).toBe(812.45);
  });

  it('reads i64 beyond 2³² exactly (volume, timestamps, sequence)', () => {
    const big = decoded(handPacket({ ...SBIN_SNAP, volume: 2 ** 40 + 7, sequence: 2 ** 50 + 3 }));
    expect(big.volume).toBe(2 ** 40 + 7);
    expect(big.sequence).toBe(2 ** 50 + 3);
  });

  it('tokens: NUL padding stripped, 25 characters at most, non-digits kept as text', () => {
    expect(decoded(handPacket({ ...SBIN_SNAP, mode: 1, token: '99926000' })).token).toBe('99926000');
    expect(decoded(handPacket({ ...SBIN_SNAP, mode: 1, token: '0123' })).token).toBe('0123');
    expect(decoded(handPacket({ ...SBIN_SNAP, mode: 1, token: 'ABC-1' })).token).toBe('ABC-1');
    const long = '1234567890123456789012345';
    expect(decoded(handPacket({ ...SBIN_SNAP, mode: 1, token: long })).token).toBe(long);
  });

  it('a frame longer than its layout decodes the layout and ignores the rest', () => {
    const long = new Uint8Array(600);
    long.set(handPacket(SBIN_SNAP));
    long.fill(0xff, 379);
    expect(decoded(long)).toEqual(decoded(handPacket(SBIN_SNAP)));
    // The decoder's scratch buffer carries nothing from one packet into the next.
    expect(decoded(handPacket({ ...SBIN_SNAP, mode: 1, ltp: 5 })).ltp).toBe(0.05);
  });

  it('refuses short packets and modes it does not decode, without throwing', () => {
    expect(decodeSmartStreamPacket(new Uint8Array(10))).toBe('short');
    expect(decodeSmartStreamPacket(handPacket(SBIN_SNAP).subarray(0, 378))).toBe('short');
    const depth20 = new Uint8Array(443);
    depth20[0] = 4;
    expect(decodeSmartStreamPacket(depth20)).toBe('unknown-mode');
  });
});

describe('simulator encoder ⇄ §2.9 bytes ⇄ decoder', () => {
  it('encodes byte for byte what the hand-built layout says, in every mode', () => {
    for (const mode of [1, 2, 3] as const) {
      const expected = handPacket({ ...SBIN_SNAP, mode, oiChange: 0 });
      expect(new Uint8Array(encodeSmartStreamPacket(mode, SBIN_DATA))).toEqual(expected);
    }
  });

  it('round-trips through the decoder, currency included', () => {
    expect(decoded(encodeSmartStreamPacket(3, SBIN_DATA))).toMatchObject({
      ...SBIN_DATA,
      mode: 3,
      bids: SBIN_DATA.bids,
      asks: SBIN_DATA.asks,
      high52Week: 912,
    });
    const currency = { ...SBIN_DATA, exchangeType: 13, ltp: 83.5025, close: 83.4 };
    expect(decoded(encodeSmartStreamPacket(2, currency))).toMatchObject({ ltp: 83.5025, close: 83.4 });
  });

  it('pads a book shallower than five with empty levels', () => {
    const shallow = { ...SBIN_DATA, bids: SBIN_DATA.bids.slice(0, 2), asks: [] };
    const tick = decoded(encodeSmartStreamPacket(3, shallow));
    expect(tick.bids?.[2]).toEqual({ price: 0, quantity: 0, orders: 0 });
    expect(tick.asks?.[0]).toEqual({ price: 0, quantity: 0, orders: 0 });
  });
});
