import {
  BEST_FIVE_ENTRY_BYTES,
  BEST_FIVE_LEVELS,
  ENTRY,
  MODE_LTP,
  MODE_QUOTE,
  OFFSET,
  PACKET_BYTES,
  priceDivisor,
  type SmartStreamMode,
  TOKEN_BYTES,
} from '../../stream/smartstream-packet.js';

/** One level of the best five, in rupees. */
export interface PacketLevel {
  price: number;
  quantity: number;
  orders: number;
}

/** What the simulator knows of one instrument at one moment, in rupees and epoch ms. */
export interface PacketData {
  exchangeType: number;
  token: string;
  sequence: number;
  exchangeTimestamp: number;
  ltp: number;
  lastQuantity: number;
  averagePrice: number;
  volume: number;
  totalBuyQuantity: number;
  totalSellQuantity: number;
  open: number;
  high: number;
  low: number;
  close: number;
  lastTradedTimestamp: number;
  openInterest: number;
  /** Best first; fewer than five are padded with empty levels. */
  bids: readonly PacketLevel[];
  asks: readonly PacketLevel[];
  upperCircuit: number;
  lowerCircuit: number;
  high52Week: number;
  low52Week: number;
}

const TWO_32 = 4_294_967_296;

/** An integer as i64 little-endian (exact below 2⁵³). */
function writeI64(view: DataView, at: number, value: number): void {
  const v = Math.trunc(value);
  const high = Math.floor(v / TWO_32);
  view.setUint32(at, v - high * TWO_32, true);
  view.setInt32(at + 4, high, true);
}

function writeLevels(
  view: DataView,
  from: number,
  levels: readonly PacketLevel[],
  buy: boolean,
  divisor: number,
): void {
  for (let i = 0; i < BEST_FIVE_LEVELS; i++) {
    const at = from + i * BEST_FIVE_ENTRY_BYTES;
    const level = levels[i];
    view.setInt16(at + ENTRY.flag, buy ? 1 : 0, true);
    writeI64(view, at + ENTRY.quantity, level?.quantity ?? 0);
    writeI64(view, at + ENTRY.price, Math.round((level?.price ?? 0) * divisor));
    view.setInt16(at + ENTRY.orders, level?.orders ?? 0, true);
  }
}

/**
 * One SmartStream packet (brokers.md §2.9) in `mode`: little-endian, prices as integer paise (÷10⁷
 * units for currency). The best five go out as five buys then five sells with their flags set, so
 * both the JS SDK (by position) and the Python SDK (by flag) read them right.
 */
export function encodeSmartStreamPacket(mode: SmartStreamMode, data: PacketData): Buffer {
  const bytes = Buffer.alloc(PACKET_BYTES[mode]);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const divisor = priceDivisor(data.exchangeType);
  const price = (at: number, rupees: number) => writeI64(view, at, Math.round(rupees * divisor));
  bytes[OFFSET.mode] = mode;
  bytes[OFFSET.exchangeType] = data.exchangeType;
  bytes.write(data.token.slice(0, TOKEN_BYTES), OFFSET.token, 'latin1');
  writeI64(view, OFFSET.sequence, data.sequence);
  writeI64(view, OFFSET.exchangeTimestamp, data.exchangeTimestamp);
  price(OFFSET.ltp, data.ltp);
  if (mode === MODE_LTP) return bytes;
  writeI64(view, OFFSET.lastQuantity, data.lastQuantity);
  price(OFFSET.averagePrice, data.averagePrice);
  writeI64(view, OFFSET.volume, data.volume);
  view.setFloat64(OFFSET.totalBuyQuantity, data.totalBuyQuantity, true);
  view.setFloat64(OFFSET.totalSellQuantity, data.totalSellQuantity, true);
  price(OFFSET.open, data.open);
  price(OFFSET.high, data.high);
  price(OFFSET.low, data.low);
  price(OFFSET.close, data.close);
  if (mode === MODE_QUOTE) return bytes;
  writeI64(view, OFFSET.lastTradedTimestamp, data.lastTradedTimestamp);
  writeI64(view, OFFSET.openInterest, data.openInterest);
  view.setFloat64(OFFSET.oiChangePercent, 0, true);
  writeLevels(view, OFFSET.bestFive, data.bids, true, divisor);
  writeLevels(view, OFFSET.bestFive + BEST_FIVE_LEVELS * BEST_FIVE_ENTRY_BYTES, data.asks, false, divisor);
  price(OFFSET.upperCircuit, data.upperCircuit);
  price(OFFSET.lowerCircuit, data.lowerCircuit);
  price(OFFSET.high52Week, data.high52Week);
  price(OFFSET.low52Week, data.low52Week);
  return bytes;
}
