import { describe, expect, it } from 'vitest';
import { collectTicks, SBIN, snapshot, until, useHsmHarness } from './hsm-harness.js';

const h = useHsmHarness(3);

describe('HSM acks (§3.9): one ack per ackCount data frames, carrying the latest message number', () => {
  it('acks every third frame with its message number', async () => {
    const stream = h.stream();
    const ticks = collectTicks(stream);
    await stream.subscribe([SBIN], 'quote');
    await until(() => ticks.length === 1);
    const connection = [...h.server.connections][0];
    expect(connection?.acks).toBe(0);
    for (let i = 1; i <= 5; i++) h.market.set('NSE:SBIN-EQ', snapshot(600 + i));
    await until(() => ticks.length === 6, 'six frames');
    // Frames 1 (snapshot) … 6: acks after frame 3 and frame 6.
    await until(() => connection?.acks === 2, 'two acks');
    expect(connection?.lastAcked).toBe(6);
  });
});
