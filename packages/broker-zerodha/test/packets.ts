/**
 * Builds KiteTicker binary packets and frames the way Kite lays them out (docs/reference/brokers.md §1.9), for
 * tests, the loopback ticker server and the benchmark.
 */

export function base64Packet(base64: string): Uint8Array {
  return new Uint8Array(Buffer.from(base64.trim(), 'base64'));
}

function int32s(values: readonly number[]): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => {
    view.setInt32(i * 4, v);
  });
  return out;
}

export function ltpPacket(token: number, price: number): Uint8Array {
  return int32s([token, price]);
}

/** 28 bytes: token, ltp, high, low, open, close, change; 32 with the exchange timestamp. */
export function indexPacket(
  token: number,
  p: { ltp: number; high: number; low: number; open: number; close: number; change: number },
  exchangeTimestamp?: number,
): Uint8Array {
  const values = [token, p.ltp, p.high, p.low, p.open, p.close, p.change];
  if (exchangeTimestamp !== undefined) values.push(exchangeTimestamp);
  return int32s(values);
}

export interface FullPacketFields {
  token: number;
  ltp: number;
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
  /** 10 levels, 5 bids then 5 asks: [quantity, price, orders]. */
  depth: ReadonlyArray<readonly [number, number, number]>;
}

export function fullPacket(f: FullPacketFields): Uint8Array {
  const out = new Uint8Array(184);
  const view = new DataView(out.buffer);
  const head = [
    f.token,
    f.ltp,
    f.lastQuantity,
    f.averagePrice,
    f.volume,
    f.buyQuantity,
    f.sellQuantity,
    f.open,
    f.high,
    f.low,
    f.close,
    f.lastTradeTime,
    f.oi,
    f.oiDayHigh,
    f.oiDayLow,
    f.exchangeTimestamp,
  ];
  head.forEach((v, i) => {
    view.setInt32(i * 4, v);
  });
  f.depth.forEach(([quantity, price, orders], i) => {
    const at = 64 + i * 12;
    view.setInt32(at, quantity);
    view.setInt32(at + 4, price);
    view.setInt16(at + 8, orders);
  });
  return out;
}

/** `[u16 count]` then `[u16 length][packet]` per packet. */
export function frame(packets: readonly Uint8Array[]): Uint8Array {
  const size = 2 + packets.reduce((n, p) => n + 2 + p.byteLength, 0);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint16(0, packets.length);
  let at = 2;
  for (const packet of packets) {
    view.setUint16(at, packet.byteLength);
    out.set(packet, at + 2);
    at += 2 + packet.byteLength;
  }
  return out;
}

export const HEARTBEAT = new Uint8Array([0]);
