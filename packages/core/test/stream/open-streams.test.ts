import { describe, expect, it } from 'vitest';
import type { OrderStream } from '../../src/contract/adapter.js';
import { OpenStreams } from '../../src/stream/open-streams.js';

function stream(): OrderStream & { closes: number } {
  const s = {
    closes: 0,
    onOrder: () => () => {},
    onStatus: () => () => {},
    async close() {
      s.closes++;
    },
  };
  return s as unknown as OrderStream & { closes: number };
}

describe('OpenStreams', () => {
  it('closes what is still open, once, and forgets what its user closed', async () => {
    const streams = new OpenStreams();
    const a = streams.track(stream());
    const b = streams.track(stream());
    expect(streams.size).toBe(2);
    await a.close();
    expect(streams.size).toBe(1);
    await streams.closeAll();
    expect(a.closes).toBe(1);
    expect(b.closes).toBe(1);
    expect(streams.size).toBe(0);
  });
});
