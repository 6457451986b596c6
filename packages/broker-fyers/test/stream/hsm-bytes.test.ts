import { describe, expect, it } from 'vitest';
import { clientFields, HsmConnection, topicList } from '../../src/simulator/hsm/hsm-connection.js';
import { connectAck, dataFrame, statusReply } from '../../src/simulator/hsm/hsm-encode.js';
import { decodeDataFrame, type HsmTopic, HsmTopics, valueAt } from '../../src/stream/hsm-decode.js';
import {
  encodeAck,
  encodeChannels,
  encodeConnect,
  encodeMode,
  encodeTopics,
  HSM_PAUSE,
  HSM_RESUME,
  HSM_SUBSCRIBE,
  isOkReply,
  PING_FRAME,
  readConnectReply,
} from '../../src/stream/hsm-frames.js';

/**
 * Byte fixtures written by hand from brokers.md §3.9 (the client frames are the JS SDK's captured
 * bytes). The client's encoder and decoder and the simulator's encoder are each held to these
 * bytes, so neither side can share a mistake with the other unnoticed.
 */
const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');

describe('client frames match the captured JS SDK bytes (§3.9)', () => {
  it('connect: hsm_key, mode P, 01, source', () => {
    expect(encodeConnect('abc123hsmkey', 'JS_API').toString('hex')).toBe(
      hex('0022 01 04 01 000c 61626331323368736d6b6579 02 0001 50 03 0001 01 04 0006 4a535f415049').toString(
        'hex',
      ),
    );
  });

  it('subscribe sf|nse_cm|3045 on channel 11', () => {
    expect(encodeTopics(HSM_SUBSCRIBE, ['sf|nse_cm|3045'], 11)).toEqual(
      hex('001a 04 02 01 0011 0001 0e 73667c6e73655f636d7c33303435 02 0001 0b'),
    );
  });

  it('mode lite on channel 11, and the pause-all / resume pair', () => {
    expect(encodeMode([11], 'lite')).toEqual(hex('0011 0c 02 01 0008 0000000000000800 02 0001 4c'));
    const others = Array.from({ length: 30 }, (_, i) => i + 1).filter((c) => c !== 11);
    expect(encodeChannels(HSM_PAUSE, others)).toEqual(hex('000d 07 01 01 0008 00000000 7ffff7fe'));
    expect(encodeChannels(HSM_RESUME, [11])).toEqual(hex('000d 08 01 01 0008 00000000 00000800'));
  });

  it('ack carries the message number; ping is 00 01 0b', () => {
    expect(encodeAck(0x01020304)).toEqual(hex('0009 03 01 01 0004 01020304'));
    expect(PING_FRAME).toEqual(hex('00 01 0b'));
  });
});

describe('server frames: simulator encoder and client decoder against the same bytes', () => {
  it('sub ack K', () => {
    const ack = hex('0006 04 01 01 0001 4b');
    expect(statusReply(4, true)).toEqual(ack);
    expect(isOkReply(ack)).toBe(true);
    expect(isOkReply(hex('0006 04 01 01 0001 4e'))).toBe(false);
  });

  it('connect ack: K, ackCount, field map', () => {
    const frame = connectAck(true, 3, '{"a":1}');
    expect(frame).toEqual(hex('0017 01 03 01 0001 4b 02 0004 00000003 03 0007 7b2261223a317d'));
    expect(readConnectReply(frame)).toEqual({ ok: true, ackCount: 3, fieldMap: { a: 1 } });
    expect(readConnectReply(connectAck(false, 1, '{}'))?.ok).toBe(false);
  });

  const SNAPSHOT = hex(
    '003b 06 00000007 0001 ' +
      '53 0001 0e 73667c6e73655f636d7c33303435 02 0000ea92 000003e8 0000 0001 02 06 6e73655f636d 04 33303435 07 5342494e2d4551',
  );
  const UPDATES = hex('001a 06 00000008 0002 55 0001 02 0000ea9c 80000000 4c 0001 0000eaa6');

  it('the simulator writes S, U and L items byte for byte', () => {
    expect(
      dataFrame(7, [
        {
          kind: 'S',
          topicId: 1,
          topic: 'sf|nse_cm|3045',
          values: [60050, 1000],
          multiplier: 1,
          precision: 2,
          segment: 'nse_cm',
          exchangeToken: '3045',
          tradingSymbol: 'SBIN-EQ',
        },
      ]),
    ).toEqual(SNAPSHOT);
    expect(
      dataFrame(8, [
        { kind: 'U', topicId: 1, values: [60060, -2147483648] },
        { kind: 'L', topicId: 1, ltp: 60070 },
      ]),
    ).toEqual(UPDATES);
  });

  it('the client decodes them: scaled price, unchanged marker, lite LTP, message numbers', () => {
    const topics = new HsmTopics();
    const seen: { ltp: number | undefined; volume: number | undefined; kind: number }[] = [];
    let last: HsmTopic | undefined;
    const onItem = (topic: HsmTopic, kind: number) => {
      last = topic;
      seen.push({ ltp: valueAt(topic, 0), volume: valueAt(topic, 1), kind });
    };
    const first = decodeDataFrame(SNAPSHOT, topics, onItem);
    expect(first).toEqual({ messageNumber: 7, items: 1, unknown: 0, truncated: false });
    expect(last).toMatchObject({
      id: 1,
      name: 'sf|nse_cm|3045',
      kind: 'sf',
      divisor: 100,
      segment: 'nse_cm',
      token: '3045',
      tradingSymbol: 'SBIN-EQ',
    });
    const second = decodeDataFrame(UPDATES, topics, onItem);
    expect(second.messageNumber).toBe(8);
    expect(seen).toEqual([
      { ltp: 600.5, volume: 1000, kind: 0x53 },
      { ltp: 600.6, volume: 1000, kind: 0x55 },
      { ltp: 600.7, volume: 1000, kind: 0x4c },
    ]);
  });

  it('the frame length comes from the frame, not the u16 prefix', () => {
    const lying = Buffer.from(SNAPSHOT);
    lying.writeUInt16BE(0xffff, 0);
    const topics = new HsmTopics();
    expect(decodeDataFrame(lying, topics, () => {}).items).toBe(1);
    // A frame cut short is reported, not read past its end.
    const cut = decodeDataFrame(SNAPSHOT.subarray(0, 30), new HsmTopics(), () => {});
    expect(cut).toMatchObject({ items: 0, truncated: true });
  });

  it('scales by multiplier and precision (currency: precision 4)', () => {
    const frame = dataFrame(1, [
      {
        kind: 'S',
        topicId: 9,
        topic: 'sf|cde_fo|1234',
        values: [842525],
        multiplier: 1,
        precision: 4,
        segment: 'cde_fo',
        exchangeToken: '1234',
        tradingSymbol: 'USDINR',
      },
      {
        kind: 'S',
        topicId: 10,
        topic: 'sf|mcx_fo|5',
        values: [1234],
        multiplier: 10,
        precision: 2,
        segment: 'mcx_fo',
        exchangeToken: '5',
        tradingSymbol: 'X',
      },
    ]);
    const topics = new HsmTopics();
    decodeDataFrame(frame, topics, () => {});
    expect(valueAt(topics.get(9) as HsmTopic, 0)).toBe(84.2525);
    expect(valueAt(topics.get(10) as HsmTopic, 0)).toBe(1.234);
  });

  it('an update for a topic no snapshot introduced is counted, not guessed', () => {
    const stats = decodeDataFrame(
      dataFrame(2, [{ kind: 'U', topicId: 77, values: [1] }]),
      new HsmTopics(),
      () => {},
    );
    expect(stats).toMatchObject({ items: 0, unknown: 1, truncated: false });
  });
});

describe('the simulator reads client frames by the WebSocket length (Python sends wrong prefixes)', () => {
  it('parses a subscribe whose u16 prefix is 0', () => {
    const frame = Buffer.from(encodeTopics(HSM_SUBSCRIBE, ['sf|nse_cm|3045', 'if|nse_cm|Nifty 50'], 11));
    frame.writeUInt16BE(0, 0);
    const fields = clientFields(frame);
    expect(topicList(fields?.get(1))).toEqual(['sf|nse_cm|3045', 'if|nse_cm|Nifty 50']);
    expect(fields?.get(2)?.[0]).toBe(11);
  });

  it('reads channel masks', () => {
    expect(HsmConnection.channels(hex('00000000 00000800'))).toEqual([11]);
    expect(HsmConnection.channels(hex('00000001 00000006'))).toEqual([1, 2, 32]);
  });
});
