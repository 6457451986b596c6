import { TickSchema } from '@openalgo/core';
import { describe, expect, it } from 'vitest';
import { epochMsFromIstIso, toUnifiedTick } from '../src/mapping/ticks.js';
import { decodePacket, type KiteTick } from '../src/stream/ticker-decode.js';
import { indexPacket, ltpPacket } from './packets.js';

function decode(packet: Uint8Array): KiteTick {
  const tick = decodePacket(new DataView(packet.buffer), 0, packet.byteLength);
  if (!tick) throw new Error('not decoded');
  return tick;
}

const NIFTY = { symbol: 'NIFTY', exchange: 'NSE_INDEX' as const };
const prices = { ltp: 2420055, high: 2430000, low: 2410010, open: 2415000, close: 2400000, change: 0 };

describe('Kite tick → unified Tick', () => {
  it('an index full packet (32 bytes) is a depth-mode tick with the exchange time and no book', () => {
    const tick = toUnifiedTick(decode(indexPacket(256265, prices, 1625461887)), NIFTY, 42);
    expect(TickSchema.parse(tick)).toEqual({
      symbol: 'NIFTY',
      exchange: 'NSE_INDEX',
      mode: 'depth',
      ltp: 24200.55,
      timestamp: Date.UTC(2021, 6, 5, 5, 11, 27),
      open: 24150,
      high: 24300,
      low: 24100.1,
      close: 24000,
      change: 24200.55 - 24000,
    });
  });

  it('an index quote (28 bytes) and an LTP packet are stamped with the receive time', () => {
    expect(toUnifiedTick(decode(indexPacket(256265, prices)), NIFTY, 1234).timestamp).toBe(1234);
    expect(toUnifiedTick(decode(ltpPacket(256265, 2420055)), NIFTY, 99)).toEqual({
      ...NIFTY,
      mode: 'ltp',
      ltp: 24200.55,
      timestamp: 99,
    });
  });

  it('reads the decoder’s IST timestamps back to epoch ms, cached or not', () => {
    expect(epochMsFromIstIso('2021-07-05T10:41:27+05:30')).toBe(Date.UTC(2021, 6, 5, 5, 11, 27));
    expect(epochMsFromIstIso('2021-07-05T10:41:27+05:30')).toBe(Date.UTC(2021, 6, 5, 5, 11, 27));
    expect(epochMsFromIstIso('2024-12-31T23:59:59+05:30')).toBe(Date.UTC(2024, 11, 31, 18, 29, 59));
  });
});
