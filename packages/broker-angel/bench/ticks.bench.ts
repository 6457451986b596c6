/**
 * angel.ticks.decode: SmartStream SnapQuote (379-byte) packets decoded per second, one per frame as
 * Angel sends them, against a baseline that only reads each packet's mode, exchange type and LTP from its
 * bytes (the floor any decoder pays to touch a packet). Packets vary in token, price
 * and time, so the token cache sees a realistic stream, not one repeated packet. The same packets
 * decoded and turned into unified Ticks (what a stream listener receives) are reported alongside.
 * Nothing here asserts on time.
 */
import { test } from 'vitest';
import { measureThroughput, recordResult } from '../../core/bench/harness.js';
import { encodeSmartStreamPacket, type PacketData } from '../src/simulator/smartstream/encode.js';
import { toUnifiedTick } from '../src/stream/market-stream.js';
import { type AngelTick, decodeSmartStreamPacket } from '../src/stream/smartstream-decode.js';

const PACKETS = 100_000;
const ROUNDS = 5;

function buildPackets(): Uint8Array[] {
  const packets: Uint8Array[] = [];
  for (let i = 0; i < PACKETS; i++) {
    const price = 800 + ((i * 37) % 5000) / 100;
    const level = (l: number, side: 1 | -1) => ({
      price: price + side * 0.05 * (l + 1),
      quantity: 10 * (l + 1),
      orders: l + 1,
    });
    const data: PacketData = {
      exchangeType: i % 10 === 0 ? 2 : 1,
      token: String(1000 + (i % 500)),
      sequence: i,
      exchangeTimestamp: 1_733_200_000_000 + i * 5,
      ltp: price,
      lastQuantity: (i % 50) + 1,
      averagePrice: price - 0.1,
      volume: 1_000_000 + i,
      totalBuyQuantity: 50_000 + i,
      totalSellQuantity: 60_000 + i,
      open: 790,
      high: 860,
      low: 780,
      close: 805,
      lastTradedTimestamp: 1_733_200_000_000 + i * 5,
      openInterest: i % 10 === 0 ? 12_000 : 0,
      bids: [0, 1, 2, 3, 4].map((l) => level(l, -1)),
      asks: [0, 1, 2, 3, 4].map((l) => level(l, 1)),
      upperCircuit: 880,
      lowerCircuit: 720,
      high52Week: 912,
      low52Week: 600,
    };
    // Copied out of Buffer's pool, as `ws` hands over each frame in its own buffer.
    packets.push(new Uint8Array(encodeSmartStreamPacket(3, data)));
  }
  return packets;
}

const packets = buildPackets();
// Local copies: under vitest an imported binding is a getter read on every use, which the built
// package (what a stream runs) does not pay.
const decode = decodeSmartStreamPacket;
const toTick = toUnifiedTick;
const REF = { symbol: 'SBIN', exchange: 'NSE' as const };
let sink = 0;

function decodeAll(): void {
  for (const packet of packets) {
    const tick = decode(packet) as AngelTick;
    sink += tick.ltp;
  }
}

function decodeAndMapAll(): void {
  for (const packet of packets) {
    const tick = toTick(decode(packet) as AngelTick, REF, 0);
    sink += tick.ltp;
  }
}

/** Reads each packet's mode, exchange type and LTP (low word) straight from its bytes: nothing else. */
function touchAll(): void {
  for (const packet of packets) {
    const ltp =
      ((packet[43] as number) | ((packet[44] as number) << 8) | ((packet[45] as number) << 16)) +
      (packet[46] as number) * 16_777_216;
    sink += (packet[0] as number) + (packet[1] as number) + ltp;
  }
}

test('angel.ticks.decode', async () => {
  let subject = 0;
  let baseline = 0;
  let mapped = 0;
  // Alternating rounds so JIT state and machine noise hit both sides alike; best of each.
  for (let round = 0; round < ROUNDS; round++) {
    baseline = Math.max(baseline, await measureThroughput(touchAll, { opsPerCall: PACKETS, runs: 3 }));
    subject = Math.max(subject, await measureThroughput(decodeAll, { opsPerCall: PACKETS, runs: 3 }));
    mapped = Math.max(mapped, await measureThroughput(decodeAndMapAll, { opsPerCall: PACKETS, runs: 3 }));
  }
  recordResult('angel.ticks.decode', {
    value: subject,
    unit: 'packets/s',
    baseline,
    ratio: subject / baseline,
    target: { value: '>= 2000000/s' },
    extra: {
      packetBytes: 379,
      packets: PACKETS,
      decodedAndMappedPerSecond: Math.round(mapped),
      checksum: sink > 0 ? 'ok' : 'empty',
    },
  });
});
