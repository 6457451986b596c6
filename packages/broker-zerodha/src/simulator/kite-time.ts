import { istParts } from '@openalgo/core';

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `2021-05-31 09:18:57`: how Kite prints times in books and quotes (IST wall clock). */
export function kiteDateTime(epochMs: number): string {
  const p = istParts(epochMs);
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
}

/** `09:18:57`: the bare time a trade's `order_timestamp` carries. */
export function kiteTimeOfDay(epochMs: number): string {
  const p = istParts(epochMs);
  return `${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
}

/** `2019-12-04T09:15:00+0530`: candle timestamps (no colon in the offset). */
export function kiteCandleTime(epochMs: number): string {
  const p = istParts(epochMs);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}+0530`;
}

/** `YYMMDD` of the IST day, the prefix of Kite's order ids. */
export function kiteIdDate(epochMs: number): string {
  const p = istParts(epochMs);
  return `${pad(p.year % 100)}${pad(p.month)}${pad(p.day)}`;
}
