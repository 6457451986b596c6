import { DEFAULT_FIELD_MAP, type HsmFieldMap, type TopicLayout } from './hsm-field-map.js';

/**
 * HSM data frames (type 6, brokers.md §3.9):
 *
 *   0 u16 length (ignored: the WebSocket frame's own length is used) · 2 u8 type 6 ·
 *   3 u32 message number · 7 u16 item count · 9 items
 *
 *   'S' snapshot: u16 topicId · u8 n · topic (n) · u8 k · k × i32 · 2 skipped · u16 multiplier ·
 *                 u8 precision · u8-prefixed exchange segment, exchange token, trading symbol
 *   'U' update:   u16 topicId · u8 k · k × i32, positional; 0x80000000 = unchanged
 *   'L' lite:     u16 topicId · hfid × i32 (the first `hfid` positions; LTP by default)
 *
 * A topic's values are kept raw in an Int32Array and scaled when read, so a frame is decoded
 * without allocating anything but a new topic's state on its snapshot.
 */

export const NO_VALUE = -2147483648;
export const ITEM_SNAPSHOT = 0x53;
export const ITEM_UPDATE = 0x55;
export const ITEM_LITE = 0x4c;
export const DATA_HEADER_BYTES = 9;

export type TopicKind = 'sf' | 'if' | 'dp';

export interface HsmTopic {
  readonly id: number;
  /** `sf|nse_cm|3045`, `if|nse_cm|Nifty 50`, `dp|nse_cm|3045`. */
  readonly name: string;
  readonly kind: TopicKind;
  readonly layout: TopicLayout;
  /** Raw values in map order; NO_VALUE until the server sends one. */
  readonly raw: Int32Array;
  /** 10^precision × multiplier: a price is raw / divisor. */
  readonly divisor: number;
  readonly segment: string;
  readonly token: string;
  readonly tradingSymbol: string;
}

export function topicKind(name: string): TopicKind | undefined {
  const prefix = name.slice(0, 3);
  if (prefix === 'sf|') return 'sf';
  if (prefix === 'if|') return 'if';
  if (prefix === 'dp|') return 'dp';
  return undefined;
}

/** A position's value as the client sees it: prices scaled, the rest raw; undefined when not sent. */
export function valueAt(topic: HsmTopic, position: number): number | undefined {
  if (position < 0 || position >= topic.raw.length) return undefined;
  const raw = topic.raw[position] as number;
  if (raw === NO_VALUE) return undefined;
  return topic.layout.prices[position] ? raw / topic.divisor : raw;
}

/** The topics of one connection, by the server's topicId (reset on every connect). */
export class HsmTopics {
  private byId: (HsmTopic | undefined)[] = [];
  map: HsmFieldMap = DEFAULT_FIELD_MAP;

  get(id: number): HsmTopic | undefined {
    return this.byId[id];
  }

  reset(map: HsmFieldMap): void {
    this.byId = [];
    this.map = map;
  }

  layoutOf(kind: TopicKind): TopicLayout {
    return kind === 'sf' ? this.map.scrip : kind === 'if' ? this.map.index : this.map.depth;
  }

  set(topic: HsmTopic): void {
    this.byId[topic.id] = topic;
  }
}

export interface DataFrameStats {
  messageNumber: number;
  /** Items decoded and delivered. */
  items: number;
  /** Items skipped: an update for a topicId no snapshot introduced, or a topic of unknown kind. */
  unknown: number;
  /** The frame ended inside an item, or held an item kind HSM does not define (the rest is unreadable). */
  truncated: boolean;
}

export type ItemListener = (
  topic: HsmTopic,
  item: typeof ITEM_SNAPSHOT | typeof ITEM_UPDATE | typeof ITEM_LITE,
) => void;

function readString(bytes: Uint8Array, at: number, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += String.fromCharCode(bytes[at + i] as number);
  return text;
}

/** Decodes one data frame into `topics`, calling `onItem` after each item is applied. */
export function decodeDataFrame(bytes: Uint8Array, topics: HsmTopics, onItem: ItemListener): DataFrameStats {
  const end = bytes.byteLength;
  const stats: DataFrameStats = { messageNumber: 0, items: 0, unknown: 0, truncated: false };
  if (end < DATA_HEADER_BYTES) {
    stats.truncated = true;
    return stats;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, end);
  stats.messageNumber = view.getUint32(3);
  const count = view.getUint16(7);
  let at = DATA_HEADER_BYTES;
  for (let item = 0; item < count; item++) {
    if (at + 3 > end) {
      stats.truncated = true;
      return stats;
    }
    const kind = bytes[at] as number;
    const id = view.getUint16(at + 1);
    if (kind === ITEM_UPDATE) {
      if (at + 4 > end) break;
      const k = bytes[at + 3] as number;
      const next = at + 4 + k * 4;
      if (next > end) break;
      const topic = topics.get(id);
      if (topic) {
        const raw = topic.raw;
        const n = Math.min(k, raw.length);
        for (let i = 0; i < n; i++) {
          const value = view.getInt32(at + 4 + i * 4);
          if (value !== NO_VALUE) raw[i] = value;
        }
        stats.items++;
        onItem(topic, ITEM_UPDATE);
      } else stats.unknown++;
      at = next;
    } else if (kind === ITEM_LITE) {
      const topic = topics.get(id);
      // A lite item's size comes from its topic's kind: without the snapshot the rest cannot be read.
      if (!topic) {
        stats.unknown++;
        stats.truncated = true;
        return stats;
      }
      const k = topic.layout.lite;
      const next = at + 3 + k * 4;
      if (next > end) break;
      for (let i = 0; i < k && i < topic.raw.length; i++) {
        const value = view.getInt32(at + 3 + i * 4);
        if (value !== NO_VALUE) topic.raw[i] = value;
      }
      stats.items++;
      onItem(topic, ITEM_LITE);
      at = next;
    } else if (kind === ITEM_SNAPSHOT) {
      const next = decodeSnapshot(bytes, view, at, id, topics, stats, onItem);
      if (next < 0) break;
      at = next;
    } else {
      stats.truncated = true;
      return stats;
    }
  }
  if (stats.items + stats.unknown < count) stats.truncated = true;
  return stats;
}

/** Returns the offset after the item, or -1 when the frame ends inside it. */
function decodeSnapshot(
  bytes: Uint8Array,
  view: DataView,
  start: number,
  id: number,
  topics: HsmTopics,
  stats: DataFrameStats,
  onItem: ItemListener,
): number {
  const end = bytes.byteLength;
  let at = start + 3;
  if (at + 1 > end) return -1;
  const n = bytes[at] as number;
  if (at + 1 + n + 1 > end) return -1;
  const name = readString(bytes, at + 1, n);
  at += 1 + n;
  const k = bytes[at] as number;
  const valuesAt = at + 1;
  at = valuesAt + k * 4;
  // 2 skipped bytes, u16 multiplier, u8 precision.
  if (at + 5 > end) return -1;
  const multiplier = view.getUint16(at + 2) || 1;
  const precision = bytes[at + 4] as number;
  at += 5;
  const strings: string[] = [];
  for (let s = 0; s < 3; s++) {
    if (at + 1 > end) return -1;
    const length = bytes[at] as number;
    if (at + 1 + length > end) return -1;
    strings.push(readString(bytes, at + 1, length));
    at += 1 + length;
  }
  const kind = topicKind(name);
  if (!kind) {
    stats.unknown++;
    return at;
  }
  const layout = topics.layoutOf(kind);
  const raw = new Int32Array(Math.max(k, layout.size)).fill(NO_VALUE);
  for (let i = 0; i < k; i++) raw[i] = view.getInt32(valuesAt + i * 4);
  const topic: HsmTopic = {
    id,
    name,
    kind,
    layout,
    raw,
    divisor: 10 ** precision * multiplier,
    segment: strings[0] as string,
    token: strings[1] as string,
    tradingSymbol: strings[2] as string,
  };
  topics.set(topic);
  stats.items++;
  onItem(topic, ITEM_SNAPSHOT);
  return at;
}
