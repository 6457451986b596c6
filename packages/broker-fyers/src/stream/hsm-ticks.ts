import type { DepthLevel, InstrumentRef, StreamMode, Tick } from '@openalgo/core';
import { type HsmTopic, valueAt } from './hsm-decode.js';
import { at, type HsmFieldMap } from './hsm-field-map.js';

/** Positions of the keys a tick reads, worked out once per field map. */
export interface TickPositions {
  s: Record<
    'ltp' | 'v' | 'ltt' | 'fdtm' | 'ltq' | 'tbq' | 'tsq' | 'ap' | 'oi' | 'lo' | 'h' | 'op' | 'c',
    number
  >;
  i: Record<'iv' | 'ic' | 'tvalue' | 'highPrice' | 'lowPrice' | 'openingPrice', number>;
  d: { bp: number[]; sp: number[]; bq: number[]; bs: number[]; bno: number[]; sno: number[] };
}

const suffixed = (base: string) => [base, `${base}1`, `${base}2`, `${base}3`, `${base}4`];
const numbered = (base: string) => [1, 2, 3, 4, 5].map((n) => `${base}${n}`);

export function tickPositions(map: HsmFieldMap): TickPositions {
  const s = {} as TickPositions['s'];
  for (const key of [
    'ltp',
    'v',
    'ltt',
    'fdtm',
    'ltq',
    'tbq',
    'tsq',
    'ap',
    'oi',
    'lo',
    'h',
    'op',
    'c',
  ] as const)
    s[key] = at(map.scrip, key);
  const i = {} as TickPositions['i'];
  for (const key of ['iv', 'ic', 'tvalue', 'highPrice', 'lowPrice', 'openingPrice'] as const)
    i[key] = at(map.index, key);
  const pos = (keys: string[]) => keys.map((key) => at(map.depth, key));
  return {
    s,
    i,
    d: {
      bp: pos(suffixed('bp')),
      sp: pos(suffixed('sp')),
      bq: pos(suffixed('bq')),
      bs: pos(suffixed('bs')),
      bno: pos(numbered('bno')),
      sno: pos(numbered('sno')),
    },
  };
}

function nonNegativeInt(value: number | undefined): number | undefined {
  return value !== undefined && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

function timestampMs(seconds: number | undefined, fallbackMs: number): number {
  return seconds !== undefined && seconds > 0 ? seconds * 1000 : fallbackMs;
}

/** A scrip (`sf`) topic as a unified tick at `mode`; undefined until the server has sent an LTP. */
export function scripTick(
  topic: HsmTopic,
  ref: InstrumentRef,
  mode: StreamMode,
  p: TickPositions,
  nowMs: number,
): Tick | undefined {
  const ltp = valueAt(topic, p.s.ltp);
  if (ltp === undefined) return undefined;
  const tick: Tick = {
    symbol: ref.symbol,
    exchange: ref.exchange,
    mode,
    ltp,
    timestamp: timestampMs(valueAt(topic, p.s.ltt) ?? valueAt(topic, p.s.fdtm), nowMs),
  };
  if (mode === 'ltp') return tick;
  const set = <K extends keyof Tick>(key: K, value: Tick[K] | undefined) => {
    if (value !== undefined) tick[key] = value;
  };
  set('open', valueAt(topic, p.s.op));
  set('high', valueAt(topic, p.s.h));
  set('low', valueAt(topic, p.s.lo));
  const close = valueAt(topic, p.s.c);
  set('close', close);
  if (close !== undefined && close !== 0) tick.change = ltp - close;
  set('volume', nonNegativeInt(valueAt(topic, p.s.v)));
  set('lastQuantity', nonNegativeInt(valueAt(topic, p.s.ltq)));
  set('averagePrice', valueAt(topic, p.s.ap));
  set('totalBuyQuantity', nonNegativeInt(valueAt(topic, p.s.tbq)));
  set('totalSellQuantity', nonNegativeInt(valueAt(topic, p.s.tsq)));
  set('oi', nonNegativeInt(valueAt(topic, p.s.oi)));
  return tick;
}

/** An index (`if`) topic: LTP and the day's OHLC, never depth or volume. */
export function indexTick(
  topic: HsmTopic,
  ref: InstrumentRef,
  mode: StreamMode,
  p: TickPositions,
  nowMs: number,
): Tick | undefined {
  const ltp = valueAt(topic, p.i.iv);
  if (ltp === undefined) return undefined;
  const tick: Tick = {
    symbol: ref.symbol,
    exchange: ref.exchange,
    mode,
    ltp,
    timestamp: timestampMs(valueAt(topic, p.i.tvalue), nowMs),
  };
  if (mode === 'ltp') return tick;
  const open = valueAt(topic, p.i.openingPrice);
  const high = valueAt(topic, p.i.highPrice);
  const low = valueAt(topic, p.i.lowPrice);
  const close = valueAt(topic, p.i.ic);
  if (open !== undefined) tick.open = open;
  if (high !== undefined) tick.high = high;
  if (low !== undefined) tick.low = low;
  if (close !== undefined) {
    tick.close = close;
    if (close !== 0) tick.change = ltp - close;
  }
  return tick;
}

function side(topic: HsmTopic, prices: number[], sizes: number[], orders: number[]): DepthLevel[] {
  const levels: DepthLevel[] = [];
  for (let i = 0; i < 5; i++) {
    const price = valueAt(topic, prices[i] as number) ?? 0;
    const quantity = nonNegativeInt(valueAt(topic, sizes[i] as number)) ?? 0;
    const count = nonNegativeInt(valueAt(topic, orders[i] as number));
    levels.push(count === undefined ? { price, quantity } : { price, quantity, orders: count });
  }
  return levels;
}

/** Five levels a side from a `dp` topic, best first. */
export function depthLevels(topic: HsmTopic, p: TickPositions): { bids: DepthLevel[]; asks: DepthLevel[] } {
  return { bids: side(topic, p.d.bp, p.d.bq, p.d.bno), asks: side(topic, p.d.sp, p.d.bs, p.d.sno) };
}
