/**
 * Fyers HSM market-data socket, the client's side of the wire (brokers.md §3.9). Binary, big-endian
 * both ways. A control frame is `u16 length · u8 type · u8 fieldCount · fields`, each field
 * `u8 id · u16 len · bytes`. The server's u16 length is never trusted: the WebSocket frame already
 * says how long the frame is (the Python SDK sends wrong prefixes, so a server may too).
 */

export const HSM_CONNECT = 1;
export const HSM_ACK = 3;
export const HSM_SUBSCRIBE = 4;
export const HSM_UNSUBSCRIBE = 5;
export const HSM_DATA = 6;
export const HSM_PAUSE = 7;
export const HSM_RESUME = 8;
export const HSM_PING = 11;
export const HSM_MODE = 12;

/** Who we are in the connect frame's f4 (the SDKs send `JS_API`, `PythonSDK-3.0.9`; OpenAlgo `OpenAlgo-HSM`). */
export const HSM_SOURCE = 'OpenAlgo-TS';
/** ≤1500 topics per subscribe frame (§3.7). */
export const HSM_MAX_TOPICS_PER_FRAME = 1500;

const ascii = (text: string): Buffer => Buffer.from(text, 'latin1');

function field(id: number, bytes: Uint8Array): Buffer {
  const head = Buffer.alloc(3);
  head.writeUInt8(id, 0);
  head.writeUInt16BE(bytes.byteLength, 1);
  return Buffer.concat([head, bytes]);
}

function frame(type: number, fields: readonly Buffer[]): Buffer {
  const body = Buffer.concat(fields);
  const head = Buffer.alloc(4);
  head.writeUInt16BE(body.byteLength + 2, 0);
  head.writeUInt8(type, 2);
  head.writeUInt8(fields.length, 3);
  return Buffer.concat([head, body]);
}

/** `u8 one` byte field. */
const byte = (value: number): Buffer => Buffer.from([value]);

/** connect (1): f1 hsm_key · f2 mode `P` · f3 `01` · f4 source. */
export function encodeConnect(hsmKey: string, source = HSM_SOURCE): Buffer {
  return frame(HSM_CONNECT, [
    field(1, ascii(hsmKey)),
    field(2, ascii('P')),
    field(3, byte(1)),
    field(4, ascii(source)),
  ]);
}

/** subscribe (4) / unsubscribe (5): f1 `u16 count` + per topic `u8 len · ascii`; f2 `u8 channel`. */
export function encodeTopics(
  type: typeof HSM_SUBSCRIBE | typeof HSM_UNSUBSCRIBE,
  topics: readonly string[],
  channel: number,
): Buffer {
  const parts: Buffer[] = [Buffer.alloc(2)];
  (parts[0] as Buffer).writeUInt16BE(topics.length, 0);
  for (const topic of topics) {
    const bytes = ascii(topic);
    parts.push(byte(bytes.byteLength), bytes);
  }
  return frame(type, [field(1, Buffer.concat(parts)), field(2, byte(channel))]);
}

/** 8-byte channel bitmask: high u32 then low u32, channel n sets bit n. */
export function channelMask(channels: readonly number[]): Buffer {
  let high = 0;
  let low = 0;
  for (const channel of channels) {
    if (channel >= 32) high |= 1 << (channel - 32);
    else low |= 1 << channel;
  }
  const out = Buffer.alloc(8);
  out.writeUInt32BE(high >>> 0, 0);
  out.writeUInt32BE(low >>> 0, 4);
  return out;
}

/** mode (12): f1 channel bitmask · f2 `L` (lite, LTP only) or `F` (full). */
export function encodeMode(channels: readonly number[], mode: 'lite' | 'full'): Buffer {
  return frame(HSM_MODE, [field(1, channelMask(channels)), field(2, ascii(mode === 'lite' ? 'L' : 'F'))]);
}

/** resume (8) / pause (7): f1 channel bitmask. */
export function encodeChannels(
  type: typeof HSM_PAUSE | typeof HSM_RESUME,
  channels: readonly number[],
): Buffer {
  return frame(type, [field(1, channelMask(channels))]);
}

/** ack (3): f1 `u32 msgNo`, after every `ackCount` data frames. */
export function encodeAck(messageNumber: number): Buffer {
  const n = Buffer.alloc(4);
  n.writeUInt32BE(messageNumber >>> 0, 0);
  return frame(HSM_ACK, [field(1, n)]);
}

/** ping: `00 01 0b` (length 1, type 11, no field count), as the Python SDK sends every 10 s. */
export const PING_FRAME: Buffer = Buffer.from([0x00, 0x01, HSM_PING]);

/** A control reply's fields by id (connect ack, sub/unsub/mode acks). */
export function readFields(bytes: Uint8Array): Map<number, Uint8Array> | undefined {
  if (bytes.byteLength < 4) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint8(3);
  const fields = new Map<number, Uint8Array>();
  let at = 4;
  for (let i = 0; i < count; i++) {
    if (at + 3 > bytes.byteLength) return undefined;
    const id = view.getUint8(at);
    const length = view.getUint16(at + 1);
    if (at + 3 + length > bytes.byteLength) return undefined;
    fields.set(id, bytes.subarray(at + 3, at + 3 + length));
    at += 3 + length;
  }
  return fields;
}

export interface ConnectReply {
  ok: boolean;
  /** Data frames between acks; 0 = the server wants no acks. */
  ackCount: number;
  /** The f3 JSON field map, undefined when the server sent none. */
  fieldMap: unknown;
}

export function readConnectReply(bytes: Uint8Array): ConnectReply | undefined {
  const fields = readFields(bytes);
  const status = fields?.get(1);
  if (!fields || !status || status.byteLength < 1) return undefined;
  const ackField = fields.get(2);
  const ackCount =
    ackField && ackField.byteLength >= 4
      ? new DataView(ackField.buffer, ackField.byteOffset, 4).getUint32(0)
      : 0;
  const mapField = fields.get(3);
  let fieldMap: unknown;
  if (mapField) {
    try {
      fieldMap = JSON.parse(Buffer.from(mapField).toString('utf8'));
    } catch {
      fieldMap = undefined;
    }
  }
  return { ok: status[0] === 0x4b, ackCount, fieldMap };
}

/** `'K'` in f1 of a sub/unsub/mode ack; anything else (`'N'`) is a refusal. */
export function isOkReply(bytes: Uint8Array): boolean {
  return readFields(bytes)?.get(1)?.[0] === 0x4b;
}
