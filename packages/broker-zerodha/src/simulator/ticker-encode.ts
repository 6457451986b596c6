/**
 * KiteTicker's binary packets, encoded from Kite's side (docs/reference/brokers.md §1.9). Written apart
 * from the adapter's decoder so each checks the other: all integers big-endian, prices as integers
 * scaled by the segment's divisor.
 *
 *   8   ltp          token · ltp
 *   28  index quote  token · ltp · high · low · open · close · change
 *   32  index full   … + exchange timestamp
 *   44  quote        token · ltp · last qty · avg price · volume · buy qty · sell qty · o · h · l · c
 *   184 full         quote + last trade time · oi · oi day high · oi day low · exchange timestamp ·
 *                    10 × {qty u32, price i32, orders u16, 2 pad} (5 bids, then 5 asks)
 */

export type TickerMode = 'ltp' | 'quote' | 'full';

export interface DepthEntry {
  price: number;
  quantity: number;
  orders: number;
}

/** One instrument's market, in Kite's tick field terms (times in epoch seconds). */
export interface TickData {
  instrumentToken: number;
  lastPrice: number;
  lastQuantity: number;
  averagePrice: number;
  volume: number;
  buyQuantity: number;
  sellQuantity: number;
  open: number;
  high: number;
  low: number;
  close: number;
  lastTradeTime: number;
  oi: number;
  oiDayHigh: number;
  oiDayLow: number;
  exchangeTimestamp: number;
  buy: readonly DepthEntry[];
  sell: readonly DepthEntry[];
}

const SEGMENT_CDS = 3;
const SEGMENT_BCD = 6;
const SEGMENT_INDICES = 9;

/** Paise for most segments; currency derivatives carry more decimals. */
export function tickerDivisor(instrumentToken: number): number {
  const segment = instrumentToken & 0xff;
  if (segment === SEGMENT_CDS) return 10_000_000;
  if (segment === SEGMENT_BCD) return 10_000;
  return 100;
}

export function isIndexToken(instrumentToken: number): boolean {
  return (instrumentToken & 0xff) === SEGMENT_INDICES;
}

export function packetLength(mode: TickerMode, index: boolean): number {
  if (mode === 'ltp') return 8;
  if (index) return mode === 'full' ? 32 : 28;
  return mode === 'full' ? 184 : 44;
}

function whole(value: number): number {
  return Math.max(0, Math.min(0xffff_ffff, Math.round(value)));
}

function writeDepth(view: DataView, at: number, levels: readonly DepthEntry[], divisor: number): void {
  for (let i = 0; i < 5; i++) {
    const level = levels[i];
    const offset = at + i * 12;
    view.setUint32(offset, level ? whole(level.quantity) : 0);
    view.setInt32(offset + 4, level ? Math.round(level.price * divisor) : 0);
    view.setUint16(offset + 8, level ? Math.min(0xffff, whole(level.orders)) : 0);
    // Two bytes of padding stay zero.
  }
}

/** One packet body (no length prefix) for `tick` in `mode`; index tokens get the index layouts. */
export function encodePacket(mode: TickerMode, tick: TickData): Buffer {
  const index = isIndexToken(tick.instrumentToken);
  const bytes = Buffer.alloc(packetLength(mode, index));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const divisor = tickerDivisor(tick.instrumentToken);
  const price = (value: number) => Math.round(value * divisor);
  view.setUint32(0, tick.instrumentToken);
  view.setInt32(4, price(tick.lastPrice));
  if (mode === 'ltp') return bytes;
  if (index) {
    view.setInt32(8, price(tick.high));
    view.setInt32(12, price(tick.low));
    view.setInt32(16, price(tick.open));
    view.setInt32(20, price(tick.close));
    view.setInt32(24, tick.close !== 0 ? price(tick.lastPrice - tick.close) : 0);
    if (mode === 'full') view.setUint32(28, whole(tick.exchangeTimestamp));
    return bytes;
  }
  view.setUint32(8, whole(tick.lastQuantity));
  view.setInt32(12, price(tick.averagePrice));
  view.setUint32(16, whole(tick.volume));
  view.setUint32(20, whole(tick.buyQuantity));
  view.setUint32(24, whole(tick.sellQuantity));
  view.setInt32(28, price(tick.open));
  view.setInt32(32, price(tick.high));
  view.setInt32(36, price(tick.low));
  view.setInt32(40, price(tick.close));
  if (mode === 'quote') return bytes;
  view.setUint32(44, whole(tick.lastTradeTime));
  view.setUint32(48, whole(tick.oi));
  view.setUint32(52, whole(tick.oiDayHigh));
  view.setUint32(56, whole(tick.oiDayLow));
  view.setUint32(60, whole(tick.exchangeTimestamp));
  writeDepth(view, 64, tick.buy, divisor);
  writeDepth(view, 124, tick.sell, divisor);
  return bytes;
}

/** A binary frame: `[u16 count]` then `[u16 length][packet]` per packet. */
export function encodeFrame(packets: readonly Buffer[]): Buffer {
  let size = 2;
  for (const packet of packets) size += 2 + packet.length;
  const frame = Buffer.alloc(size);
  frame.writeUInt16BE(packets.length, 0);
  let at = 2;
  for (const packet of packets) {
    frame.writeUInt16BE(packet.length, at);
    packet.copy(frame, at + 2);
    at += 2 + packet.length;
  }
  return frame;
}

/** Kite's heartbeat: a one-byte binary frame, about once a second. */
export const HEARTBEAT_FRAME: Buffer = Buffer.alloc(1);
