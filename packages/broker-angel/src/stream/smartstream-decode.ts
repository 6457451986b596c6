import type { DepthLevel } from '@openalgo/core';
import type { SmartStreamMode } from './smartstream-packet.js';

/** One decoded SmartStream packet; prices in rupees, fields present from the mode that carries them. */
export interface AngelTick {
  mode: SmartStreamMode;
  exchangeType: number;
  token: string;
  sequence: number;
  /** Epoch ms; 0 when the exchange sent none. */
  exchangeTimestamp: number;
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
  bids?: DepthLevel[];
  asks?: DepthLevel[];
  upperCircuit?: number;
  lowerCircuit?: number;
  high52Week?: number;
  low52Week?: number;
}

export type DecodeResult = AngelTick | 'short' | 'unknown-mode';

/**
 * The decoder spells §2.9's offsets out as literals (the simulator's encoder writes from the shared
 * `OFFSET` table, so the two are independent readings of one layout and the packet tests hold them to
 * each other and to hand-built bytes). Literals also keep the per-packet path free of lookups: under
 * some module loaders (vitest's) even a module constant costs a read per use.
 */
/**
 * Packets are copied into one static buffer and read through one static DataView: constructing a
 * DataView per packet costs more than the rest of the decode, and a copy of 379 bytes is a memcpy.
 * (Decoding is synchronous and single-threaded, so one scratch buffer serves every packet.)
 */
const SCRATCH_BYTES = 512;
const scratchBytes = new Uint8Array(SCRATCH_BYTES);
const view = new DataView(scratchBytes.buffer);

/** An i64 as a number (exact below 2⁵³, far beyond any price, quantity or timestamp); no BigInt. */
function i64(at: number): number {
  return view.getInt32(at + 4, true) * 4_294_967_296 + view.getUint32(at, true);
}

/** Token strings repeat on every packet: digits-only tokens are cached by value. */
const tokenCache = new Map<number, string>();
const MAX_CACHED_TOKENS = 100_000;

function readToken(bytes: Uint8Array, start: number): string {
  let end = start;
  const limit = start + 25;
  let numeric = 0;
  let digits = true;
  while (end < limit) {
    const c = bytes[end] as number;
    if (c === 0) break;
    if (c < 48 || c > 57) digits = false;
    else numeric = numeric * 10 + (c - 48);
    end++;
  }
  // Fifteen digits stay exact as a number; a leading zero would make two spellings share one key.
  if (digits && end > start && end - start <= 15 && bytes[start] !== 48) {
    const cached = tokenCache.get(numeric);
    if (cached !== undefined) return cached;
    const token = String(numeric);
    if (tokenCache.size < MAX_CACHED_TOKENS) tokenCache.set(numeric, token);
    return token;
  }
  let token = '';
  for (let i = start; i < end; i++) token += String.fromCharCode(bytes[i] as number);
  return token;
}

function level(at: number, divisor: number): DepthLevel {
  return { price: i64(at + 10) / divisor, quantity: i64(at + 2), orders: view.getInt16(at + 18, true) };
}

/** Five levels from `from`, written out: one array literal, no pushes (this runs per packet). */
function bestFive(from: number, divisor: number): DepthLevel[] {
  return [
    level(from, divisor),
    level(from + 20, divisor),
    level(from + 40, divisor),
    level(from + 60, divisor),
    level(from + 80, divisor),
  ];
}

/**
 * Decodes one packet (one binary frame). Like the official JS SDK, the best five are split by
 * position — five buys, then five sells — not by each entry's flag. Depth-20 (mode 4) is not decoded:
 * OpenAlgo's `depth` is SnapQuote's best five, so it is never subscribed.
 */
export function decodeSmartStreamPacket(bytes: Uint8Array): DecodeResult {
  if (bytes.length < 51) return 'short';
  const mode = bytes[0] as number;
  if (mode !== 1 && mode !== 2 && mode !== 3) return 'unknown-mode';
  if (bytes.length < (mode === 1 ? 51 : mode === 2 ? 123 : 379)) {
    return 'short';
  }
  scratchBytes.set(bytes.length <= SCRATCH_BYTES ? bytes : bytes.subarray(0, SCRATCH_BYTES));
  const exchangeType = bytes[1] as number;
  // Prices are paise; currency (cde_fo, 13) in units of 10⁻⁷ rupee.
  const divisor = exchangeType === 13 ? 10_000_000 : 100;
  const token = readToken(bytes, 2);
  // Each mode builds its object in one literal, so every packet of a mode shares one shape.
  if (mode === 1) {
    return {
      mode,
      exchangeType,
      token,
      sequence: i64(27),
      exchangeTimestamp: i64(35),
      ltp: i64(43) / divisor,
    };
  }
  if (mode === 2) {
    return {
      mode,
      exchangeType,
      token,
      sequence: i64(27),
      exchangeTimestamp: i64(35),
      ltp: i64(43) / divisor,
      lastQuantity: i64(51),
      averagePrice: i64(59) / divisor,
      volume: i64(67),
      // Doubles on the wire, whole numbers in fact; rounded so a stray fraction cannot fail an int field.
      totalBuyQuantity: Math.round(view.getFloat64(75, true)),
      totalSellQuantity: Math.round(view.getFloat64(83, true)),
      open: i64(91) / divisor,
      high: i64(99) / divisor,
      low: i64(107) / divisor,
      close: i64(115) / divisor,
    };
  }
  return {
    mode,
    exchangeType,
    token,
    sequence: i64(27),
    exchangeTimestamp: i64(35),
    ltp: i64(43) / divisor,
    lastQuantity: i64(51),
    averagePrice: i64(59) / divisor,
    volume: i64(67),
    totalBuyQuantity: Math.round(view.getFloat64(75, true)),
    totalSellQuantity: Math.round(view.getFloat64(83, true)),
    open: i64(91) / divisor,
    high: i64(99) / divisor,
    low: i64(107) / divisor,
    close: i64(115) / divisor,
    lastTradedTimestamp: i64(123),
    openInterest: i64(131),
    bids: bestFive(147, divisor),
    asks: bestFive(247, divisor),
    upperCircuit: i64(347) / divisor,
    lowerCircuit: i64(355) / divisor,
    high52Week: i64(363) / divisor,
    low52Week: i64(371) / divisor,
  };
}
