/**
 * SmartStream packets built by hand from brokers.md §2.9's table, with the offsets written out as
 * literals here rather than read from the package's layout constants: the decoder and the simulator's
 * encoder share those constants, so these bytes are what catches a mistake in them.
 */

export interface HandLevel {
  /** Integer paise (or 10⁻⁷ rupee for currency). */
  price: number;
  quantity: number;
  orders: number;
  flag?: number;
}

export interface HandPacket {
  mode: 1 | 2 | 3;
  exchangeType: number;
  token: string;
  sequence: number;
  exchangeTimestamp: number;
  /** Integer price units from here on. */
  ltp: number;
  lastQuantity?: number;
  averagePrice?: number;
  volume?: number;
  totalBuyQuantity?: number;
  totalSellQuantity?: number;
  open?: number;
  high?: number;
  low?: number;
  close?: number;
  lastTradedTimestamp?: number;
  openInterest?: number;
  oiChange?: number;
  buys?: HandLevel[];
  sells?: HandLevel[];
  upperCircuit?: number;
  lowerCircuit?: number;
  high52?: number;
  low52?: number;
}

function i64(view: DataView, at: number, value: number): void {
  view.setBigInt64(at, BigInt(value), true);
}

export function handPacket(p: HandPacket): Uint8Array {
  const size = p.mode === 1 ? 51 : p.mode === 2 ? 123 : 379;
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, p.mode);
  view.setUint8(1, p.exchangeType);
  for (let i = 0; i < p.token.length; i++) bytes[2 + i] = p.token.charCodeAt(i);
  i64(view, 27, p.sequence);
  i64(view, 35, p.exchangeTimestamp);
  i64(view, 43, p.ltp);
  if (p.mode === 1) return bytes;
  i64(view, 51, p.lastQuantity ?? 0);
  i64(view, 59, p.averagePrice ?? 0);
  i64(view, 67, p.volume ?? 0);
  view.setFloat64(75, p.totalBuyQuantity ?? 0, true);
  view.setFloat64(83, p.totalSellQuantity ?? 0, true);
  i64(view, 91, p.open ?? 0);
  i64(view, 99, p.high ?? 0);
  i64(view, 107, p.low ?? 0);
  i64(view, 115, p.close ?? 0);
  if (p.mode === 2) return bytes;
  i64(view, 123, p.lastTradedTimestamp ?? 0);
  i64(view, 131, p.openInterest ?? 0);
  view.setFloat64(139, p.oiChange ?? 0, true);
  const levels = [...(p.buys ?? []), ...(p.sells ?? [])];
  levels.forEach((level, i) => {
    const at = 147 + i * 20;
    view.setInt16(at, level.flag ?? (i < 5 ? 1 : 0), true);
    i64(view, at + 2, level.quantity);
    i64(view, at + 10, level.price);
    view.setInt16(at + 18, level.orders, true);
  });
  i64(view, 347, p.upperCircuit ?? 0);
  i64(view, 355, p.lowerCircuit ?? 0);
  i64(view, 363, p.high52 ?? 0);
  i64(view, 371, p.low52 ?? 0);
  return bytes;
}

/** SBIN on nse_cm, SnapQuote: every field distinct so a swapped offset shows. */
export const SBIN_SNAP: HandPacket = {
  mode: 3,
  exchangeType: 1,
  token: '3045',
  sequence: 987_654_321,
  exchangeTimestamp: 1_733_200_000_123,
  ltp: 81_250,
  lastQuantity: 15,
  averagePrice: 81_012,
  volume: 12_345_678,
  totalBuyQuantity: 456_789,
  totalSellQuantity: 567_890,
  open: 80_500,
  high: 81_900,
  low: 80_100,
  close: 80_775,
  lastTradedTimestamp: 1_733_199_999_000,
  openInterest: 0,
  oiChange: 12.5,
  buys: [
    { price: 81_245, quantity: 100, orders: 3 },
    { price: 81_240, quantity: 200, orders: 4 },
    { price: 81_235, quantity: 300, orders: 5 },
    { price: 81_230, quantity: 400, orders: 6 },
    { price: 81_225, quantity: 500, orders: 7 },
  ],
  sells: [
    { price: 81_255, quantity: 110, orders: 8 },
    { price: 81_260, quantity: 210, orders: 9 },
    { price: 81_265, quantity: 310, orders: 10 },
    { price: 81_270, quantity: 410, orders: 11 },
    { price: 81_275, quantity: 510, orders: 12 },
  ],
  upperCircuit: 88_850,
  lowerCircuit: 72_700,
  high52: 91_200,
  low52: 60_050,
};
