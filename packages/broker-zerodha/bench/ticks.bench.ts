/**
 * KiteTicker decode throughput: full (184-byte) packets decoded per second, packed 50 to a frame as
 * Kite sends them, against a baseline that walks the same frames and only reads each packet's token
 * through a DataView (the floor any decoder pays to find the packets). Packets vary in token, price
 * and second, so the decoder's timestamp cache sees a realistic stream, not one repeated packet.
 * Nothing here asserts on time.
 */
import { test } from 'vitest';
import { measureThroughput, recordResult } from '../../core/bench/harness.js';
import { decodeFrame, type KiteTick } from '../src/stream/ticker-decode.js';
import { frame, fullPacket } from '../test/packets.js';

const PACKETS = 100_000;
const PER_FRAME = 50;
const ROUNDS = 5;

function buildFrames(): Uint8Array[] {
  const frames: Uint8Array[] = [];
  let batch: Uint8Array[] = [];
  for (let i = 0; i < PACKETS; i++) {
    const token = ((i % 500) + 1000) * 256 + 1;
    const price = 100_000 + ((i * 37) % 5000);
    // About 200 ticks share a second, as on a busy feed.
    const second = 1_700_000_000 + Math.floor(i / 200);
    batch.push(
      fullPacket({
        token,
        ltp: price,
        lastQuantity: (i % 50) + 1,
        averagePrice: price - 10,
        volume: 1_000_000 + i,
        buyQuantity: 50_000 + i,
        sellQuantity: 60_000 + i,
        open: 99_000,
        high: 106_000,
        low: 98_000,
        close: 100_500,
        lastTradeTime: second,
        oi: i % 7 === 0 ? 12_000 : 0,
        oiDayHigh: 0,
        oiDayLow: 0,
        exchangeTimestamp: second,
        depth: Array.from(
          { length: 10 },
          (_, l) => [10 + l, price + (l < 5 ? -5 * l : 5 * (l - 4)), 1 + l] as const,
        ),
      }),
    );
    if (batch.length === PER_FRAME) {
      frames.push(frame(batch));
      batch = [];
    }
  }
  if (batch.length > 0) frames.push(frame(batch));
  return frames;
}

const frames = buildFrames();
let sink = 0;
const onTick = (tick: KiteTick): void => {
  sink += tick.last_price;
};

function decodeAll(): void {
  for (const f of frames) decodeFrame(f, onTick);
}

/** Walks every frame's count/length headers and reads each packet's token: nothing else. */
function readTokens(): void {
  for (const f of frames) {
    const view = new DataView(f.buffer, f.byteOffset, f.byteLength);
    const count = view.getUint16(0);
    let at = 2;
    for (let i = 0; i < count; i++) {
      const length = view.getUint16(at);
      sink += view.getUint32(at + 2);
      at += 2 + length;
    }
  }
}

test('zerodha.ticks.decode', async () => {
  let subject = 0;
  let baseline = 0;
  // Alternating rounds so JIT state and machine noise hit both sides alike; best of each.
  for (let round = 0; round < ROUNDS; round++) {
    baseline = Math.max(baseline, await measureThroughput(readTokens, { opsPerCall: PACKETS, runs: 3 }));
    subject = Math.max(subject, await measureThroughput(decodeAll, { opsPerCall: PACKETS, runs: 3 }));
  }
  recordResult('zerodha.ticks.decode', {
    value: subject,
    unit: 'packets/s',
    baseline,
    ratio: subject / baseline,
    target: { value: '>= 2000000/s' },
    extra: { packetsPerFrame: PER_FRAME, packets: PACKETS, checksum: sink > 0 ? 'ok' : 'empty' },
  });
});
