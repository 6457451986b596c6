/**
 * SmartStream v2 binary packets (brokers.md §2.9): one little-endian packet per WebSocket frame, its
 * first byte the subscription mode. Shared by the adapter's decoder and the simulator's encoder, so
 * only the layout lives here; each side has its own tests against hand-built bytes.
 *
 *   off size type   field
 *     0    1 u8     subscription mode (1 LTP, 2 Quote, 3 SnapQuote, 4 Depth-20)
 *     1    1 u8     exchange type
 *     2   25 ascii  token, NUL-padded
 *    27    8 i64    sequence number
 *    35    8 i64    exchange timestamp, epoch ms
 *    43    8 i64    last traded price                                  → LTP ends (51 B)
 *    51    8 i64    last traded quantity
 *    59    8 i64    average traded price
 *    67    8 i64    volume traded today
 *    75    8 f64    total buy quantity
 *    83    8 f64    total sell quantity
 *    91/99/107/115  i64 open / high / low / close                       → Quote ends (123 B)
 *   123    8 i64    last traded timestamp
 *   131    8 i64    open interest
 *   139    8 f64    OI change % (the docs call it a dummy field)
 *   147  200        best five: 5 buy entries, then 5 sell (20 B each:
 *                   flag i16 · quantity i64 · price i64 · orders i16)
 *   347/355/363/371 i64 upper circuit / lower circuit / 52-week high / 52-week low → SnapQuote ends (379 B)
 */

export const MODE_LTP = 1;
export const MODE_QUOTE = 2;
export const MODE_SNAP_QUOTE = 3;
export const MODE_DEPTH_20 = 4;
export type SmartStreamMode = 1 | 2 | 3;

export const PACKET_BYTES: Readonly<Record<SmartStreamMode, number>> = { 1: 51, 2: 123, 3: 379 };

export const OFFSET = {
  mode: 0,
  exchangeType: 1,
  token: 2,
  sequence: 27,
  exchangeTimestamp: 35,
  ltp: 43,
  lastQuantity: 51,
  averagePrice: 59,
  volume: 67,
  totalBuyQuantity: 75,
  totalSellQuantity: 83,
  open: 91,
  high: 99,
  low: 107,
  close: 115,
  lastTradedTimestamp: 123,
  openInterest: 131,
  oiChangePercent: 139,
  bestFive: 147,
  upperCircuit: 347,
  lowerCircuit: 355,
  high52Week: 363,
  low52Week: 371,
} as const;

export const TOKEN_BYTES = 25;
export const BEST_FIVE_ENTRY_BYTES = 20;
export const BEST_FIVE_LEVELS = 5;
/** Within one best-five entry. */
export const ENTRY = { flag: 0, quantity: 2, price: 10, orders: 18 } as const;

/** Angel's exchange types (§2.9; the JS SDK's list, the docs name 1–5). */
export const EXCHANGE_TYPE = {
  nse_cm: 1,
  nse_fo: 2,
  bse_cm: 3,
  bse_fo: 4,
  mcx_fo: 5,
  ncx_fo: 7,
  cde_fo: 13,
} as const;

/** Angel's `exch_seg` (an instrument's `brexchange`) → the SmartStream exchange type. */
export const EXCHANGE_TYPE_OF_SEGMENT: Readonly<Record<string, number>> = {
  NSE: EXCHANGE_TYPE.nse_cm,
  NFO: EXCHANGE_TYPE.nse_fo,
  BSE: EXCHANGE_TYPE.bse_cm,
  BFO: EXCHANGE_TYPE.bse_fo,
  MCX: EXCHANGE_TYPE.mcx_fo,
  NCDEX: EXCHANGE_TYPE.ncx_fo,
  CDS: EXCHANGE_TYPE.cde_fo,
};

/** Prices are integer paise; currency (cde_fo) prices are in units of 10⁻⁷ rupee (§2.9). */
export function priceDivisor(exchangeType: number): number {
  return exchangeType === EXCHANGE_TYPE.cde_fo ? 10_000_000 : 100;
}
