import { describe, expect, it } from 'vitest';
import { hsmFieldMapDocument } from '../../src/simulator/hsm/field-map.js';
import { dataFrame } from '../../src/simulator/hsm/hsm-encode.js';
import { decodeDataFrame, type HsmTopic, HsmTopics } from '../../src/stream/hsm-decode.js';
import { at, DEFAULT_FIELD_MAP, parseFieldMap } from '../../src/stream/hsm-field-map.js';
import { scripTick, tickPositions } from '../../src/stream/hsm-ticks.js';

describe('the field map from the connect reply (§3.9)', () => {
  it("the simulator's map reads as the documented order, prices marked ConvNumber", () => {
    const { map, problem } = parseFieldMap(JSON.parse(hsmFieldMapDocument()));
    expect(problem).toBeUndefined();
    for (const key of ['ltp', 'v', 'ltt', 'ap', 'oi', 'op', 'c'])
      expect(at(map.scrip, key)).toBe(at(DEFAULT_FIELD_MAP.scrip, key));
    expect(map.scrip.prices).toEqual(DEFAULT_FIELD_MAP.scrip.prices);
    expect(map.index.size).toBe(6);
    expect(map.depth.size).toBe(30);
  });

  it('a server that orders its fields differently still decodes by key', () => {
    const doc = JSON.parse(hsmFieldMapDocument()) as { scrip: string[] };
    // Put volume first and LTP second: s104 (v) and s105 (ltp) swap places.
    doc.scrip = ['s104', 's105', ...doc.scrip.slice(2)];
    const { map } = parseFieldMap(doc);
    const topics = new HsmTopics();
    topics.reset(map);
    const values = Array.from({ length: 21 }, () => -2147483648);
    values[0] = 777; // volume
    values[1] = 61250; // ltp, scaled
    const frame = dataFrame(1, [
      {
        kind: 'S',
        topicId: 1,
        topic: 'sf|nse_cm|3045',
        values,
        multiplier: 1,
        precision: 2,
        segment: 'nse_cm',
        exchangeToken: '3045',
        tradingSymbol: 'SBIN-EQ',
      },
    ]);
    let seen: HsmTopic | undefined;
    decodeDataFrame(frame, topics, (topic) => {
      seen = topic;
    });
    const tick = scripTick(
      seen as HsmTopic,
      { symbol: 'SBIN', exchange: 'NSE' },
      'quote',
      tickPositions(map),
      5,
    );
    expect(tick).toMatchObject({ ltp: 612.5, volume: 777, timestamp: 5 });
  });

  it('falls back to the documented order, saying why, for a missing or inconsistent map', () => {
    expect(parseFieldMap(undefined)).toMatchObject({
      map: DEFAULT_FIELD_MAP,
      problem: 'no field map in the connect reply',
    });
    const doc = JSON.parse(hsmFieldMapDocument()) as { scrip: string[] };
    doc.scrip[3] = 's999';
    expect(parseFieldMap(doc).problem).toMatch(/lists s999 in `scrip` but does not define it/);
  });
});
