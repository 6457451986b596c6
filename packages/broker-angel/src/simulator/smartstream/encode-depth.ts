import type { PacketData, PacketLevel } from './encode.js';

/**
 * Depth-20 (mode 4) packets, 443 bytes (brokers.md §2.9): the header of every mode, then at 27 the
 * exchange timestamp and at 35 the packet-received time (the docs call it a dummy value), then 20 buy
 * levels and 20 sell levels of 10 bytes — quantity i32 · price i32 (paise) · orders i16 — from 43.
 * Angel serves it for nse_cm only, at most 50 tokens.
 */
export const DEPTH_20_BYTES = 443;
export const DEPTH_20_LEVELS = 20;
const LEVEL_BYTES = 10;
const LEVELS_AT = 43;

function writeLevels(view: DataView, from: number, levels: readonly PacketLevel[]): void {
  for (let i = 0; i < DEPTH_20_LEVELS; i++) {
    const at = from + i * LEVEL_BYTES;
    const level = levels[i];
    view.setInt32(at, level?.quantity ?? 0, true);
    view.setInt32(at + 4, Math.round((level?.price ?? 0) * 100), true);
    view.setInt16(at + 8, level?.orders ?? 0, true);
  }
}

/** The sandbox books five levels a side; the other fifteen go out empty. */
export function encodeDepth20Packet(data: PacketData, receivedAt: number): Buffer {
  const bytes = Buffer.alloc(DEPTH_20_BYTES);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  bytes[0] = 4;
  bytes[1] = data.exchangeType;
  bytes.write(data.token.slice(0, 25), 2, 'latin1');
  view.setBigInt64(27, BigInt(Math.trunc(data.exchangeTimestamp)), true);
  view.setBigInt64(35, BigInt(Math.trunc(receivedAt)), true);
  writeLevels(view, LEVELS_AT, data.bids);
  writeLevels(view, LEVELS_AT + DEPTH_20_LEVELS * LEVEL_BYTES, data.asks);
  return bytes;
}
