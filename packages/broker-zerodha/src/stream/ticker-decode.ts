import { toIstIso } from '@openalgo/core';

/**
 * KiteTicker's binary protocol. A frame is `[u16 count]` then `count` times
 * `[u16 length][packet]`, big-endian; a 1-byte frame is a heartbeat. The packet length says the mode:
 *
 *   8   ltp         token · ltp
 *   28  index quote token · ltp · high · low · open · close · change
 *   32  index full  … + exchange timestamp
 *   44  quote       token · ltp · last qty · avg price · volume · buy qty · sell qty · o · h · l · c
 *   184 full        quote + last trade time · oi · oi day high · oi day low · exchange timestamp ·
 *                   10 × {qty i32, price i32, orders i16, pad 2} (5 bids then 5 asks)
 *
 * Decoded ticks have the shape of Kite's own SDKs (and of the `ticker_*.json` fixtures). Decoding
 * reads a DataView in place: the only allocations are the tick and its nested objects.
 */

export type KiteTickMode = 'ltp' | 'quote' | 'full';

export interface KiteOhlc {
  open: number;
  high: number;
  low: number;
  close: number;
}

export interface KiteDepthEntry {
  price: number;
  quantity: number;
  orders: number;
}

export interface KiteTick {
  mode: KiteTickMode;
  /** False for index feeds (segment 9), which cannot be traded. */
  tradable: boolean;
  instrument_token: number;
  last_price: number;
  last_quantity?: number;
  average_price?: number;
  volume?: number;
  buy_quantity?: number;
  sell_quantity?: number;
  ohlc?: KiteOhlc;
  /** Last price minus previous close (0 when there is no close yet). */
  change?: number;
  /** ISO-8601 with +05:30. */
  last_trade_time?: string;
  oi?: number;
  oi_day_high?: number;
  oi_day_low?: number;
  /** Exchange timestamp, ISO-8601 with +05:30. */
  timestamp?: string;
  depth?: { buy: KiteDepthEntry[]; sell: KiteDepthEntry[] };
}

export const SEGMENT_CDS = 3;
export const SEGMENT_BCD = 6;
export const SEGMENT_INDICES = 9;

export const PACKET_LTP = 8;
export const PACKET_INDEX_QUOTE = 28;
export const PACKET_INDEX_FULL = 32;
export const PACKET_QUOTE = 44;
export const PACKET_FULL = 184;

/** Prices travel as integers: paise, except currency futures/options (CDS 1e7, BCD 1e4). */
export function priceDivisor(instrumentToken: number): number {
  const segment = instrumentToken & 0xff;
  if (segment === SEGMENT_CDS) return 10_000_000;
  if (segment === SEGMENT_BCD) return 10_000;
  return 100;
}

/**
 * Ticks in one frame mostly share their second, so the last two formatted timestamps are kept:
 * formatting a date costs more than decoding the rest of the packet.
 */
let cachedSecondsA = Number.NaN;
let cachedIsoA = '';
let cachedSecondsB = Number.NaN;
let cachedIsoB = '';

export function istIsoFromSeconds(seconds: number): string {
  if (seconds === cachedSecondsA) return cachedIsoA;
  if (seconds === cachedSecondsB) return cachedIsoB;
  const iso = toIstIso(seconds * 1000);
  cachedSecondsB = cachedSecondsA;
  cachedIsoB = cachedIsoA;
  cachedSecondsA = seconds;
  cachedIsoA = iso;
  return iso;
}

function change(lastPrice: number, close: number): number {
  return close !== 0 ? lastPrice - close : 0;
}

function depthSide(view: DataView, start: number, divisor: number): KiteDepthEntry[] {
  const side: KiteDepthEntry[] = new Array(5);
  for (let i = 0; i < 5; i++) {
    const at = start + i * 12;
    side[i] = {
      price: view.getInt32(at + 4) / divisor,
      quantity: view.getUint32(at),
      orders: view.getUint16(at + 8),
    };
  }
  return side;
}

function decodeIndex(view: DataView, at: number, length: number, token: number): KiteTick {
  const divisor = priceDivisor(token);
  const lastPrice = view.getInt32(at + 4) / divisor;
  const ohlc: KiteOhlc = {
    high: view.getInt32(at + 8) / divisor,
    low: view.getInt32(at + 12) / divisor,
    open: view.getInt32(at + 16) / divisor,
    close: view.getInt32(at + 20) / divisor,
  };
  const tick: KiteTick = {
    mode: length === PACKET_INDEX_FULL ? 'full' : 'quote',
    tradable: false,
    instrument_token: token,
    last_price: lastPrice,
    ohlc,
    change: change(lastPrice, ohlc.close),
  };
  if (length === PACKET_INDEX_FULL) tick.timestamp = istIsoFromSeconds(view.getUint32(at + 28));
  return tick;
}

function decodeQuoteOrFull(view: DataView, at: number, length: number, token: number): KiteTick {
  const divisor = priceDivisor(token);
  const lastPrice = view.getInt32(at + 4) / divisor;
  const ohlc: KiteOhlc = {
    open: view.getInt32(at + 28) / divisor,
    high: view.getInt32(at + 32) / divisor,
    low: view.getInt32(at + 36) / divisor,
    close: view.getInt32(at + 40) / divisor,
  };
  const tick: KiteTick = {
    mode: length === PACKET_FULL ? 'full' : 'quote',
    tradable: (token & 0xff) !== SEGMENT_INDICES,
    instrument_token: token,
    last_price: lastPrice,
    last_quantity: view.getUint32(at + 8),
    average_price: view.getInt32(at + 12) / divisor,
    volume: view.getUint32(at + 16),
    buy_quantity: view.getUint32(at + 20),
    sell_quantity: view.getUint32(at + 24),
    ohlc,
    change: change(lastPrice, ohlc.close),
  };
  if (length === PACKET_FULL) {
    tick.last_trade_time = istIsoFromSeconds(view.getUint32(at + 44));
    tick.oi = view.getUint32(at + 48);
    tick.oi_day_high = view.getUint32(at + 52);
    tick.oi_day_low = view.getUint32(at + 56);
    tick.timestamp = istIsoFromSeconds(view.getUint32(at + 60));
    tick.depth = { buy: depthSide(view, at + 64, divisor), sell: depthSide(view, at + 124, divisor) };
  }
  return tick;
}

/** One packet body at `at` of `length` bytes; undefined for a length Kite does not define. */
export function decodePacket(view: DataView, at: number, length: number): KiteTick | undefined {
  if (length < PACKET_LTP) return undefined;
  const token = view.getUint32(at);
  switch (length) {
    case PACKET_LTP:
      return {
        mode: 'ltp',
        tradable: (token & 0xff) !== SEGMENT_INDICES,
        instrument_token: token,
        last_price: view.getInt32(at + 4) / priceDivisor(token),
      };
    case PACKET_INDEX_QUOTE:
    case PACKET_INDEX_FULL:
      return decodeIndex(view, at, length, token);
    case PACKET_QUOTE:
    case PACKET_FULL:
      return decodeQuoteOrFull(view, at, length, token);
    default:
      return undefined;
  }
}

/** A frame with no packets: Kite's 1-byte heartbeat (anything shorter than a count). */
export function isHeartbeat(frame: Uint8Array): boolean {
  return frame.byteLength < 2;
}

/** Result of `decodeFrame`: packets delivered, and whether the frame ended early. */
export interface FrameStats {
  packets: number;
  /** Packets skipped because their length is not a Kite layout. */
  unknown: number;
  /** The frame was shorter than its own count/length fields say. */
  truncated: boolean;
}

/**
 * Decodes every packet of a binary frame, calling `onTick` for each. A heartbeat yields nothing.
 * A truncated frame delivers its complete packets and reports `truncated` instead of throwing.
 */
export function decodeFrame(frame: Uint8Array, onTick: (tick: KiteTick) => void): FrameStats {
  const stats: FrameStats = { packets: 0, unknown: 0, truncated: false };
  if (isHeartbeat(frame)) return stats;
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const end = frame.byteLength;
  const count = view.getUint16(0);
  let at = 2;
  for (let i = 0; i < count; i++) {
    if (at + 2 > end) {
      stats.truncated = true;
      break;
    }
    const length = view.getUint16(at);
    at += 2;
    if (at + length > end) {
      stats.truncated = true;
      break;
    }
    const tick = decodePacket(view, at, length);
    if (tick) {
      stats.packets++;
      onTick(tick);
    } else stats.unknown++;
    at += length;
  }
  return stats;
}
