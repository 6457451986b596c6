import type { SimulatorSocket } from '@openalgo/testkit/simulator';
import { type DataItem, dataFrame } from './hsm-encode.js';

/** What one subscribed topic streams from. */
export interface HsmFeedInstrument {
  /** The fyToken (14–16 digits). */
  fyToken: string;
  /** `NSE:SBIN-EQ`. */
  ticker: string;
  /** HSM segment (`nse_cm`). */
  segment: string;
  /** Exchange token (`3045`; an index's feed name for `if` topics). */
  exchangeToken: string;
  index: boolean;
  /** Decimal places prices travel with: 2, or 4 for currency [unverified for the real server]. */
  precision: number;
}

export interface TopicState {
  id: number;
  name: string;
  kind: 'sf' | 'if' | 'dp';
  channel: number;
  instrument: HsmFeedInstrument;
}

/** One client of the HSM server: its key, channels, modes, topics and message numbers. */
export class HsmConnection {
  hsmKey: string | undefined;
  /** Every data frame carries the next number; acks report the last one seen. */
  private nextMessage = 1;
  lastAcked = 0;
  acks = 0;
  pings = 0;
  readonly topics = new Map<string, TopicState>();
  private nextTopicId = 1;
  /** Channels paused with a pause frame; a channel is live until paused (Python never resumes). */
  readonly paused = new Set<number>();
  /** Lite channels; full unless a mode frame said `L`. */
  readonly lite = new Set<number>();

  constructor(readonly socket: SimulatorSocket) {}

  get authenticated(): boolean {
    return this.hsmKey !== undefined;
  }

  addTopic(
    name: string,
    kind: TopicState['kind'],
    channel: number,
    instrument: HsmFeedInstrument,
  ): TopicState {
    const existing = this.topics.get(name);
    if (existing) {
      existing.channel = channel;
      return existing;
    }
    const state: TopicState = { id: this.nextTopicId++ & 0xffff, name, kind, channel, instrument };
    this.topics.set(name, state);
    return state;
  }

  removeTopic(name: string): TopicState | undefined {
    const state = this.topics.get(name);
    if (state) this.topics.delete(name);
    return state;
  }

  live(topic: TopicState): boolean {
    return !this.paused.has(topic.channel);
  }

  isLite(topic: TopicState): boolean {
    return this.lite.has(topic.channel);
  }

  send(items: readonly DataItem[]): void {
    if (items.length === 0) return;
    this.socket.send(dataFrame(this.nextMessage++, items));
  }

  /** Channels named by an 8-byte mask: high u32 then low u32, channel n = bit n. */
  static channels(mask: Uint8Array): number[] {
    if (mask.byteLength < 8) return [];
    const view = new DataView(mask.buffer, mask.byteOffset, 8);
    const high = view.getUint32(0);
    const low = view.getUint32(4);
    const out: number[] = [];
    for (let bit = 0; bit < 32; bit++) if (low & (1 << bit)) out.push(bit);
    for (let bit = 0; bit < 32; bit++) if (high & (1 << bit)) out.push(bit + 32);
    return out;
  }
}

/**
 * A client frame's fields. The u16 length prefix is ignored — the Python SDK sends 0 or garbage
 * there (§3.9) — and the WebSocket frame's length bounds the parse instead.
 */
export function clientFields(frame: Uint8Array): Map<number, Uint8Array> | undefined {
  if (frame.byteLength < 4) return undefined;
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const count = frame[3] as number;
  const fields = new Map<number, Uint8Array>();
  let at = 4;
  for (let i = 0; i < count; i++) {
    if (at + 3 > frame.byteLength) return undefined;
    const length = view.getUint16(at + 1);
    if (at + 3 + length > frame.byteLength) return undefined;
    fields.set(frame[at] as number, frame.subarray(at + 3, at + 3 + length));
    at += 3 + length;
  }
  return fields;
}

/** f1 of subscribe/unsubscribe: `u16 count` then `u8 len · ascii topic` per topic. */
export function topicList(field: Uint8Array | undefined): string[] {
  if (!field || field.byteLength < 2) return [];
  const count = (field[0] as number) * 256 + (field[1] as number);
  const topics: string[] = [];
  let at = 2;
  for (let i = 0; i < count && at < field.byteLength; i++) {
    const length = field[at] as number;
    if (at + 1 + length > field.byteLength) break;
    topics.push(Buffer.from(field.subarray(at + 1, at + 1 + length)).toString('latin1'));
    at += 1 + length;
  }
  return topics;
}
