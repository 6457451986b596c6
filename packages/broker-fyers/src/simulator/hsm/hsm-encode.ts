/**
 * The simulator's HSM frames, server → client, written from brokers.md §3.9 byte for byte (and kept
 * apart from the adapter's decoder, so a shared misreading would show as a failing fixture test):
 *
 *   control reply: u16 length · u8 type · u8 fieldCount · fields (u8 id · u16 len · bytes)
 *   connect ack:   f1 'K'|'N' · f2 u32 ackCount · f3 JSON field map
 *   data (6):      u16 length · 6 · u32 msgNo · u16 itemCount · items
 *   'S':           u16 topicId · u8 n · topic · u8 k · k × i32 · 2 skipped · u16 multiplier ·
 *                  u8 precision · u8-prefixed segment, exchange token, trading symbol
 *   'U':           u16 topicId · u8 k · k × i32
 *   'L':           u16 topicId · i32 LTP
 */

export const NO_VALUE = -2147483648;
const K = 0x4b;
const N = 0x4e;

function controlFrame(type: number, fields: readonly [number, Buffer][]): Buffer {
  const size = fields.reduce((n, [, bytes]) => n + 3 + bytes.length, 0);
  const out = Buffer.alloc(4 + size);
  out.writeUInt16BE(2 + size, 0);
  out.writeUInt8(type, 2);
  out.writeUInt8(fields.length, 3);
  let at = 4;
  for (const [id, bytes] of fields) {
    out.writeUInt8(id, at);
    out.writeUInt16BE(bytes.length, at + 1);
    bytes.copy(out, at + 3);
    at += 3 + bytes.length;
  }
  return out;
}

export function connectAck(ok: boolean, ackCount: number, fieldMapJson: string): Buffer {
  const count = Buffer.alloc(4);
  count.writeUInt32BE(ackCount, 0);
  return controlFrame(1, [
    [1, Buffer.from([ok ? K : N])],
    [2, count],
    [3, Buffer.from(fieldMapJson, 'utf8')],
  ]);
}

/** sub/unsub/pause/resume/mode replies: one status field. */
export function statusReply(type: number, ok: boolean): Buffer {
  return controlFrame(type, [[1, Buffer.from([ok ? K : N])]]);
}

/** Prices travel as integers: round(price × 10^precision × multiplier). */
export function scaled(price: number | undefined, precision: number, multiplier: number): number {
  if (price === undefined || !Number.isFinite(price)) return NO_VALUE;
  const value = Math.round(price * 10 ** precision * multiplier);
  return value > 2147483647 || value < -2147483647 ? NO_VALUE : value;
}

export interface SnapshotItem {
  kind: 'S';
  topicId: number;
  topic: string;
  values: readonly number[];
  multiplier: number;
  precision: number;
  segment: string;
  exchangeToken: string;
  tradingSymbol: string;
}
export interface UpdateItem {
  kind: 'U';
  topicId: number;
  values: readonly number[];
}
export interface LiteItem {
  kind: 'L';
  topicId: number;
  ltp: number;
}
export type DataItem = SnapshotItem | UpdateItem | LiteItem;

const latin1 = (text: string) => Buffer.from(text, 'latin1');

function itemSize(item: DataItem): number {
  if (item.kind === 'L') return 3 + 4;
  if (item.kind === 'U') return 4 + item.values.length * 4;
  return (
    4 +
    latin1(item.topic).length +
    1 +
    item.values.length * 4 +
    5 +
    3 +
    latin1(item.segment).length +
    latin1(item.exchangeToken).length +
    latin1(item.tradingSymbol).length
  );
}

function writeShortString(out: Buffer, at: number, text: string): number {
  const bytes = latin1(text);
  out.writeUInt8(bytes.length, at);
  bytes.copy(out, at + 1);
  return at + 1 + bytes.length;
}

function writeItem(out: Buffer, start: number, item: DataItem): number {
  let at = start;
  out.writeUInt8(item.kind.charCodeAt(0), at);
  out.writeUInt16BE(item.topicId, at + 1);
  at += 3;
  if (item.kind === 'L') {
    out.writeInt32BE(item.ltp, at);
    return at + 4;
  }
  if (item.kind === 'S') at = writeShortString(out, at, item.topic);
  out.writeUInt8(item.values.length, at);
  at += 1;
  for (const value of item.values) {
    out.writeInt32BE(value, at);
    at += 4;
  }
  if (item.kind === 'U') return at;
  out.writeUInt16BE(0, at); // the two bytes every reader skips
  out.writeUInt16BE(item.multiplier, at + 2);
  out.writeUInt8(item.precision, at + 4);
  at += 5;
  at = writeShortString(out, at, item.segment);
  at = writeShortString(out, at, item.exchangeToken);
  return writeShortString(out, at, item.tradingSymbol);
}

/** One data frame. The u16 length prefix is written truthfully (callers keep frames under 64 KiB). */
export function dataFrame(messageNumber: number, items: readonly DataItem[]): Buffer {
  const size = 9 + items.reduce((n, item) => n + itemSize(item), 0);
  const out = Buffer.alloc(size);
  out.writeUInt16BE(Math.min(0xffff, size - 2), 0);
  out.writeUInt8(6, 2);
  out.writeUInt32BE(messageNumber >>> 0, 3);
  out.writeUInt16BE(items.length, 7);
  let at = 9;
  for (const item of items) at = writeItem(out, at, item);
  return out;
}
